'use server';

import { cancelShowtimeActionSchema, showtimeRefSchema } from '@/lib/schemas/admin';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
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
