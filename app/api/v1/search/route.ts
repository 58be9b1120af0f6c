import { searchQuerySchema } from '@/lib/schemas/discover';
import { searchMovies } from '@/server/catalog/search-movies';
import { json, route } from '@/server/http/route';

export const GET = route({ auth: 'public', query: searchQuerySchema }, async ({ query }) =>
  // The catalogue changes rarely; a short shared cache absorbs as-you-type bursts.
  json(
    { query: query.q, results: await searchMovies(query) },
    { headers: { 'cache-control': 'public, max-age=60' } },
  ),
);
