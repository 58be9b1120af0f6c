'use server';

import { z } from 'zod';
import { cancelShowtimeActionSchema, showtimeRefSchema } from '@/lib/schemas/admin';
import { holdBestSeatsRequestSchema } from '@/lib/schemas/booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { holdBestSeats } from '@/server/booking/hold-best-seats';
import { previewCancelShowtime } from '@/server/booking/preview-cancel-showtime';
import { action } from '@/server/http/action';

/** Managers and admins, after 2FA: every booking of the showtime is cancelled and refunded. */
export const cancelShowtimeAction = action(
  { input: cancelShowtimeActionSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => cancelShowtime({ showtimeId: input.showtimeId, viewer, reason: input.reason }),
);

/** What cancelling would refund, shown in the dialog before the manager confirms. */
export const previewCancelShowtimeAction = action(
  { input: showtimeRefSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => previewCancelShowtime({ showtimeId: input.showtimeId, viewer }),
);

/**
 * "Best N seats in one tap" (seat picker, box office): any signed-in user, for themselves; the
 * twin of POST /api/v1/showtimes/{id}/holds/best.
 */
export const holdBestSeatsAction = action(
  { input: holdBestSeatsRequestSchema.extend({ showtimeId: z.uuid() }), auth: {} },
  (input, { viewer }) => holdBestSeats({ userId: viewer.id, ...input }),
);
