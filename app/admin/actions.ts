'use server';

import { cancelShowtimeActionSchema, checkInRequestSchema, refundIdSchema } from '@/lib/schemas/admin';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { action } from '@/server/http/action';
import { retryRefund } from '@/server/refunds/retry-refund';
import { checkInTicket } from '@/server/tickets/check-in-ticket';

export const cancelShowtimeAction = action(
  { input: cancelShowtimeActionSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => cancelShowtime({ showtimeId: input.showtimeId, viewer, reason: input.reason }),
);

export const checkInAction = action(
  { input: checkInRequestSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => checkInTicket({ viewer, qr: input.qr }),
);

export const retryRefundAction = action(
  { input: refundIdSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => retryRefund({ viewer, refundId: input.id }),
);
