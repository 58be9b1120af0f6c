import 'server-only';
import { AppError } from '@/lib/errors';
import { PLACEHOLDER_POSTER_URL } from '@/lib/poster';
import type { CreateFilmInput, Film } from '@/lib/schemas/films';
import { nextFreeSlug, slugify } from '@/lib/slug';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { assertMayAddFilms } from '@/server/films/film-access';
import { filmRecord, filmSelect, toFilm } from '@/server/films/film-view';
import { storedPosterUrl } from '@/server/media/posters';

const SLUG_ATTEMPTS = 4;

/** `base` if free, else the first free `base-2`, `base-3`… */
async function freeSlug(tx: Tx, base: string): Promise<string> {
  const taken = await tx.movie.findMany({
    where: { OR: [{ slug: base }, { slug: { startsWith: `${base}-` } }] },
    select: { slug: true },
  });
  return nextFreeSlug(base, new Set(taken.map((t) => t.slug)));
}

/**
 * A manager or admin adds a film to the catalogue (one for every cinema). Its slug, the film
 * page's address, is made from the title once and never changes afterwards (links, bookmarks and
 * bookings keep working when the title is corrected); a taken one gets a number. Two films given
 * the same title at the same moment race to the unique index, and the loser takes the next number.
 */
export async function createFilm(options: { viewer: Viewer; input: CreateFilmInput }): Promise<Film> {
  const viewer = assertMayAddFilms(options.viewer);
  const { input } = options;
  const posterUrl = input.posterKey ? await storedPosterUrl(input.posterKey) : PLACEHOLDER_POSTER_URL;
  const now = new Date();
  for (let attempt = 1; ; attempt++) {
    try {
      const created = await db().$transaction(async (tx) => {
        const slug = await freeSlug(tx, slugify(input.title));
        const row = await tx.movie.create({
          data: {
            slug,
            title: input.title,
            synopsis: input.synopsis,
            runtimeMinutes: input.runtimeMinutes,
            certificate: input.certificate,
            genres: input.genres,
            languages: input.languages,
            formats: input.formats,
            releaseDate: new Date(`${input.releaseDate}T00:00:00Z`),
            director: input.director,
            trailerUrl: input.trailerUrl,
            posterKey: input.posterKey,
            posterUrl,
            createdById: viewer.id,
            credits: {
              create: input.credits.map((c, i) => ({
                name: c.name,
                character: c.character,
                position: i + 1,
              })),
            },
          },
          select: filmSelect(now),
        });
        const film = toFilm(row, true);
        await recordAudit(tx, {
          actor: viewer,
          action: 'film.created',
          entityType: 'movie',
          entityId: film.id,
          after: { slug: film.slug, ...filmRecord(film) },
        });
        return film;
      });
      publishCatalogChange({ movieIds: [created.id] });
      return created;
    } catch (error) {
      if (isConstraintViolation(error, 'movies_slug_key') && attempt < SLUG_ATTEMPTS) continue;
      if (isConstraintViolation(error, 'movies_slug_key')) {
        throw new AppError('BUSY', 'Several films with this title are being added at once. Try again.', {
          retryAfter: 1,
        });
      }
      throw error;
    }
  }
}
