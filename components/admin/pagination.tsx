import Link from 'next/link';

// Previous / next links under an admin list, with where the reader is. Plain links: it works
// without JavaScript, and each page has its own address.

export function Pagination({
  page,
  perPage,
  total,
  href,
  label,
}: {
  page: number;
  perPage: number;
  total: number;
  /** The address of another page of the same list (its filters kept). */
  href: (page: number) => string;
  /** What the list holds, e.g. "cinemas". */
  label: string;
}) {
  const pages = Math.max(1, Math.ceil(total / perPage));
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  const link =
    'inline-flex h-11 items-center rounded-md border border-stone-300 px-4 font-medium hover:border-brand-500 dark:border-ink-700';
  return (
    <nav
      aria-label={`Pages of ${label}`}
      className="flex flex-wrap items-center justify-between gap-3 text-sm"
    >
      <p>
        {total === 0 ? `No ${label}` : `${first}–${last} of ${total.toLocaleString('en-IN')} ${label}`}
        {pages > 1 ? ` · page ${page} of ${pages}` : ''}
      </p>
      {pages > 1 ? (
        <div className="flex gap-2">
          {page > 1 ? (
            <Link href={href(page - 1)} className={link} rel="prev">
              ← Previous<span className="sr-only"> page</span>
            </Link>
          ) : null}
          {page < pages ? (
            <Link href={href(page + 1)} className={link} rel="next">
              Next<span className="sr-only"> page</span> →
            </Link>
          ) : null}
        </div>
      ) : null}
    </nav>
  );
}

/** A list page's address with its filters (empty ones left out) and a page number. */
export function listHref(base: string, filters: Record<string, string | undefined>, page: number): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) q.set(k, v);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}
