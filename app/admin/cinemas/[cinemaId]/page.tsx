import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EditCinemaForm } from '@/components/admin/cinema-form';
import { isAppError } from '@/lib/errors';
import { updateCinemaAction } from '@/server/actions/cinemas';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getCinemaSettings } from '@/server/venues/get-cinema-settings';

export const metadata: Metadata = { title: 'Cinema settings · Cinema admin' };

type Props = {
  params: Promise<{ cinemaId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function CinemaPage({ params, searchParams }: Props) {
  const { cinemaId } = await params;
  if (!z.uuid().safeParse(cinemaId).success) notFound();
  const base = `/admin/cinemas/${cinemaId}`;
  const viewer = await requireAdminArea({ roles: ['MANAGER'], cinemaId }, base);
  const cinema = await getCinemaSettings({ viewer, cinemaId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const created = (await searchParams).created === '1';
  const link =
    'inline-flex h-11 items-center rounded-md border border-stone-300 px-4 font-medium hover:border-brand-500 dark:border-ink-700';
  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <Link href="/admin/cinemas" className="text-sm text-brand-700 underline dark:text-brand-400">
            ← Cinemas
          </Link>
          <h1 className="font-display text-3xl font-bold">{cinema.name}</h1>
          <p className="text-stone-600 dark:text-stone-400">
            {cinema.locality}, {cinema.city.name} ·{' '}
            <Link href={`/cinemas/${cinema.slug}`} className="underline">
              its page on Marquee
            </Link>
          </p>
        </div>
        <nav aria-label={`Running ${cinema.name}`} className="flex flex-wrap gap-2 text-sm">
          <Link href={`${base}/screens`} className={link}>
            Screens
          </Link>
          <Link href={`${base}/staff`} className={link}>
            Staff
          </Link>
        </nav>
      </header>
      {created ? (
        <p
          role="status"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
        >
          {cinema.name} is open on Marquee. Next: draw its screens, and invite its managers and staff.
        </p>
      ) : null}
      <EditCinemaForm cinema={cinema} action={updateCinemaAction} />
    </div>
  );
}
