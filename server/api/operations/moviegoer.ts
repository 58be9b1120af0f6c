import 'server-only';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import {
  cinemaDetailSchema,
  cinemaProgrammeQuerySchema,
  cinemaProgrammeResponseSchema,
  cinemaSlugParamsSchema,
  cinemasQuerySchema,
  cinemasResponseSchema,
  citiesResponseSchema,
  discoverQuerySchema,
  discoverResponseSchema,
  type movieCardSchema,
  movieDetailSchema,
  movieShowtimesResponseSchema,
  showtimesQuerySchema,
} from '@/lib/schemas/catalog-api';
import { movieSlugParamsSchema } from '@/lib/schemas/discover';
import { operation } from '@/server/api/operation';
import { cinemasNear } from '@/server/catalog/cinemas-near';
import { discoverMovies, upcomingDates } from '@/server/catalog/discover-movies';
import { getCinema } from '@/server/catalog/get-cinema';
import { getMovie } from '@/server/catalog/get-movie';
import { listCinemaShowtimes } from '@/server/catalog/list-cinema-showtimes';
import { findCity, listCities } from '@/server/catalog/list-cities';
import { listMovieShowtimes } from '@/server/catalog/list-movie-showtimes';
import { resolvePlace } from '@/server/catalog/resolve-place';

// The public site as REST: what the home page, a film's page, the cinemas page and a cinema's
// page show, through the same use cases (server/catalog/*). Adapters only: a city or date the
// client names is checked here (the pages fall back silently; an API client is told).

const CITY = 'mumbai';
const FILM = 'madurai-thunder';
const CINEMA = 'marquee-link-square-andheri';

/** The city asked for (404 if unknown), or the first one, as the pages choose it. */
async function cityFor(requested: string | undefined) {
  const { city, cities } = await findCity(requested);
  if (!city || (requested && city.slug !== requested)) {
    throw new AppError('NOT_FOUND', requested ? 'There is no such city.' : 'There are no cities yet.', {
      details: { cities: cities.map((c) => c.slug) },
    });
  }
  return city;
}

const noSuchFilm = () => new AppError('NOT_FOUND', 'There is no such film.');
const noSuchCinema = () => new AppError('NOT_FOUND', 'There is no such cinema.');

export const listCitiesOp = operation({
  operationId: 'listCities',
  method: 'get',
  path: '/api/v1/cities',
  tag: 'Catalog',
  summary: 'List cities',
  description: 'Every city with cinemas, by name: their `slug` is the `city` the other catalogue calls take.',
  auth: 'public',
  success: { status: 200, description: 'Cities, by name.', schema: citiesResponseSchema },
  errors: ['RATE_LIMITED'],
  handler: async () => ({ cities: await listCities() }),
});

