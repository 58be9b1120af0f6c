'use client';

import { useEffect, useState } from 'react';
import { savedOfflineTickets } from '@/lib/offline-tickets';

/** The offline page's list of tickets this device kept (read straight from the Cache API). */
export function SavedTickets() {
  const [tickets, setTickets] = useState<{ url: string; label: string }[] | null>(null);
  useEffect(() => {
    void savedOfflineTickets().then(setTickets, () => setTickets([]));
  }, []);
  if (tickets === null || tickets.length === 0) return null;
  return (
    <section aria-labelledby="saved-tickets" className="mt-8 text-left">
      <h2 id="saved-tickets" className="font-display text-xl font-bold">
        Tickets on this device
      </h2>
      <ul className="mt-3 space-y-2">
        {tickets.map((t) => (
          <li key={t.url}>
            {/* A plain link: a full navigation, which the service worker answers from its copy. */}
            <a
              href={t.url}
              className="block rounded-md border border-stone-300 px-4 py-3 font-medium hover:bg-stone-100 dark:border-ink-700 dark:hover:bg-ink-800"
            >
              <span className="font-mono">{t.url.split('/').pop()}</span>
              {t.label ? <span className="block text-sm font-normal">{t.label}</span> : null}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
