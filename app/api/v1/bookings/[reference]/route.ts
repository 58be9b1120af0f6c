import { referenceParamsSchema } from '@/lib/schemas/booking';
import { bookingView } from '@/server/booking/booking-view';
import { route } from '@/server/http/route';

export const GET = route({ auth: {}, params: referenceParamsSchema }, ({ params, viewer }) =>
  bookingView({ reference: params.reference, viewer }),
);