export const discoverMoviesOp = operation({
  operationId: 'discoverMovies',
  method: 'get',
  path: '/api/v1/movies',
  tag: 'Catalog',
  summary: "What's on in a city",
  description:
    'The home page: films now showing in `city` (slug; default the first city alphabetically) and coming soon, narrowed by `genre`, `language`, `format`, `date` (one of `dates`) and `time` of day, with each filter’s choices and how many films each would leave. A `date` outside the bookable window is dropped (`filters` says what was applied). Archived films are never listed.',
  auth: 'public',
  query: discoverQuerySchema,
  success: { status: 200, description: 'Films showing and coming soon.', schema: discoverResponseSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { query: { city: CITY, genre: 'Action', time: 'evening' } },
  handler: async ({ query: { city: requested, ...filters } }) => {
    const city = await cityFor(requested);
    return { city, ...(await discoverMovies({ citySlug: city.slug, filters })) };
  },
});

export const getMovieOp = operation({
  operationId: 'getMovie',
  method: 'get',
  path: '/api/v1/movies/{slug}',
  tag: 'Catalog',
  summary: 'Get a film',
  description:
    'A film’s page: synopsis, cast in billing order, certificate, languages, formats, trailer. An archived film is still found (`archivedAt` set) for the people who booked it, but has no showtimes. Its reviews: `GET /api/v1/movies/{slug}/reviews`; its showtimes: `GET /api/v1/movies/{slug}/showtimes`.',
  auth: 'public',
  params: movieSlugParamsSchema,
  success: { status: 200, description: 'The film.', schema: movieDetailSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { params: { slug: FILM } },
  handler: async ({ params }) => (await getMovie(params.slug)) ?? Promise.reject(noSuchFilm()),
});

export const listMovieShowtimesOp = operation({
  operationId: 'listMovieShowtimes',
  method: 'get',
  path: '/api/v1/movies/{slug}/showtimes',
  tag: 'Catalog',
  summary: "A film's showtimes in a city, by day",
  description:
    'The bookable showtimes of the film on one local day in `city`, grouped by cinema, each with seats left and the lowest price. `date` defaults to today (or the release date of a film not out yet); a date outside `dates` (the bookable window) or an archived film gives no showtimes. Hold seats with `POST /api/v1/showtimes/{id}/holds`.',
  auth: 'public',
  params: movieSlugParamsSchema,
  query: showtimesQuerySchema,
  success: { status: 200, description: 'Showtimes by cinema.', schema: movieShowtimesResponseSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { params: { slug: FILM }, query: { city: CITY } },
  handler: async ({ params, query }) => {
    const [movie, city] = await Promise.all([getMovie(params.slug), cityFor(query.city)]);
    if (!movie) throw noSuchFilm();
    const now = new Date();
    const dates = upcomingDates(now);
    const today = dates[0] as string;
    // As the film's page: a film not released yet opens on its release date.
    const notReleased = movie.releaseDate > today;
    const date = query.date ?? (notReleased ? movie.releaseDate : today);
    const cinemas =
      dates.includes(date) && !movie.archivedAt
        ? await listMovieShowtimes({ movieId: movie.id, citySlug: city.slug, date, now })
        : [];
    return { movie: { slug: movie.slug, title: movie.title }, city, date, dates, cinemas };
  },
});

export const listCinemasOp = operation({
  operationId: 'listCinemas',
  method: 'get',
  path: '/api/v1/cinemas',
  tag: 'Catalog',
  summary: 'Cinemas near a place',
  description:
    'The cinemas page: `place` is an area or city as people type it (`Bandra`, `koramangla`, `Pune`), understood offline (exact names, then prefixes, then a typo or two); cinemas within `radiusKm` of it, nearest first. 404 when the place is not recognised. For coordinates, `GET /api/v1/cinemas/near`.',
  auth: 'public',
  query: cinemasQuerySchema,
  success: {
    status: 200,
    description: 'Where the place is, and cinemas near it.',
    schema: cinemasResponseSchema,
  },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { query: { place: 'Andheri', radiusKm: 25 } },
  handler: async ({ query: { place, ...range } }) => {
    const origin = await resolvePlace(place);
    if (!origin) throw new AppError('NOT_FOUND', 'That place is not one we know. Try an area or a city.');
    return { origin, cinemas: await cinemasNear({ lat: origin.latitude, lng: origin.longitude, ...range }) };
  },
});

export const getCinemaOp = operation({
  operationId: 'getCinema',
  method: 'get',
  path: '/api/v1/cinemas/by-slug/{slug}',
  tag: 'Catalog',
  summary: 'Get a cinema',
  description:
    'A cinema’s page: address, phone, amenities, cancellation cut-off, and its screens with their formats, seat categories and wheelchair spaces (of each screen’s current layout). By its `slug`, as the site’s addresses and the other catalogue answers name cinemas.',
  auth: 'public',
  params: cinemaSlugParamsSchema,
  success: { status: 200, description: 'The cinema.', schema: cinemaDetailSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { params: { slug: CINEMA } },
  handler: async ({ params }) => (await getCinema(params.slug)) ?? Promise.reject(noSuchCinema()),
});

export const getCinemaProgrammeOp = operation({
  operationId: 'getCinemaProgramme',
  method: 'get',
  path: '/api/v1/cinemas/by-slug/{slug}/showtimes',
  tag: 'Catalog',
  summary: "What's on at a cinema, by day",
  description:
    'The cinema’s bookable showtimes on one local day (`date`, default today; one of `dates`), grouped by film, each with seats left and the lowest price. A date outside the bookable window gives no films.',
  auth: 'public',
  params: cinemaSlugParamsSchema,
  query: cinemaProgrammeQuerySchema,
  success: { status: 200, description: 'Showtimes by film.', schema: cinemaProgrammeResponseSchema },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
  example: { params: { slug: CINEMA }, query: {} },
  handler: async ({ params, query }) => {
    const cinema = await getCinema(params.slug);
    if (!cinema) throw noSuchCinema();
    const now = new Date();
    const dates = upcomingDates(now);
    const date = query.date ?? (dates[0] as string);
    const films = dates.includes(date) ? await listCinemaShowtimes({ cinemaId: cinema.id, date, now }) : [];
    return { cinema: { slug: cinema.slug, name: cinema.name }, date, dates, films };
  },
});

// The use cases' answers are what the schemas document (the build fails when one drifts; in tests
// every answer is also checked against its schema at run time).
type Fits<A, B> = [A] extends [B] ? true : false;
type Check<T extends true> = T;
export type MoviegoerAnswersAgree = [
  // A card's `formats` are typed as plain strings there; the values are the enum's (checked at run time).
  Check<
    Fits<
      Omit<Awaited<ReturnType<typeof discoverMovies>>['nowShowing'][number], 'formats'>,
      Omit<z.output<typeof movieCardSchema>, 'formats'>
    >
  >,
  Check<Fits<NonNullable<Awaited<ReturnType<typeof getMovie>>>, z.output<typeof movieDetailSchema>>>,
  Check<Fits<NonNullable<Awaited<ReturnType<typeof getCinema>>>, z.output<typeof cinemaDetailSchema>>>,
  Check<
    Fits<
      Awaited<ReturnType<typeof listMovieShowtimes>>,
      z.output<typeof movieShowtimesResponseSchema>['cinemas']
    >
  >,
  Check<
    Fits<
      Awaited<ReturnType<typeof listCinemaShowtimes>>,
      z.output<typeof cinemaProgrammeResponseSchema>['films']
    >
  >,
];
