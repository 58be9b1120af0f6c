import 'server-only';
import type { FilmList, FilmListQuery } from '@/lib/schemas/films';
import type { Prisma } from '@/prisma/generated/client';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { editableFilmIds } from '@/server/films/film-access';
import { filmSummarySelect, toFilmSummary } from '@/server/films/film-view';

/**
 * The catalogue as its operators see it: every film (archived ones too, when asked), filtered by
 * part of the title or slug, genre, language and status, newest release first, a page at a time,
 * each marked with whether the caller may edit it. Managers and admins; reading needs no 2FA.
 */
export async function listFilms(options: { viewer: Viewer; query: FilmListQuery }): Promise<FilmList> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  const { q, genre, language, status, page, pageSize } = options.query;
  const where: Prisma.MovieWhereInput = {
    ...(status === 'active'
      ? { archivedAt: null }
      : status === 'archived'
        ? { archivedAt: { not: null } }
        : {}),
    ...(genre ? { genres: { has: genre } } : {}),
    ...(language ? { languages: { has: language } } : {}),
    ...(q
      ? {
          OR: [
            { title: { contains: q, mode: 'insensitive' as const } },
            { slug: { contains: q.toLowerCase() } },
          ],
        }
      : {}),
  };
  const [total, rows] = await Promise.all([
    db().movie.count({ where }),
    db().movie.findMany({
      where,
      select: filmSummarySelect(new Date()),
      orderBy: [{ releaseDate: 'desc' }, { title: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  const editable = await editableFilmIds(
    db(),
    viewer,
    rows.map((r) => r.id),
  );
  return { films: rows.map((r) => toFilmSummary(r, editable.has(r.id))), page, pageSize, total };
}
