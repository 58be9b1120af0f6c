import 'server-only';
import type { Certificate, Film, FilmSummary } from '@/lib/schemas/films';
import type { Prisma } from '@/prisma/generated/client';

// How the admin side reads a film: one select for the list and the form, the shapes the REST
// answers declare (lib/schemas/films.ts), and what the audit log records of it.

/** Showtimes that keep a film from being archived: scheduled and not yet over. */
export function liveShowtimesWhere(now: Date): Prisma.ShowtimeWhereInput {
  return { status: 'SCHEDULED', endsAt: { gt: now } };
}

export function filmSummarySelect(now: Date) {
  return {
    id: true,
    slug: true,
    title: true,
    posterUrl: true,
    certificate: true,
    genres: true,
    languages: true,
    formats: true,
    runtimeMinutes: true,
    releaseDate: true,
    archivedAt: true,
    updatedAt: true,
    _count: { select: { showtimes: { where: liveShowtimesWhere(now) } } },
  } satisfies Prisma.MovieSelect;
}

export function filmSelect(now: Date) {
  return {
    ...filmSummarySelect(now),
    synopsis: true,
    director: true,
    trailerUrl: true,
    posterKey: true,
    createdAt: true,
    credits: { select: { name: true, character: true }, orderBy: { position: 'asc' } },
  } satisfies Prisma.MovieSelect;
}

type SummaryRow = Prisma.MovieGetPayload<{ select: ReturnType<typeof filmSummarySelect> }>;
export type FilmRow = Prisma.MovieGetPayload<{ select: ReturnType<typeof filmSelect> }>;

export function toFilmSummary(row: SummaryRow, canEdit: boolean): FilmSummary {
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    posterUrl: row.posterUrl,
    // CHECK movies_certificate_cbfc keeps it to the list.
    certificate: row.certificate as Certificate,
    genres: row.genres,
    languages: row.languages,
    formats: row.formats,
    runtimeMinutes: row.runtimeMinutes,
    releaseDate: row.releaseDate.toISOString().slice(0, 10),
    archivedAt: row.archivedAt?.toISOString() ?? null,
    liveShowtimes: row._count.showtimes,
    canEdit,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toFilm(row: FilmRow, canEdit: boolean): Film {
  return {
    ...toFilmSummary(row, canEdit),
    synopsis: row.synopsis,
    director: row.director,
    trailerUrl: row.trailerUrl,
    posterKey: row.posterKey,
    credits: row.credits,
    createdAt: row.createdAt.toISOString(),
  };
}

/** The fields a change can touch, as the audit log keeps them. */
export type FilmRecord = Pick<
  Film,
  | 'title'
  | 'synopsis'
  | 'runtimeMinutes'
  | 'certificate'
  | 'genres'
  | 'languages'
  | 'formats'
  | 'releaseDate'
  | 'director'
  | 'trailerUrl'
  | 'credits'
  | 'posterKey'
  | 'posterUrl'
  | 'archivedAt'
>;

export function filmRecord(film: Film): FilmRecord {
  const {
    title,
    synopsis,
    runtimeMinutes,
    certificate,
    genres,
    languages,
    formats,
    releaseDate,
    director,
    trailerUrl,
    credits,
    posterKey,
    posterUrl,
    archivedAt,
  } = film;
  return {
    title,
    synopsis,
    runtimeMinutes,
    certificate,
    genres,
    languages,
    formats,
    releaseDate,
    director,
    trailerUrl,
    credits,
    posterKey,
    posterUrl,
    archivedAt,
  };
}

/** The same keys of two records, for an audit entry that shows only what changed. */
export function pick<T extends object, K extends keyof T>(record: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, record[k]])) as Pick<T, K>;
}
