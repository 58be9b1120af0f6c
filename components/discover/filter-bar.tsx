'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useTransition } from 'react';
import { discoverHref, FILTER_KEYS, type FilterKey } from '@/lib/schemas/discover';

export type FilterField = {
  key: FilterKey;
  label: string;
  /** The "no filter" option's text, e.g. "All genres". */
  any: string;
  value: string;
  options: { value: string; label: string; count: number }[];
};

// The home page's filters: a GET form (shareable URLs, works without JavaScript). With
// JavaScript, a change applies at once as a client navigation that keeps the scroll position,
// and empty filters are left out of the URL.

export function FilterBar({
  fields,
  keep = {},
}: {
  fields: FilterField[];
  /** Other query parameters the page keeps (the accessibility filter). */
  keep?: Record<string, string>;
}) {
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();

  const apply = (form: HTMLFormElement) => {
    const data = new FormData(form);
    const href = discoverHref(
      Object.fromEntries(FILTER_KEYS.map((k) => [k, String(data.get(k) ?? '')])),
      keep,
    );
    startTransition(() => router.push(href, { scroll: false }));
  };
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    apply(e.currentTarget);
  };

  return (
    <form
      action="/"
      method="get"
      onSubmit={onSubmit}
      aria-label="Filter films"
      className="grid grid-cols-2 items-end gap-x-3 gap-y-2 sm:grid-cols-3 lg:grid-cols-[repeat(5,minmax(0,1fr))_auto]"
    >
      {Object.entries(keep).map(([k, v]) => (
        <input key={k} type="hidden" name={k} value={v} />
      ))}
      {fields.map((f, i) => (
        // An odd last field gets the whole row on phones, so its longer labels fit.
        <div
          key={f.key}
          className={`min-w-0 ${i === fields.length - 1 && fields.length % 2 ? 'col-span-2 sm:col-span-1' : ''}`}
        >
          <label
            htmlFor={`${id}-${f.key}`}
            className="block text-xs font-medium text-stone-600 dark:text-stone-400"
          >
            {f.label}
          </label>
          <select
            id={`${id}-${f.key}`}
            name={f.key}
            defaultValue={f.value}
            key={f.value}
            onChange={(e) => {
              const form = e.currentTarget.form;
              if (form) apply(form);
            }}
            className={`mt-1 h-10 w-full rounded-md border bg-white px-2 text-sm dark:bg-ink-900 ${
              f.value
                ? 'border-brand-600 font-medium dark:border-brand-500'
                : 'border-stone-300 dark:border-ink-700'
            }`}
          >
            <option value="">{f.any}</option>
            {f.options.map((o) => (
              <option key={o.value} value={o.value} disabled={o.count === 0 && o.value !== f.value}>
                {o.label} ({o.count})
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="col-span-2 flex items-center gap-3 sm:col-span-1">
        <button
          type="submit"
          className="h-10 rounded-md bg-brand-700 px-4 text-sm font-semibold text-white hover:bg-brand-800"
        >
          Apply
        </button>
        <span role="status" className="text-sm text-stone-600 dark:text-stone-400">
          {pending ? 'Updating…' : ''}
        </span>
      </div>
    </form>
  );
}
