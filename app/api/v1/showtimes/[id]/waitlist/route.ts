import { AppError } from '@/lib/errors';
import { idParamsSchema } from '@/lib/schemas/booking';
import { joinWaitlistRequestSchema } from '@/lib/schemas/waitlist';
import { json, route } from '@/server/http/route';
import { getWaitlistEntry } from '@/server/waitlist/get-waitlist-entry';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { leaveWaitlist } from '@/server/waitlist/leave-waitlist';

export const POST = route(
  { auth: {}, params: idParamsSchema, body: joinWaitlistRequestSchema },
  async ({ params, body, viewer }) =>
    json(await joinWaitlist({ userId: viewer.id, showtimeId: params.id, seats: body.seats }), {
      status: 201,
    }),
);

export const GET = route({ auth: {}, params: idParamsSchema }, async ({ params, viewer }) => {
  const entry = await getWaitlistEntry({ userId: viewer.id, showtimeId: params.id });
  if (!entry) throw new AppError('NOT_FOUND', 'You are not on the waitlist for this showtime.');
  return entry;
});

export const DELETE = route({ auth: {}, params: idParamsSchema }, async ({ params, viewer }) => {
  await leaveWaitlist({ userId: viewer.id, showtimeId: params.id });
  return new Response(null, { status: 204 });
});
