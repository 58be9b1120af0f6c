'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useTransition } from 'react';
import { ACCESS_FILTERS, ACCESS_LABELS, accessSlug, type AccessFilter as Filter } from '@/lib/accessibility';

// "Accessible showings" on the film and cinema pages: a GET form, so a filtered page is a URL
// that can be shared (?access=relaxed,wheelchair) and the form works without JavaScript (the
// browser then sends access=relaxed&access=wheelchair, which the pages read the same way). With
// JavaScript, ticking a box applies it at once as a client navigation that keeps the scroll.

export function AccessFilterForm({
  action,
  selected,
  keep,
}: {
  /** The page's path. */
  action: string;
  selected: readonly Filter[];
  /** Other query parameters the page keeps (the date). */
  keep: Record<string, string>;
}) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();

  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const sp = new URLSearchParams();
    for (const [k, v] of Object.entries(keep)) sp.set(k, v);
    const access = data.getAll('access').map(String);
    if (access.length) sp.set('access', access.join(','));
    const qs = sp.toString();
    startTransition(() => router.push(`${action}${qs ? `?${qs}` : ''}`, { scroll: false }));
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    apply(e.currentTarget);
  };

  return (
    <form action={action} method="get" onSubmit={onSubmit} aria-labelledby={`${id}-legend`}>
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      <fieldset className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <legend id={`${id}-legend`} className="mb-1 text-sm font-semibold">
          Accessible showings
        </legend>
        {ACCESS_FILTERS.map((f) => (
          <label key={f} className="flex min-h-6 items-center gap-1.5 text-sm" title={ACCESS_LABELS[f].hint}>
            <input
              type="checkbox"
              name="access"
              value={accessSlug(f)}
              defaultChecked={selected.includes(f)}
              // A different key per URL: back/forward shows the boxes of the page shown.
              key={`${f}-${selected.includes(f)}`}
              onChange={(e) => {
                const form = e.currentTarget.form;
                if (form) apply(form);
              }}
              className="h-4 w-4 accent-brand-700"
            />
            {ACCESS_LABELS[f].name}
          </label>
        ))}
        <noscript>
          <button
            type="submit"
            // The home page has the other filters' Apply too: say which this one is.
            aria-label="Apply accessible showings"
            className="rounded-md bg-brand-700 px-3 py-1 text-sm font-semibold text-white"
          >
            Apply
          </button>
        </noscript>
        <span role="status" className="text-sm text-stone-600 dark:text-stone-400">
          {pending ? 'Updating…' : ''}
        </span>
      </fieldset>
    </form>
  );
}
