import 'server-only';
import { AppError } from '@/lib/errors';
import type { Film } from '@/lib/schemas/films';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { editableFilmIds } from '@/server/films/film-access';
import { filmSelect, toFilm } from '@/server/films/film-view';

/** One film as the admin form edits it, archived or not. Managers and admins. */
export async function getFilm(options: { viewer: Viewer; id: string }): Promise<Film> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  const row = await db().movie.findUnique({ where: { id: options.id }, select: filmSelect(new Date()) });
  if (!row) throw new AppError('NOT_FOUND', 'There is no such film.');
  const editable = await editableFilmIds(db(), viewer, [row.id]);
  return toFilm(row, editable.has(row.id));
}
