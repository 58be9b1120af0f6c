import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/server/db';

/** The film's id for a slug, or NOT_FOUND. */
export async function movieIdForSlug(slug: string): Promise<string> {
  const movie = await db().movie.findUnique({ where: { slug }, select: { id: true } });
  if (!movie) throw new AppError('NOT_FOUND', 'Film not found.');
  return movie.id;
}
