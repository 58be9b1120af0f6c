import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '@/lib/errors';
import { PLACEHOLDER_POSTER_URL } from '@/lib/poster';
import type { Film, UpdateFilmInput } from '@/lib/schemas/films';
import type { Prisma } from '@/prisma/generated/client';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { assertMayEditFilm } from '@/server/films/film-access';
import { type FilmRecord, filmRecord, filmSelect, pick, toFilm } from '@/server/films/film-view';
import { storedPosterUrl } from '@/server/media/posters';

const EDITABLE = [
  'title',
  'synopsis',
  'runtimeMinutes',
  'certificate',
  'genres',
  'languages',
  'formats',
  'releaseDate',
  'director',
  'trailerUrl',
  'credits',
  'posterKey',
] as const satisfies readonly (keyof FilmRecord)[];

/**
 * A manager who may edit the film (server/films/film-access.ts) or an admin changes some of its
 * fields: only those sent, and of those only the ones that differ, so two people editing
 * different fields do not undo each other. The row is locked for the change, so the audit
 * record's before and after are exactly what was replaced. The slug never changes.
 */
export async function updateFilm(options: { viewer: Viewer; input: UpdateFilmInput }): Promise<Film> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  const { id, ...fields } = options.input;
  // Checked before the transaction: reading the store is no business of a row lock.
  const posterUrl =
    fields.posterKey === undefined
      ? undefined
      : fields.posterKey === null
        ? PLACEHOLDER_POSTER_URL
        : await storedPosterUrl(fields.posterKey);
  const now = new Date();
  const { film, changed } = await db().$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "movies" WHERE "id" = ${id}::uuid FOR UPDATE`;
    if (locked.length === 0) throw new AppError('NOT_FOUND', 'There is no such film.');
    await assertMayEditFilm(tx, viewer, id);
    const before = toFilm(await tx.movie.findUniqueOrThrow({ where: { id }, select: filmSelect(now) }), true);
    const current = filmRecord(before);
    const changed = EDITABLE.filter((k) => {
      const next = fields[k];
      return next !== undefined && !isDeepStrictEqual(next, current[k]);
    });
    if (changed.length === 0) return { film: before, changed: false };

    // Set here too: a change of the credits alone updates no column of the film itself.
    const data: Prisma.MovieUpdateInput = { updatedAt: new Date() };
    for (const k of changed) {
      if (k === 'credits' || k === 'posterKey') continue;
      const value = fields[k];
      if (k === 'releaseDate') data.releaseDate = new Date(`${value}T00:00:00Z`);
      else Object.assign(data, { [k]: value });
    }
    if (changed.includes('posterKey')) {
      data.posterKey = fields.posterKey ?? null;
      data.posterUrl = posterUrl;
    }
    if (changed.includes('credits')) {
      // The whole list again, in its new order (positions are unique per film: old rows go first).
      await tx.movieCredit.deleteMany({ where: { movieId: id } });
      await tx.movieCredit.createMany({
        data: (fields.credits ?? []).map((c, i) => ({
          movieId: id,
          name: c.name,
          character: c.character,
          position: i + 1,
        })),
      });
    }
    const after = toFilm(await tx.movie.update({ where: { id }, data, select: filmSelect(now) }), true);
    const keys = changed.includes('posterKey') ? [...changed, 'posterUrl' as const] : changed;
    await recordAudit(tx, {
      actor: viewer,
      action: 'film.updated',
      entityType: 'movie',
      entityId: id,
      before: pick(current, keys),
      after: pick(filmRecord(after), keys),
    });
    return { film: after, changed: true };
  });
  // After the commit: showtime contexts and pages that copied the film (its runtime, title, poster) forget it.
  if (changed) publishCatalogChange({ movieIds: [id] });
  return film;
}
