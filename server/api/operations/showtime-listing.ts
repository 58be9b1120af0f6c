import 'server-only';
import { listShowtimesQuerySchema, showtimeListingSchema } from '@/lib/accessibility';
import { localDate } from '@/lib/format';
import { operation, reply } from '@/server/api/operation';
import { listShowtimeCards } from '@/server/catalog/showtime-cards';

// Showtimes as the film and cinema pages list them, for API clients: one local day, for a film, a
// cinema or a city, with the same accessible-showing filter the pages offer (`access`).

export const listShowtimesOp = operation({
  operationId: 'listShowtimes',
  method: 'get',
  path: '/api/v1/showtimes',
  tag: 'Catalog',
  summary: 'Showtimes of a day, filterable by accessible-showing features',
  description:
    'The bookable showtimes of one local day (`date`, default today) of a film (`movieId`), a cinema (`cinemaId`) or a city (`city` slug), in time order, with seats left, the lowest price, availability and accessible-showing features: `accessibility` (SUBTITLED, CAPTIONED (open captions), AUDIO_DESCRIBED, RELAXED (sensory-friendly), set by the cinema) and `wheelchairAccessible` (the screen has wheelchair spaces on the layout sold). `access=relaxed,wheelchair` keeps only showtimes with every feature named; an unknown word is 400. Cacheable for a minute.',
  auth: 'public',
  query: listShowtimesQuerySchema,
  success: { status: 200, description: 'The showtimes, in time order.', schema: showtimeListingSchema },
  errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
  example: { query: { city: 'mumbai', date: '2026-12-24', access: 'relaxed,audio-described' } },
  handler: async ({ query }) => {
    const date = query.date ?? localDate(new Date());
    const cards = await listShowtimeCards({
      date,
      movieId: query.movieId,
      cinemaId: query.cinemaId,
      citySlug: query.city,
      access: query.access,
    });
    return reply({
      json: {
        date,
        showtimes: cards.map(({ sellable: _, movie, ...s }) => ({
          ...s,
          movie: { slug: movie.slug, title: movie.title },
        })),
      },
      headers: { 'cache-control': 'public, max-age=60' },
    });
  },
});
