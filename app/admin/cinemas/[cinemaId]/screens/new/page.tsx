import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { NewScreenForm } from '@/components/admin/new-screen-form';
import { isAppError } from '@/lib/errors';
import { createScreenAction } from '@/server/actions/venues';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listCinemaScreens } from '@/server/venues/list-cinema-screens';

export const metadata: Metadata = { title: 'New screen · Cinema admin' };

type Props = { params: Promise<{ cinemaId: string }> };

export default async function NewScreenPage({ params }: Props) {
  const { cinemaId } = await params;
  if (!z.uuid().safeParse(cinemaId).success) notFound();
  const base = `/admin/cinemas/${cinemaId}/screens`;
  const viewer = await requireAdminArea({ roles: ['MANAGER'], cinemaId }, `${base}/new`);
  const { cinema, screens } = await listCinemaScreens({ viewer, cinemaId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href={base} className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Screens of {cinema.name}
        </Link>
        <h1 className="font-display text-3xl font-bold">New screen</h1>
        <p className="max-w-3xl text-stone-600 dark:text-stone-400">
          Name the screen, then draw its seats: start from a template or a blank grid, paint seats, mark
          aisles, wheelchair spaces and their companion seats, and check the problems list before saving.
          {screens.length ? ` ${cinema.name} has ${screens.map((s) => s.name).join(', ')}.` : ''}
        </p>
      </header>
      <NewScreenForm
        cinemaId={cinema.id}
        action={createScreenAction}
        createdHref={`${base}/{id}?created=1`}
      />
    </div>
  );
}
