'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { FormatsField } from '@/components/admin/formats-field';
import {
  LayoutEditor,
  type LayoutEditorHandle,
  type SaveOutcome,
} from '@/components/admin/layout-editor/layout-editor';
import { serverDetails, serverLayoutProblems } from '@/components/admin/layout-editor/server-problems';
import { buttonBase } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { FORMAT_VALUES } from '@/lib/schemas/discover';
import { layoutDraftSchema, type ScreenDetails, screenDetailsSchema } from '@/lib/schemas/venues';
import type { LayoutDraft } from '@/lib/seat-layout/draft';
import { blankDraft } from '@/lib/seat-layout/templates';
import { encodeDraft } from '@/lib/seat-layout/wire';
import type { createScreenAction } from '@/server/actions/venues';

// A new screen: its name and formats (react-hook-form with the schema the server validates with;
// the server's field errors land on the fields), then its seats in the layout editor. Nothing the
// manager drew or typed is lost: the editor keeps the drawing whatever the server answers, and a
// copy is kept in sessionStorage (per cinema) so a reload or a crash of the tab does not lose it.

type Props = {
  cinemaId: string;
  action: typeof createScreenAction;
  /** Where the created screen is shown; `{id}` is replaced by its id. */
  createdHref: string;
};

const DEFAULT_DRAFT = () => blankDraft(8, 14, { filled: true });

// What sessionStorage holds, checked on the way back in like any input.
const autosaveSchema = z.object({
  name: z.string().max(200),
  formats: z.array(z.enum(FORMAT_VALUES)).max(FORMAT_VALUES.length),
  draft: layoutDraftSchema,
});

export function NewScreenForm({ cinemaId, action, createdHref }: Props) {
  const router = useRouter();
  const storageKey = `marquee:new-screen:${cinemaId}`;
  const editor = useRef<LayoutEditorHandle>(null);
  const draftRef = useRef<LayoutDraft | null>(null);
  const [initial, setInitial] = useState<LayoutDraft>(DEFAULT_DRAFT);
  const [editorKey, setEditorKey] = useState(0);
  const [restored, setRestored] = useState(false);
  // Until the stored copy has been read, nothing is written over it.
  const ready = useRef(false);
  const saved = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const formatsId = useId();
  const form = useForm<ScreenDetails>({
    resolver: zodResolver(screenDetailsSchema),
    defaultValues: { name: '', formats: ['TWO_D'] },
  });
  const errors = form.formState.errors;

  const persist = useCallback(() => {
    if (!ready.current || saved.current || !draftRef.current) return;
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (saved.current || !draftRef.current) return;
      const { name, formats } = form.getValues();
      try {
        sessionStorage.setItem(
          storageKey,
          JSON.stringify({ name, formats, draft: encodeDraft(draftRef.current) }),
        );
      } catch {
        // Storage full or disabled: the drawing still lives in the editor.
      }
    }, 250);
  }, [form, storageKey]);

  useEffect(() => {
    let stored: unknown = null;
    try {
      stored = JSON.parse(sessionStorage.getItem(storageKey) ?? 'null');
    } catch {
      stored = null;
    }
    const parsed = stored ? autosaveSchema.safeParse(stored) : null;
    if (parsed?.success) {
      form.reset({ name: parsed.data.name, formats: parsed.data.formats });
      draftRef.current = parsed.data.draft;
      setInitial(parsed.data.draft);
      setEditorKey((k) => k + 1);
      setRestored(true);
    }
    ready.current = true;
    const sub = form.watch(() => persist());
    return () => {
      sub.unsubscribe();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [form, persist, storageKey]);

  const onChange = useCallback(
    (draft: LayoutDraft) => {
      draftRef.current = draft;
      persist();
    },
    [persist],
  );

  function startOver() {
    sessionStorage.removeItem(storageKey);
    form.reset({ name: '', formats: ['TWO_D'] });
    const fresh = DEFAULT_DRAFT();
    draftRef.current = fresh;
    setInitial(fresh);
    setEditorKey((k) => k + 1);
    setRestored(false);
  }

  async function onSave(draft: LayoutDraft): Promise<SaveOutcome> {
    if (!(await form.trigger())) {
      const first = (['name', 'formats'] as const).find((f) => form.getFieldState(f).invalid);
      if (first === 'name') form.setFocus('name');
      else document.getElementById(formatsId)?.querySelector('input')?.focus();
      return { ok: false, message: 'Check the screen’s name and formats above.' };
    }
    const r = await action({ ...form.getValues(), cinemaId, draft: encodeDraft(draft) });
    if (r.ok) {
      saved.current = true;
      sessionStorage.removeItem(storageKey);
      router.push(createdHref.replace('{id}', r.data.id));
      return { ok: true, message: `Saved “${r.data.name}”: ${r.data.capacity} seats. Opening it…` };
    }
    const details = serverDetails(r.error.details);
    let onField = false;
    for (const d of details) {
      if ((d.path === 'name' || d.path === 'formats') && typeof d.message === 'string') {
        form.setError(d.path, { type: 'server', message: d.message }, { shouldFocus: !onField });
        onField = true;
      }
    }
    const problems = serverLayoutProblems(r.error.details);
    return {
      ok: false,
      message: onField ? `${r.error.message} See the field above.` : r.error.message,
      problems,
    };
  }

  const formatsError = errors.formats?.message ?? errors.formats?.root?.message;
  return (
    <div className="space-y-6">
      {restored ? (
        <div
          role="status"
          className="flex flex-wrap items-center justify-between gap-3 rounded-lg border border-sky-300 bg-sky-50 p-3 text-sm dark:border-sky-800 dark:bg-sky-950"
        >
          <p>We kept the screen you were drawing in this tab: it is back, unsaved.</p>
          <button type="button" className={buttonBase} onClick={startOver}>
            Discard it and start over
          </button>
        </div>
      ) : null}
      <form
        noValidate
        className="grid gap-4 rounded-lg border border-stone-200 bg-white p-4 md:grid-cols-2 dark:border-ink-700 dark:bg-ink-900"
        // Enter in the name field saves, as the button under the plan does (one text field: implicit submission).
        onSubmit={(e) => {
          e.preventDefault();
          void editor.current?.save();
        }}
        aria-label="Screen details"
      >
        <Field
          label="Name"
          autoComplete="off"
          hint="As it is signposted, e.g. “Audi 4” or “IMAX”. Unique in this cinema."
          error={errors.name?.message}
          {...form.register('name')}
        />
        <FormatsField id={formatsId} register={form.register('formats')} error={formatsError} />
      </form>
      <LayoutEditor
        key={editorKey}
        ref={editor}
        initial={initial}
        onChange={onChange}
        onSave={onSave}
        saveLabel="Save screen"
      />
    </div>
  );
}
