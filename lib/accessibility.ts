import { z } from 'zod';

// Accessible showings (issue 16.3): what a session offers people who need it. Shared by the
// programme forms, the REST API, the listings' filters and the chips on showtimes and tickets.
//
// Four features are set by the cinema's managers per session (showtimes.accessibility). The fifth,
// a wheelchair-accessible screen, is derived: the session's layout has wheelchair spaces (seats of
// kind WHEELCHAIR that are not blocked). It is a property of the room, not of the session, so a
// flag a manager sets could only drift from the truth (claim spaces a screen has not got, or
// forget ones it has); the layout is what the seat map sells, so the listing and the map agree.

export const ACCESS_FEATURES = ['SUBTITLED', 'CAPTIONED', 'AUDIO_DESCRIBED', 'RELAXED'] as const;
export type AccessFeature = (typeof ACCESS_FEATURES)[number];

/** What a moviegoer may filter on: the managers' features and the derived wheelchair screen. */
export const ACCESS_FILTERS = [...ACCESS_FEATURES, 'WHEELCHAIR'] as const;
export type AccessFilter = (typeof ACCESS_FILTERS)[number];

/**
 * How each is shown: `short` on chips (where room is scarce), `name` as the accessible name and
 * in full text (tickets, forms), `hint` to explain it where a form or filter offers it.
 */
export const ACCESS_LABELS: Record<AccessFilter, { short: string; name: string; hint: string }> = {
  SUBTITLED: { short: 'SUB', name: 'Subtitled', hint: 'Subtitles on screen in English.' },
  CAPTIONED: {
    short: 'CC',
    name: 'Open captions',
    hint: 'Captions of the dialogue and sounds, on screen for everyone (for d/Deaf and hard-of-hearing viewers).',
  },
  AUDIO_DESCRIBED: {
    short: 'AD',
    name: 'Audio described',
    hint: 'A described soundtrack on headsets for blind and partially sighted viewers.',
  },
  RELAXED: {
    short: 'Relaxed',
    name: 'Relaxed screening',
    hint: 'Sensory-friendly: lights low rather than off, sound down, free to move about and make noise.',
  },
  WHEELCHAIR: {
    short: '♿',
    name: 'Wheelchair-accessible screen',
    hint: 'The screen has wheelchair spaces (choose them on the seat map).',
  },
};

/** URL and query spelling: lower case, one word ('audio-described'), as shared links show it. */
export function accessSlug(filter: AccessFilter): string {
  return filter.toLowerCase().replace(/_/g, '-');
}

const BY_SLUG = new Map<string, AccessFilter>(
  ACCESS_FILTERS.flatMap((f) => [
    [accessSlug(f), f],
    [f.toLowerCase(), f],
    [f, f],
  ]),
);

/** Each feature once, in the order above: the order the database keeps (CHECK showtimes_accessibility_canonical). */
export function canonicalFeatures(features: readonly AccessFeature[]): AccessFeature[] {
  return ACCESS_FEATURES.filter((f) => features.includes(f));
}

export const accessFeatureSchema = z.enum(ACCESS_FEATURES);

/** What managers set on a session: each feature once (sent in any order, stored in enum order). */
export const accessFeaturesSchema = z
  .array(accessFeatureSchema)
  .max(ACCESS_FEATURES.length)
  .refine((f) => new Set(f).size === f.length, 'Each feature once.')
  .meta({
    description:
      'Accessible-showing features of the session: SUBTITLED, CAPTIONED (open captions), AUDIO_DESCRIBED, RELAXED (sensory-friendly).',
    examples: [['AUDIO_DESCRIBED', 'RELAXED']],
  });

/** Parses a filter as written in a URL: `relaxed,audio-described` (or repeated); unknown words are dropped. */
export function parseAccessFilter(raw: string | readonly string[] | undefined | null): AccessFilter[] {
  const words = (typeof raw === 'string' ? [raw] : (raw ?? [])).flatMap((w) => w.split(','));
  const found = new Set(words.map((w) => BY_SLUG.get(w.trim())).filter((f) => f !== undefined));
  return ACCESS_FILTERS.filter((f) => found.has(f));
}

