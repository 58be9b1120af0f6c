'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { type AdminNavEntry, isCurrent } from '@/lib/admin-nav';

/**
 * The admin area's navigation, on every admin page: a row of links from a tablet up, a menu
 * button on a phone (the links would not fit beside each other at 375 px).
 */
export function AdminNav({ entries }: { entries: AdminNavEntry[] }) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  const listId = useId();
  // A link followed on a phone closes the menu.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => setOpen(false), [pathname]);
  if (entries.length === 0) return null;
  const current = entries.find((e) => isCurrent(e, pathname));
  return (
    <nav
      aria-label="Admin"
      className="mb-6 rounded-lg border border-stone-200 bg-white text-sm dark:border-ink-700 dark:bg-ink-900"
    >
      <button
        type="button"
        aria-expanded={open}
        aria-controls={listId}
        onClick={() => setOpen((o) => !o)}
        className="flex min-h-11 w-full items-center justify-between gap-2 px-3 font-semibold md:hidden"
      >
        <span>
          Admin menu
          {current ? (
            <span className="font-normal text-stone-600 dark:text-stone-400"> · {current.label}</span>
          ) : null}
        </span>
        <span aria-hidden="true">{open ? '▴' : '▾'}</span>
      </button>
      <ul
        id={listId}
        className={`${open ? 'flex' : 'hidden'} flex-col border-t border-stone-200 p-1 md:flex md:flex-row md:flex-wrap md:gap-1 md:border-t-0 dark:border-ink-700`}
      >
        {entries.map((entry) => {
          const here = isCurrent(entry, pathname);
          return (
            <li key={entry.href}>
              <Link
                href={entry.href}
                aria-current={here ? 'page' : undefined}
                className={`flex min-h-10 items-center rounded-md px-3 font-medium ${
                  here
                    ? 'bg-stone-900 text-white dark:bg-stone-100 dark:text-ink-950'
                    : 'hover:bg-stone-100 dark:hover:bg-ink-800'
                }`}
              >
                {entry.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
