import { cancelShowtimeRequestSchema, idParamsSchema } from '@/lib/schemas/booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { route } from '@/server/http/route';

// Managers of the showtime's cinema (checked in the use case, which knows the cinema) and admins.
export const POST = route(
  {
    auth: { roles: ['MANAGER'] },
    strongAuth: true,
    params: idParamsSchema,
    body: cancelShowtimeRequestSchema,
  },
  ({ params, body, viewer }) => cancelShowtime({ showtimeId: params.id, viewer, reason: body.reason }),
);
