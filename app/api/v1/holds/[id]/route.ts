import { idParamsSchema } from '@/lib/schemas/booking';
import { releaseHold } from '@/server/booking/release-hold';
import { route } from '@/server/http/route';

export const DELETE = route({ auth: {}, params: idParamsSchema }, async ({ params, viewer }) => {
  await releaseHold({ userId: viewer.id, holdId: params.id });
  return new Response(null, { status: 204 });
});
