'use server';

import { cancelShowtimeActionSchema } from '@/lib/schemas/admin';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { action } from '@/server/http/action';

/** Managers and admins, after 2FA: every booking of the showtime is cancelled and refunded. */
export const cancelShowtimeAction = action(
  { input: cancelShowtimeActionSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => cancelShowtime({ showtimeId: input.showtimeId, viewer, reason: input.reason }),
);
