import 'server-only';
import {
  cinemasNearQuerySchema,
  cinemasNearResponseSchema,
  movieSlugParamsSchema,
  searchQuerySchema,
  searchResponseSchema,
} from '@/lib/schemas/discover';
import {
  reviewInputSchema,
  reviewListQuerySchema,
  reviewListResponseSchema,
  reviewUpsertResponseSchema,
} from '@/lib/schemas/reviews';
import { BODY_ERRORS, operation, reply } from '@/server/api/operation';
import { cinemasNear } from '@/server/catalog/cinemas-near';
import { searchMovies } from '@/server/catalog/search-movies';
import { listReviews } from '@/server/reviews/list-reviews';
import { upsertReview } from '@/server/reviews/upsert-review';

export const searchMoviesOp = operation({
  operationId: 'searchMovies',
  method: 'get',
  path: '/api/v1/search',
  tag: 'Catalog',
  summary: 'Search films',
  description:
    'Films whose title or cast matches `q`, tolerant of typos and partial names (`madurai thundr`, `priyanka`), then films whose synopsis mentions it. Ranked: exact or prefix title match, then title similarity, then cast names, then the synopsis; `match` and `castName` say why each film is there. Cacheable for a minute.',
  auth: 'public',
  query: searchQuerySchema,
  success: { status: 200, description: 'Matching films, best first.', schema: searchResponseSchema },
  errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
  example: { query: { q: 'madurai thundr', limit: 8 } },
  // The catalogue changes rarely; a short shared cache absorbs as-you-type bursts.
  handler: async ({ query }) =>
    reply({
      json: { query: query.q, results: await searchMovies(query) },
      headers: { 'cache-control': 'public, max-age=60' },
    }),
});

export const listMovieReviewsOp = operation({
  operationId: 'listMovieReviews',
  method: 'get',
  path: '/api/v1/movies/{slug}/reviews',
  tag: 'Catalog',
  summary: "List a film's reviews",
  description:
    'Newest first, `limit` per page, with the rating summary. Page on with `cursor` = the previous page’s `nextCursor`. `verified` marks authors who held a ticket for a show of the film that has started.',
  auth: 'public',
  params: movieSlugParamsSchema,
  query: reviewListQuerySchema,
  success: { status: 200, description: 'A page of reviews.', schema: reviewListResponseSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { params: { slug: 'madurai-thunder' }, query: { limit: 10 } },
  handler: async ({ params, query }) => {
    const { mine: _, ...page } = await listReviews({ slug: params.slug, ...query });
    return page;
  },
});

export const saveMovieReviewOp = operation({
  operationId: 'saveMovieReview',
  method: 'post',
  path: '/api/v1/movies/{slug}/reviews',
  tag: 'Catalog',
  summary: 'Review a film (or edit your review)',
  description:
    'One review per user per film: posting again replaces the caller’s earlier review (`created: false`). `rating` is 1–5 stars; `title` and `body` are optional.',
  auth: {},
  params: movieSlugParamsSchema,
  body: reviewInputSchema,
  success: { status: 200, description: 'The saved review.', schema: reviewUpsertResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: {
    params: { slug: 'madurai-thunder' },
    body: { rating: 4, title: 'Great with friends', body: 'The interval block had the hall cheering.' },
  },
  // 200 either way: `created` says whether this was the first review or an edit.
  handler: ({ params, body, viewer }) => upsertReview({ slug: params.slug, userId: viewer.id, ...body }),
});

export const listCinemasNearOp = operation({
  operationId: 'listCinemasNear',
  method: 'get',
  path: '/api/v1/cinemas/near',
  tag: 'Catalog',
  summary: 'Cinemas near a point',
  description:
    'Cinemas within `radiusKm` (default 50) of `lat`,`lng`, nearest first, with the great-circle distance in kilometres.',
  auth: 'public',
  query: cinemasNearQuerySchema,
  success: { status: 200, description: 'Cinemas, nearest first.', schema: cinemasNearResponseSchema },
  errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
  example: { query: { lat: 19.0596, lng: 72.8295, radiusKm: 25 } },
  handler: async ({ query }) => ({ cinemas: await cinemasNear(query) }),
});