/** The filter as a query parameter value ('' for none). */
export function formatAccessFilter(filters: readonly AccessFilter[]): string {
  return ACCESS_FILTERS.filter((f) => filters.includes(f))
    .map(accessSlug)
    .join(',');
}

/**
 * The REST query parameter `access`: comma-separated features a showtime must all have, e.g.
 * `relaxed,wheelchair`. Unlike a page's URL, an API caller is told about a word it got wrong.
 */
export const accessQuerySchema = z
  .string()
  .max(200)
  .refine(
    (v) => v.split(',').every((w) => w.trim() === '' || BY_SLUG.has(w.trim())),
    `Each of ${ACCESS_FILTERS.map(accessSlug).join(', ')}, separated by commas.`,
  )
  .transform((v) => parseAccessFilter(v))
  .optional()
  .meta({
    description: `Only showtimes that have every one of these (comma-separated): ${ACCESS_FILTERS.map(accessSlug).join(', ')}.`,
    examples: ['relaxed,wheelchair'],
  });

/** The features of a showtime as the API and the chips give them. */
export const showtimeAccessSchema = z.object({
  accessibility: z.array(accessFeatureSchema),
  /** The screen has wheelchair spaces on the layout this session is sold on. */
  wheelchairAccessible: z.boolean(),
});
export type ShowtimeAccess = z.infer<typeof showtimeAccessSchema>;

/** The chips to show for a showtime, in a fixed order. */
export function accessChips(s: ShowtimeAccess): AccessFilter[] {
  return [
    ...canonicalFeatures(s.accessibility),
    ...(s.wheelchairAccessible ? (['WHEELCHAIR'] as const) : []),
  ];
}

/** "Audio described (AD), Relaxed screening" — for accessible names and plain text. */
export function accessNames(s: ShowtimeAccess): string {
  return accessChips(s)
    .map((f) => {
      const { short, name } = ACCESS_LABELS[f];
      return f === 'WHEELCHAIR' || name.toLowerCase().includes(short.toLowerCase())
        ? name
        : `${name} (${short})`;
    })
    .join(', ');
}

/** The SQL-side test of "has every feature of the filter" needs the stored ones apart from wheelchair. */
export function splitAccessFilter(filters: readonly AccessFilter[]): {
  features: AccessFeature[];
  wheelchair: boolean;
} {
  return {
    features: canonicalFeatures(filters.filter((f): f is AccessFeature => f !== 'WHEELCHAIR')),
    wheelchair: filters.includes('WHEELCHAIR'),
  };
}

// ─── GET /api/v1/showtimes ──────────────────────────────────────────────────────

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'A date like 2026-12-24.');

export const listShowtimesQuerySchema = z
  .object({
    /** The local (cinema) day; today when left out. */
    date: isoDay.optional().meta({ examples: ['2026-12-24'] }),
    movieId: z.uuid().optional(),
    cinemaId: z.uuid().optional(),
    /** A city's slug ("mumbai"). */
    city: z
      .string()
      .regex(/^[a-z0-9-]{1,80}$/, 'A city slug like mumbai.')
      .optional(),
    access: accessQuerySchema,
  })
  .refine((q) => q.movieId || q.cinemaId || q.city, {
    path: ['movieId'],
    message: 'Name a film (movieId), a cinema (cinemaId) or a city.',
  });

export const showtimeListingSchema = z.object({
  date: isoDay,
  showtimes: z.array(
    z.object({
      id: z.uuid(),
      startsAt: z.iso.datetime(),
      format: z.string(),
      language: z.string(),
      screen: z.string(),
      priceFromMinor: z.number().int().nullable(),
      seatsLeft: z.number().int(),
      availability: z.enum(['available', 'almost-full', 'sold-out']),
      ...showtimeAccessSchema.shape,
      cinema: z.object({ slug: z.string(), name: z.string(), locality: z.string() }),
      movie: z.object({ slug: z.string(), title: z.string() }),
    }),
  ),
});
export type ShowtimeListing = z.infer<typeof showtimeListingSchema>;
