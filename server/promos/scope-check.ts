import 'server-only';
import { AppError } from '@/lib/errors';
import type { Tx } from '@/server/db';

/** Refuses ids of cinemas or films that do not exist, at their field (the links' FKs would too, as a 500). */
export async function assertScopeExists(tx: Tx, scope: { cinemaIds?: string[]; movieIds?: string[] }) {
  if (scope.cinemaIds?.length) {
    const found = await tx.cinema.count({ where: { id: { in: scope.cinemaIds } } });
    if (found !== scope.cinemaIds.length) {
      const message = 'One of these cinemas does not exist (any more).';
      throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'cinemaIds', message }] });
    }
  }
  if (scope.movieIds?.length) {
    const found = await tx.movie.count({ where: { id: { in: scope.movieIds } } });
    if (found !== scope.movieIds.length) {
      const message = 'One of these films does not exist (any more).';
      throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'movieIds', message }] });
    }
  }
}

/** What a change to the codes' scope tells the catalogue bus: these cinemas and films, or anything. */
export function scopeChange(scopes: { cinemaIds: string[]; movieIds: string[] }[]) {
  if (scopes.some((s) => s.cinemaIds.length === 0 && s.movieIds.length === 0)) return {};
  return {
    cinemaIds: [...new Set(scopes.flatMap((s) => s.cinemaIds))],
    movieIds: [...new Set(scopes.flatMap((s) => s.movieIds))],
  };
}
