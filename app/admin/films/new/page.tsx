import type { Metadata } from 'next';
import Link from 'next/link';
import { FilmForm } from '@/components/admin/film-form';
import { createFilmAction } from '@/server/actions/films';
import { requireAdminArea } from '@/server/auth/admin-access';

export const metadata: Metadata = { title: 'New film · Cinema admin' };

export default async function NewFilmPage() {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/films/new');
  const mayAdd = viewer.role === 'ADMIN' || viewer.managedCinemaIds.length > 0;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href="/admin/films" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Films
        </Link>
        <h1 className="font-display text-3xl font-bold">New film</h1>
        <p className="max-w-3xl text-stone-600 dark:text-stone-400">
          The catalogue is shared by every cinema: check under Films that it is not there already. The film
          shows on the site once it has showtimes, or under Coming soon before its release date.
        </p>
      </header>
      {mayAdd ? (
        <FilmForm mode="create" action={createFilmAction} />
      ) : (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          You manage no cinema yet: an admin must assign you one before you can add films.
        </p>
      )}
    </div>
  );
}
