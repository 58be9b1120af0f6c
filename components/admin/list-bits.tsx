import Link from 'next/link';
import type { ReactNode } from 'react';

// The parts every admin list page has: filters submitted as a plain GET form, the count shown,
// pages, and an empty state that says why the list is empty.

export const filterControl =
  'h-11 rounded-md border border-stone-300 bg-white px-3 text-base dark:border-ink-700 dark:bg-ink-900';

/** `base?query` without the defaults, page 1 left out. */
export function listHref(base: string, params: Record<string, string | undefined>, page: number): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) search.set(k, v);
  if (page > 1) search.set('page', String(page));
  const query = search.toString();
  return query ? `${base}?${query}` : base;
}

export function FilterActions(props: { filtered: boolean; clearHref: string }) {
  return (
    <>
      <button
        type="submit"
        className="h-11 rounded-md bg-stone-900 px-4 font-semibold text-white dark:bg-stone-100 dark:text-ink-950"
      >
        Filter
      </button>
      {props.filtered ? (
        <Link href={props.clearHref} className="inline-flex h-11 items-center text-sm underline">
          Clear filters
        </Link>
      ) : null}
    </>
  );
}

export function ListCount(props: { first: number; shown: number; total: number; one: string; many: string }) {
  return (
    <p className="text-sm text-stone-600 dark:text-stone-400">
      {props.first}–{props.first + props.shown - 1} of {props.total.toLocaleString('en-IN')}{' '}
      {props.total === 1 ? props.one : props.many}
    </p>
  );
}

/** Why there is nothing to show: a page past the end, filters that match nothing, or nothing yet. */
export function ListEmpty(props: {
  page: number;
  total: number;
  filtered: boolean;
  firstPageHref: string;
  clearHref: string;
  noMatch: string;
  nothingYet: ReactNode;
}) {
  return (
    <div className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
      {props.total > 0 ? (
        <p>
          There is no page {props.page}.{' '}
          <Link href={props.firstPageHref} className="underline">
            Back to the first page
          </Link>
          .
        </p>
      ) : props.filtered ? (
        <p>
          {props.noMatch}{' '}
          <Link href={props.clearHref} className="underline">
            Clear them
          </Link>
          .
        </p>
      ) : (
        <p>{props.nothingYet}</p>
      )}
    </div>
  );
}

export function Pager(props: { page: number; pages: number; href: (page: number) => string }) {
  if (props.pages <= 1) return null;
  const link = 'rounded-md border px-3 py-2 dark:border-ink-700';
  return (
    <nav aria-label="Pages" className="flex flex-wrap items-center gap-3 text-sm">
      {props.page > 1 ? (
        <Link href={props.href(props.page - 1)} rel="prev" className={link}>
          ← Previous
        </Link>
      ) : null}
      <span>
        Page {Math.min(props.page, props.pages)} of {props.pages}
      </span>
      {props.page < props.pages ? (
        <Link href={props.href(props.page + 1)} rel="next" className={link}>
          Next →
        </Link>
      ) : null}
    </nav>
  );
}
