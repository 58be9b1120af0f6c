import { z } from 'zod';
import { slugSchema } from '@/lib/schemas/catalog';
import { text } from '@/lib/schemas/text';

// Shapes for discovering films and cinemas: the home page's filters (URL search params), search
// suggestions and results, and cinemas near a point. Shared by the pages, the REST handlers and
// the OpenAPI document.

export const DISCOVER_DAYS = 14;

/** Local (Asia/Kolkata) start hours of each part of the day; a show belongs to the last one it passed. */
export const TIMES_OF_DAY = {
  morning: { label: 'Morning', hint: 'before 12 pm' },
  afternoon: { label: 'Afternoon', hint: '12–4 pm' },
  evening: { label: 'Evening', hint: '4–7 pm' },
  night: { label: 'Night', hint: 'after 7 pm' },
} as const;
export type TimeOfDay = keyof typeof TIMES_OF_DAY;
export const TIME_OF_DAY_KEYS = Object.keys(TIMES_OF_DAY) as [TimeOfDay, ...TimeOfDay[]];

/** Which part of the day a local hour (0–23) is in. Shows after midnight count as night. */
export function timeOfDay(localHour: number): TimeOfDay {
  if (localHour < 5) return 'night';
  if (localHour < 12) return 'morning';
  if (localHour < 16) return 'afternoon';
  if (localHour < 19) return 'evening';
  return 'night';
}

export const FORMAT_VALUES = ['TWO_D', 'THREE_D', 'IMAX', 'FOUR_DX'] as const;

// Search params are user-typed URLs: anything unknown or malformed is dropped, never an error,
// so a stale shared link still shows films.
const facetValue = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\p{L}\p{N} &'’.-]+$/u)
  .optional()
  .catch(undefined);

export const discoverFiltersSchema = z.object({
  genre: facetValue,
  lang: facetValue,
  format: z.enum(FORMAT_VALUES).optional().catch(undefined),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional()
    .catch(undefined),
  time: z.enum(TIME_OF_DAY_KEYS).optional().catch(undefined),
});
export type DiscoverFilters = z.output<typeof discoverFiltersSchema>;
export const FILTER_KEYS = ['genre', 'lang', 'format', 'date', 'time'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];

/** Page search params (string | string[]) to the first value of each filter. */
export function parseDiscoverFilters(params: Record<string, string | string[] | undefined>): DiscoverFilters {
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  return discoverFiltersSchema.parse(Object.fromEntries(FILTER_KEYS.map((k) => [k, first(params[k])])));
}

/**
 * The home URL for a set of filters (empty ones left out, stable order so links are shareable);
 * `keep`: other parameters the page carries along (the accessibility filter, `access`).
 */
export function discoverHref(
  filters: Partial<Record<FilterKey, string | undefined>>,
  keep: Record<string, string> = {},
): string {
  const sp = new URLSearchParams();
  for (const k of FILTER_KEYS) {
    const v = filters[k];
    if (v) sp.set(k, v);
  }
  for (const [k, v] of Object.entries(keep)) if (v) sp.set(k, v);
  const qs = sp.toString();
  return qs ? `/?${qs}` : '/';
}

// ─── Search ──────────────────────────────────────────────────────────────────

export const SEARCH_MIN_CHARS = 2;

export const searchQuerySchema = z.object({
  q: text()
    .trim()
    .min(SEARCH_MIN_CHARS, `type at least ${SEARCH_MIN_CHARS} characters`)
    .max(100, 'at most 100 characters'),
  limit: z.coerce.number().int().min(1).max(50).default(8),
});

export const searchResultSchema = z.object({
  slug: z.string(),
  title: z.string(),
  posterUrl: z.string(),
  certificate: z.string(),
  genres: z.array(z.string()),
  languages: z.array(z.string()),
  formats: z.array(z.enum(FORMAT_VALUES)),
  runtimeMinutes: z.number().int(),
  /** YYYY-MM-DD. */
  releaseDate: z.string(),
  rating: z.object({ average: z.number(), count: z.number().int() }).nullable(),
  /**
   * Why it matched, strongest first: the title, a cast member, a language, genre or format it is
   * in ("tamil", "thriller", "imax"), or the synopsis.
   */
  match: z.enum(['title', 'cast', 'language', 'genre', 'format', 'synopsis']),
  /** The cast member whose name matched, when `match` is `cast`. */
  castName: z.string().nullable(),
  score: z.number(),
});
export type SearchResult = z.output<typeof searchResultSchema>;

export const searchResponseSchema = z.object({
  query: z.string(),
  results: z.array(searchResultSchema),
});

// ─── Cinemas near a point ────────────────────────────────────────────────────

export const DEFAULT_RADIUS_KM = 50;

export const cinemasNearQuerySchema = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lng: z.coerce.number().min(-180).max(180),
  radiusKm: z.coerce.number().positive().max(1000).default(DEFAULT_RADIUS_KM),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

export const cinemaNearSchema = z.object({
  slug: z.string(),
  name: z.string(),
  addressLine: z.string(),
  locality: z.string(),
  city: z.object({ slug: z.string(), name: z.string() }),
  latitude: z.number(),
  longitude: z.number(),
  amenities: z.array(z.string()),
  /** Great-circle distance from the point, in kilometres (one decimal). */
  distanceKm: z.number(),
});
export type CinemaNear = z.output<typeof cinemaNearSchema>;

export const cinemasNearResponseSchema = z.object({
  cinemas: z.array(cinemaNearSchema),
});

export const movieSlugParamsSchema = z.object({ slug: slugSchema });
