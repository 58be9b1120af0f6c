'use client';

import { useState } from 'react';
import type { FieldPath, FieldValues, UseFormReturn } from 'react-hook-form';
import { primaryButton } from '@/components/ui/buttons';
import type { ErrorBody } from '@/lib/errors';

// The admin form pattern, written once (film and promo forms use it): react-hook-form with the
// schema the server also validates with; an edit sends only the fields changed; the server's
// field errors land on their fields; a message about the last attempt under the form; nothing the
// user typed is ever reset on an error.

export type FormStatus = { tone: 'ok' | 'error'; text: string } | null;

const errorClass = 'text-sm text-red-700 dark:text-red-400';

/**
 * What an edit sends: the values typed in the fields the user changed (a changed item of a list
 * counts for the whole list), or null when nothing changed.
 */
export function editedValues<V extends FieldValues>(
  form: UseFormReturn<V, unknown, unknown>,
  fields: readonly (keyof V)[],
): Partial<V> | null {
  const dirty = form.formState.dirtyFields as Partial<Record<keyof V, unknown>>;
  const typed = form.getValues();
  const changed = fields.filter((k) => dirty[k] !== undefined && dirty[k] !== false);
  return changed.length ? (Object.fromEntries(changed.map((k) => [k, typed[k]])) as Partial<V>) : null;
}

export const NOTHING_CHANGED: FormStatus = { tone: 'ok', text: 'Nothing to save: no field was changed.' };

/** Puts the server's field errors on their fields (focusing the first); returns the form's message. */
export function showServerErrors<V extends FieldValues>(
  form: UseFormReturn<V, unknown, unknown>,
  error: ErrorBody['error'],
  fields: readonly (keyof V)[],
): string {
  const details = Array.isArray(error.details)
    ? (error.details as { path?: unknown; message?: unknown }[])
    : [];
  let onField = 0;
  for (const d of details) {
    if (typeof d.path !== 'string' || typeof d.message !== 'string') continue;
    if (!fields.includes(d.path.split('.')[0] as keyof V)) continue;
    form.setError(
      d.path as FieldPath<V>,
      { type: 'server', message: d.message },
      { shouldFocus: onField === 0 },
    );
    onField++;
  }
  return onField
    ? `${error.message} See the ${onField === 1 ? 'field' : 'fields'} marked above.`
    : error.message;
}

/** The form's last message; an error's goes once the user changes something (field errors stay). */
export function useFormStatus() {
  const [status, setStatus] = useState<FormStatus>(null);
  const clearError = () => setStatus((s) => (s?.tone === 'error' ? null : s));
  const invalid = () =>
    setStatus({ tone: 'error', text: 'Some fields need attention: see the messages above.' });
  return { status, setStatus, clearError, invalid };
}

/** The submit button, kept in view under a long form, with the last message beside it. */
export function SaveBar(props: { label: string; submitting: boolean; status: FormStatus }) {
  return (
    <div className="sticky bottom-0 flex flex-wrap items-center gap-3 border-t border-stone-200 bg-stone-50/95 py-3 dark:border-ink-700 dark:bg-ink-950/95">
      <button type="submit" className={primaryButton} disabled={props.submitting}>
        {props.submitting ? 'Saving…' : props.label}
      </button>
      {props.status ? (
        <p
          role={props.status.tone === 'error' ? 'alert' : 'status'}
          className={
            props.status.tone === 'error' ? errorClass : 'text-sm text-emerald-800 dark:text-emerald-300'
          }
        >
          {props.status.text}
        </p>
      ) : null}
    </div>
  );
}
