import { z } from 'zod';
import { POSTER_FILE_PATTERN, POSTER_KEY_PATTERN } from '@/lib/poster';
import { isoDateSchema } from '@/lib/schemas/catalog';
import { FORMAT_VALUES } from '@/lib/schemas/discover';
import { text } from '@/lib/schemas/text';

// Films as the cinemas' operators write them: one schema for the admin form (react-hook-form's
// resolver), the server actions and the REST operations. The database keeps the ranges too
// (CHECKs in migration 20261204000100_films).

/** The Central Board of Film Certification's categories. */
export const CERTIFICATES = ['U', 'UA 7+', 'UA 13+', 'UA 16+', 'A'] as const;
export type Certificate = (typeof CERTIFICATES)[number];

export const CERTIFICATE_LABELS: Record<Certificate, string> = {
  U: 'U: unrestricted',
  'UA 7+': 'UA 7+: parental guidance for under 7',
  'UA 13+': 'UA 13+: parental guidance for under 13',
  'UA 16+': 'UA 16+: parental guidance for under 16',
  A: 'A: adults only',
};

// Lists rather than free text, so that the public site's filters stay tidy (one "Science
// Fiction", not three spellings of it). Adding one is a one-line change here.
export const GENRES = [
  'Action',
  'Adventure',
  'Animation',
  'Biography',
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Family',
  'Fantasy',
  'History',
  'Horror',
  'Music',
  'Musical',
  'Mystery',
  'Mythology',
  'Romance',
  'Science Fiction',
  'Sport',
  'Thriller',
  'War',
] as const;

export const LANGUAGES = [
  'Assamese',
  'Bengali',
  'Bhojpuri',
  'English',
  'Gujarati',
  'Hindi',
  'Kannada',
  'Konkani',
  'Malayalam',
  'Marathi',
  'Odia',
  'Punjabi',
  'Tamil',
  'Telugu',
  'Tulu',
  'Urdu',
  'Arabic',
  'Chinese',
  'French',
  'German',
  'Japanese',
  'Korean',
  'Spanish',
] as const;

export const MAX_GENRES = 5;
export const MAX_LANGUAGES = 10;
export const MAX_CREDITS = 40;
export const RUNTIME_MAX_MINUTES = 600;
export const SYNOPSIS_MIN = 20;
export const SYNOPSIS_MAX = 2000;

/**
 * Trailers link out from every film page under Marquee's name, so only to the video hosts
 * distributors publish trailers on (and their subdomains), over https: a taken-over manager
 * account cannot point moviegoers anywhere else. A host is added here.
 */
export const TRAILER_HOSTS = ['youtube.com', 'youtu.be', 'vimeo.com'] as const;

/** Why a trailer URL is refused, or null when it is fine. */
export function trailerUrlProblem(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Paste the whole address, starting with https://';
  }
  if (url.protocol !== 'https:') return 'Use an https:// address.';
  if (url.username || url.password) return 'The address must not carry a user name or password.';
  const host = url.hostname.toLowerCase();
  if (!TRAILER_HOSTS.some((h) => host === h || host.endsWith(`.${h}`))) {
    return 'Link to the trailer on YouTube or Vimeo.';
  }
  return null;
}

const unique = <T>(values: readonly T[]) => new Set(values).size === values.length;

function isRealDate(d: string): boolean {
  const t = Date.parse(`${d}T00:00:00Z`);
  return (
    Number.isFinite(t) && new Date(t).toISOString().startsWith(d) && d >= '1895-01-01' && d <= '2100-12-31'
  );
}

/** An optional line of text: empty (or spaces) means none. */
const optionalText = (max: number, tooLong: string) =>
  text()
    .trim()
    .max(max, tooLong)
    .transform((s) => (s === '' ? null : s));

export const creditSchema = z.object({
  name: text()
    .trim()
    .min(1, 'Give the person’s name, or remove this line.')
    .max(100, 'At most 100 characters.'),
  character: optionalText(100, 'At most 100 characters.').default(null),
});
export type CreditInput = z.input<typeof creditSchema>;

const directorField = optionalText(120, 'At most 120 characters.');
const trailerUrlField = optionalText(500, 'At most 500 characters.').superRefine((value, ctx) => {
  const problem = value === null ? null : trailerUrlProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});
const creditsField = z.array(creditSchema).max(MAX_CREDITS, `At most ${MAX_CREDITS} people.`);
const posterKeyField = z.string().regex(POSTER_KEY_PATTERN, 'Upload the poster again.').nullable();

