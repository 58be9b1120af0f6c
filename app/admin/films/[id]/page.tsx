import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { FilmArchive } from '@/components/admin/film-archive';
import { FilmForm } from '@/components/admin/film-form';
import { isAppError } from '@/lib/errors';
import { archiveFilmAction, unarchiveFilmAction, updateFilmAction } from '@/server/actions/films';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getFilm } from '@/server/films/get-film';

export const metadata: Metadata = { title: 'Film · Cinema admin' };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function FilmPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  if (!z.uuid().safeParse(id).success) notFound();
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, `/admin/films/${id}`);
  const film = await getFilm({ viewer, id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href="/admin/films" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Films
        </Link>
        <h1 className="font-display text-3xl font-bold">{film.title}</h1>
        <p className="text-stone-600 dark:text-stone-400">
          {film.archivedAt ? 'Archived' : 'On the site'} ·{' '}
          <Link href={`/movies/${film.slug}`} className="underline">
            its public page
          </Link>{' '}
          · {film.liveShowtimes} {film.liveShowtimes === 1 ? 'showtime' : 'showtimes'} to come
        </p>
      </header>
      {query.created === '1' ? (
        <p
          role="status"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
        >
          “{film.title}” is in the catalogue. Schedule showtimes for it to put it on sale.
        </p>
      ) : null}
      {film.canEdit ? null : (
        <p className="rounded-lg border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950">
          You may read this film but not change it: managers edit the films they added and those that play at
          their cinemas.
        </p>
      )}
      <FilmForm mode="edit" action={updateFilmAction} film={film} readOnly={!film.canEdit} />
      {film.canEdit ? (
        <FilmArchive
          filmId={film.id}
          title={film.title}
          archived={film.archivedAt !== null}
          liveShowtimes={film.liveShowtimes}
          archive={archiveFilmAction}
          unarchive={unarchiveFilmAction}
        />
      ) : null}
    </div>
  );
}
