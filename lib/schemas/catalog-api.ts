import { z } from 'zod';
import { isoDateSchema, slugSchema } from '@/lib/schemas/catalog';
import {
  cinemaNearSchema,
  cinemasNearQuerySchema,
  FORMAT_VALUES,
  searchResultSchema,
  TIME_OF_DAY_KEYS,
} from '@/lib/schemas/discover';
import { text } from '@/lib/schemas/text';

// What the public site shows, as the REST API answers it (server/api/operations/moviegoer.ts):
// cities, the films showing in a city, a film's page and showtimes, cinemas and their programme.
// The pages read the same use cases (server/catalog/*); these schemas describe their answers.

export const citiesResponseSchema = z.object({
  cities: z.array(z.object({ slug: z.string(), name: z.string() })),
});

/**
 * The home page's filters, strictly: the page drops a malformed value from a shared link, an API
 * client is told (400) instead.
 */
export const discoverQuerySchema = z.object({
  /** A city's slug (GET /api/v1/cities); without it, the first city alphabetically, as the home page does. */
  city: slugSchema.optional(),
  genre: text().trim().min(1).max(40).optional(),
  lang: text().trim().min(1).max(40).optional(),
  format: z.enum(FORMAT_VALUES).optional(),
  date: isoDateSchema.optional(),
  time: z.enum(TIME_OF_DAY_KEYS).optional(),
});

/** A film as the home page's cards show it: a search result's fields, without why it matched. */
export const movieCardSchema = searchResultSchema
  .omit({ match: true, castName: true, score: true })
  .extend({ id: z.uuid() });

const facetSchema = z.array(z.object({ value: z.string(), count: z.number().int() }));

export const discoverResponseSchema = z.object({
  city: z.object({ slug: z.string(), name: z.string() }),
  /** The filters in effect: a date outside the bookable window is dropped. */
  filters: z.object({
    genre: z.string().optional(),
    lang: z.string().optional(),
    format: z.enum(FORMAT_VALUES).optional(),
    date: z.string().optional(),
    time: z.enum(TIME_OF_DAY_KEYS).optional(),
  }),
  /** Bookable dates (YYYY-MM-DD, India time), today first. */
  dates: z.array(z.string()),
  nowShowing: z.array(movieCardSchema),
  comingSoon: z.array(movieCardSchema),
  /** Each filter's choices with the number of films choosing it would leave. */
  facets: z.object({
    genre: facetSchema,
    lang: facetSchema,
    format: facetSchema,
    date: facetSchema,
    time: facetSchema,
  }),
});

export const movieDetailSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  synopsis: z.string(),
  runtimeMinutes: z.number().int(),
  certificate: z.string(),
  genres: z.array(z.string()),
  languages: z.array(z.string()),
  formats: z.array(z.enum(FORMAT_VALUES)),
  director: z.string().nullable(),
  releaseDate: z.string(),
  posterUrl: z.string(),
  trailerUrl: z.string().nullable(),
  /** When the film left the catalogue; its page (and this) stays for the people who booked it. */
  archivedAt: z.string().nullable(),
  credits: z.array(z.object({ name: z.string(), character: z.string().nullable() })),
});

/** One bookable showtime as the film and cinema pages list it. */
export const showtimeCardSchema = z.object({
  id: z.uuid(),
  startsAt: z.iso.datetime(),
  format: z.string(),
  language: z.string(),
  screen: z.string(),
  /** The cheapest seat, in paise; null when the show has no prices. */
  priceFromMinor: z.number().int().nullable(),
  /** Seats that can still be held (sellable minus unexpired holds and sales). */
  seatsLeft: z.number().int(),
  sellable: z.number().int(),
  availability: z.enum(['available', 'almost-full', 'sold-out']),
});

export const showtimesQuerySchema = z.object({
  /** A city's slug; without it, the first city alphabetically. */
  city: slugSchema.optional(),
  /** A bookable date (YYYY-MM-DD); without it, today or the film's release date if later. */
  date: isoDateSchema.optional(),
});

export const movieShowtimesResponseSchema = z.object({
  movie: z.object({ slug: z.string(), title: z.string() }),
  city: z.object({ slug: z.string(), name: z.string() }),
  date: z.string(),
  dates: z.array(z.string()),
  cinemas: z.array(
    z.object({
      cinema: z.object({ slug: z.string(), name: z.string(), locality: z.string() }),
      showtimes: z.array(showtimeCardSchema),
    }),
  ),
});

export const cinemasQuerySchema = cinemasNearQuerySchema.omit({ lat: true, lng: true }).extend({
  /** An area or city as people type it ("Bandra", "koramangla", "Pune"). */
  place: text().trim().min(2).max(80),
});

export const cinemasResponseSchema = z.object({
  /** Where `place` was understood to be. */
  origin: z.object({
    name: z.string(),
    kind: z.enum(['locality', 'city']),
    citySlug: z.string(),
    latitude: z.number(),
    longitude: z.number(),
  }),
  cinemas: z.array(cinemaNearSchema),
});

export const cinemaSlugParamsSchema = z.object({ slug: slugSchema });

export const cinemaDetailSchema = z.object({
  id: z.uuid(),
  slug: z.string(),
  name: z.string(),
  addressLine: z.string(),
  locality: z.string(),
  postalCode: z.string(),
  latitude: z.number(),
  longitude: z.number(),
  phone: z.string().nullable(),
  amenities: z.array(z.string()),
  /** Bookings may be cancelled until this many minutes before the show. */
  cancellationCutoffMins: z.number().int(),
  city: z.object({ slug: z.string(), name: z.string(), state: z.string() }),
  screens: z.array(
    z.object({
      name: z.string(),
      formats: z.array(z.enum(FORMAT_VALUES)),
      capacity: z.number().int(),
      categories: z.array(z.object({ category: z.string(), seats: z.number().int() })),
      wheelchairSpaces: z.number().int(),
    }),
  ),
});

export const cinemaProgrammeQuerySchema = z.object({
  /** A bookable date (YYYY-MM-DD); without it, today. */
  date: isoDateSchema.optional(),
});

export const cinemaProgrammeResponseSchema = z.object({
  cinema: z.object({ slug: z.string(), name: z.string() }),
  date: z.string(),
  dates: z.array(z.string()),
  films: z.array(
    z.object({
      movie: z.object({
        slug: z.string(),
        title: z.string(),
        posterUrl: z.string(),
        certificate: z.string(),
        runtimeMinutes: z.number().int(),
        genres: z.array(z.string()),
        languages: z.array(z.string()),
      }),
      showtimes: z.array(showtimeCardSchema),
    }),
  ),
});
