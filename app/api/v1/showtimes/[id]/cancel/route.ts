import { z } from 'zod';
import { idParamsSchema } from '@/lib/schemas/booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { route } from '@/server/http/route';

const body = z.object({ reason: z.string().trim().min(3, 'Say why, for the customers').max(500) });

// Managers of the showtime's cinema (checked in the use case, which knows the cinema) and admins.
export const POST = route(
  { auth: { roles: ['MANAGER'] }, params: idParamsSchema, body },
  ({ params, body, viewer }) => cancelShowtime({ showtimeId: params.id, viewer, reason: body.reason }),
);
