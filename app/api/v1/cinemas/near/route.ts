import { cinemasNearQuerySchema } from '@/lib/schemas/discover';
import { cinemasNear } from '@/server/catalog/cinemas-near';
import { route } from '@/server/http/route';

export const GET = route({ auth: 'public', query: cinemasNearQuerySchema }, async ({ query }) => ({
  cinemas: await cinemasNear(query),
}));
