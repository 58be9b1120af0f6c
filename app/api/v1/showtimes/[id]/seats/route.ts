import { idParamsSchema } from '@/lib/schemas/booking';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { route } from '@/server/http/route';

export const GET = route({ auth: 'optional', params: idParamsSchema }, async ({ params, viewer }) => {
  const { map } = await getSeatMap(params.id, viewer?.id);
  return map;
});
