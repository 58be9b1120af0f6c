import { cancelRequestSchema, referenceParamsSchema } from '@/lib/schemas/booking';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { route } from '@/server/http/route';

export const POST = route(
  { auth: {}, params: referenceParamsSchema, body: cancelRequestSchema },
  ({ params, body, viewer }) => cancelBooking({ reference: params.reference, viewer, reason: body.reason }),
);
