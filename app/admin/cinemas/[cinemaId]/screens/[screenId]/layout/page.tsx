import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { EditLayoutForm } from '@/components/admin/edit-layout-form';
import { isAppError } from '@/lib/errors';
import { fromScreenRecords } from '@/lib/seat-layout/convert';
import { encodeDraft } from '@/lib/seat-layout/wire';
import { editScreenLayoutAction } from '@/server/actions/venues';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getScreenLayout } from '@/server/venues/get-screen-layout';

export const metadata: Metadata = { title: 'Edit layout · Cinema admin' };

type Props = { params: Promise<{ cinemaId: string; screenId: string }> };

// An existing screen's current layout, opened in the editor; saving writes its next version.
export default async function EditLayoutPage({ params }: Props) {
  const { cinemaId, screenId } = await params;
  if (!z.uuid().safeParse(cinemaId).success || !z.uuid().safeParse(screenId).success) notFound();
  const screenHref = `/admin/cinemas/${cinemaId}/screens/${screenId}`;
  const viewer = await requireAdminArea({ roles: ['MANAGER'], cinemaId }, `${screenHref}/layout`);
  const view = await getScreenLayout({ viewer, cinemaId, screenId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const draft = fromScreenRecords(
    view.layout,
    view.seats.map((s) => ({
      rowLabel: s.row,
      number: s.number,
      rowIndex: s.rowIndex,
      col: s.col,
      category: s.category,
      kind: s.kind,
      blocked: s.state === 'blocked',
    })),
  );
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href={screenHref} className="text-sm text-brand-700 underline dark:text-brand-400">
          ← {view.screen.name}
        </Link>
        <h1 className="font-display text-3xl font-bold">Edit the layout of {view.screen.name}</h1>
        <p className="max-w-3xl text-stone-600 dark:text-stone-400">
          This is version {view.screen.version}. Saving makes version {view.screen.version + 1}: shows
          programmed from then on are sold on it. Shows already programmed keep the layout they were put on
          sale with, so no ticket or held seat moves.
        </p>
      </header>
      <EditLayoutForm
        cinemaId={cinemaId}
        screenId={screenId}
        version={view.screen.version}
        draft={encodeDraft(draft)}
        action={editScreenLayoutAction}
        doneHref={screenHref}
      />
    </div>
  );
}