/** A film's fields, as the admin form has them (empty strings for optional text). */
export const filmFieldsSchema = z.object({
  title: text().trim().min(1, 'Give the film’s title.').max(120, 'At most 120 characters.'),
  synopsis: text()
    .trim()
    .min(SYNOPSIS_MIN, `Write at least ${SYNOPSIS_MIN} characters: a sentence or two about the story.`)
    .max(SYNOPSIS_MAX, `At most ${SYNOPSIS_MAX} characters.`),
  runtimeMinutes: z
    .number({ error: 'Give the running time in minutes.' })
    .int('Whole minutes.')
    .min(1, 'At least one minute.')
    .max(RUNTIME_MAX_MINUTES, `At most ${RUNTIME_MAX_MINUTES} minutes.`),
  certificate: z.enum(CERTIFICATES, { error: 'Choose the CBFC certificate.' }),
  genres: z
    .array(z.enum(GENRES))
    .min(1, 'Choose at least one genre.')
    .max(MAX_GENRES, `At most ${MAX_GENRES} genres.`)
    .refine(unique, 'Each genre once.'),
  /** The original language first, then the dubs. */
  languages: z
    .array(z.enum(LANGUAGES))
    .min(1, 'Choose the film’s language.')
    .max(MAX_LANGUAGES, `At most ${MAX_LANGUAGES} languages.`)
    .refine(unique, 'Each language once.'),
  formats: z
    .array(z.enum(FORMAT_VALUES))
    .min(1, 'Choose at least one format it is released in.')
    .max(FORMAT_VALUES.length)
    .refine(unique, 'Each format once.'),
  releaseDate: isoDateSchema.refine(isRealDate, 'Give a real date, like 2026-12-25.'),
  director: directorField.default(null),
  /** YouTube or Vimeo, https only (TRAILER_HOSTS). */
  trailerUrl: trailerUrlField.default(null),
  /** Cast, in billing order. */
  credits: creditsField.default([]),
  /** From POST /api/v1/posters; null: no poster yet (a placeholder is shown). */
  posterKey: posterKeyField.default(null),
});
export type FilmFormValues = z.input<typeof filmFieldsSchema>;
export type FilmFields = z.output<typeof filmFieldsSchema>;

export const createFilmInputSchema = filmFieldsSchema;
export type CreateFilmInput = z.output<typeof createFilmInputSchema>;

/** Only the fields sent change; `credits`, when sent, is the whole new list in order. */
export const updateFilmBodySchema = filmFieldsSchema.partial().extend({
  // Without their defaults: a field left out of a partial update is no change.
  director: directorField.optional(),
  trailerUrl: trailerUrlField.optional(),
  credits: creditsField.optional(),
  posterKey: posterKeyField.optional(),
});
export type UpdateFilmBody = z.output<typeof updateFilmBodySchema>;

export const filmIdSchema = z.object({ id: z.uuid() });

export const updateFilmInputSchema = updateFilmBodySchema.extend({ id: z.uuid() });
export type UpdateFilmInput = z.output<typeof updateFilmInputSchema>;

export const FILM_STATUSES = ['active', 'archived', 'all'] as const;

export const filmListQuerySchema = z.object({
  /** Part of the title (or the slug). */
  q: text().trim().max(100).optional(),
  genre: z.enum(GENRES).optional(),
  language: z.enum(LANGUAGES).optional(),
  status: z.enum(FILM_STATUSES).default('active'),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type FilmListQuery = z.output<typeof filmListQuerySchema>;

// ─── Answers ────────────────────────────────────────────────────────────────

const filmSummaryShape = {
  id: z.uuid(),
  slug: z.string(),
  title: z.string(),
  posterUrl: z.string(),
  certificate: z.enum(CERTIFICATES),
  genres: z.array(z.string()),
  languages: z.array(z.string()),
  formats: z.array(z.enum(FORMAT_VALUES)),
  runtimeMinutes: z.number().int(),
  releaseDate: isoDateSchema,
  /** Set when archived: off the public site. */
  archivedAt: z.iso.datetime().nullable(),
  /** Scheduled showtimes not yet over, at every cinema. */
  liveShowtimes: z.number().int(),
  /** Whether the caller may edit and archive it. */
  canEdit: z.boolean(),
  updatedAt: z.iso.datetime(),
};

export const filmSummarySchema = z.object(filmSummaryShape);
export type FilmSummary = z.infer<typeof filmSummarySchema>;

export const filmSchema = z.object({
  ...filmSummaryShape,
  synopsis: z.string(),
  director: z.string().nullable(),
  trailerUrl: z.string().nullable(),
  posterKey: z.string().nullable(),
  credits: z.array(z.object({ name: z.string(), character: z.string().nullable() })),
  createdAt: z.iso.datetime(),
});
export type Film = z.infer<typeof filmSchema>;

export const filmListResponseSchema = z.object({
  films: z.array(filmSummarySchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  /** Films matching the filters, on every page. */
  total: z.number().int(),
});
export type FilmList = z.infer<typeof filmListResponseSchema>;

export const posterUploadSchema = z.object({
  /** Pass as `posterKey` when creating or updating a film. */
  key: z
    .string()
    .regex(POSTER_KEY_PATTERN)
    .meta({ examples: ['3f1c9a7be2d04c6f8a5b1e9d7c2f4a60'] }),
  /** The size films show by default. */
  url: z.string(),
  sizes: z.array(z.object({ width: z.number().int(), height: z.number().int(), url: z.string() })),
});
export type PosterUpload = z.infer<typeof posterUploadSchema>;

export const posterFileParamsSchema = z.object({
  file: z.string().regex(POSTER_FILE_PATTERN, 'must be <key>-<160|320|640>.webp'),
});

/** What an archive refused for showtimes still to come carries in `details`. */
export type LiveShowtime = { id: string; startsAt: string; cinema: string; screen: string };
