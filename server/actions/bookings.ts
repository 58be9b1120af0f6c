'use server';

import { cancelRequestSchema, referenceParamsSchema } from '@/lib/schemas/booking';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { action } from '@/server/http/action';

export const cancelBookingAction = action(
  { input: cancelRequestSchema.extend(referenceParamsSchema.shape), auth: {} },
  (input, { viewer }) => cancelBooking({ reference: input.reference, viewer, reason: input.reason }),
);
