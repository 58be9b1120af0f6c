'use client';

import { useRouter } from 'next/navigation';
import { useMemo } from 'react';
import { LayoutEditor, type SaveOutcome } from '@/components/admin/layout-editor/layout-editor';
import { serverLayoutProblems } from '@/components/admin/layout-editor/server-problems';
import type { LayoutDraft } from '@/lib/seat-layout/draft';
import { decodeDraft, encodeDraft, type WireDraft } from '@/lib/seat-layout/wire';
import type { editScreenLayoutAction } from '@/server/actions/venues';

// An existing screen's layout in the editor. Saving writes the next version: showtimes already
// created keep the version they are sold on. Nothing drawn is lost when the server refuses (the
// editor keeps the drawing; a save from a version someone replaced meanwhile is refused, not merged).

type Props = {
  cinemaId: string;
  screenId: string;
  /** The version the drawing starts from. */
  version: number;
  draft: WireDraft;
  action: typeof editScreenLayoutAction;
  /** The screen's page, shown after saving. */
  doneHref: string;
};

export function EditLayoutForm({ cinemaId, screenId, version, draft, action, doneHref }: Props) {
  const router = useRouter();
  const initial = useMemo(() => decodeDraft(draft), [draft]);

  async function onSave(edited: LayoutDraft): Promise<SaveOutcome> {
    const r = await action({ cinemaId, screenId, basedOnVersion: version, draft: encodeDraft(edited) });
    if (r.ok) {
      router.push(`${doneHref}?edited=${r.data.version}`);
      const kept = r.data.showtimesOnEarlierVersions;
      return {
        ok: true,
        message: `Saved version ${r.data.version}: ${r.data.capacity} seats.${kept ? ` ${kept} coming ${kept === 1 ? 'show keeps' : 'shows keep'} the earlier layout.` : ''}`,
      };
    }
    return { ok: false, message: r.error.message, problems: serverLayoutProblems(r.error.details) };
  }

  return <LayoutEditor initial={initial} onSave={onSave} saveLabel={`Save as version ${version + 1}`} />;
}
