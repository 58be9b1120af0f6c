import Link from 'next/link';
import type { Ref } from 'react';

// Why this checkout cannot go on, and where to go next. Rendered by the page for a hold that has
// already ended, and by the checkout form when paying ends it.

export type NextStep = { href: string; label: string };

export function EndedNotice({
  title,
  message,
  steps,
  tone = 'warning',
  ref,
}: {
  title: string;
  message: string;
  steps: NextStep[];
  tone?: 'warning' | 'success';
  ref?: Ref<HTMLDivElement>;
}) {
  return (
    <div
      ref={ref}
      tabIndex={-1}
      role={tone === 'warning' ? 'alert' : 'status'}
      className={`space-y-3 rounded-lg border p-5 ${
        tone === 'warning'
          ? 'border-red-200 bg-red-50 text-red-950 dark:border-red-900 dark:bg-red-950/60 dark:text-red-50'
          : 'border-emerald-200 bg-emerald-50 text-emerald-950 dark:border-emerald-900 dark:bg-emerald-950/60 dark:text-emerald-50'
      }`}
    >
      <h2 className="font-display text-xl font-bold">{title}</h2>
      <p>{message}</p>
      <ul className="flex flex-wrap gap-3">
        {steps.map((s, i) => (
          <li key={s.href}>
            <Link
              href={s.href}
              className={
                i === 0
                  ? 'inline-flex h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800'
                  : 'inline-flex h-11 items-center rounded-md border border-stone-300 px-4 font-medium hover:bg-stone-100 dark:border-ink-700 dark:hover:bg-ink-800'
              }
            >
              {s.label}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}
