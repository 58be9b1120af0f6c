import { holdRequestSchema, idParamsSchema } from '@/lib/schemas/booking';
import { holdSeats } from '@/server/booking/hold-seats';
import { json, route } from '@/server/http/route';

export const POST = route(
  { auth: {}, params: idParamsSchema, body: holdRequestSchema },
  async ({ params, body, viewer }) =>
    json(
      await holdSeats({
        userId: viewer.id,
        showtimeId: params.id,
        seatIds: body.seatIds,
        accessible: body.accessible,
      }),
      {
        status: 201,
      },
    ),
);
