'use client';

import { useEffect, useState } from 'react';
import { type OfflineTicket, syncOfflineTickets } from '@/lib/offline-tickets';

/**
 * Asks the service worker to keep these ticket pages of the signed-in customer for the door, and
 * says so once they are saved. `replace`: the list is all their upcoming bookings, so anything
 * else saved (a cancelled booking) goes. Rendered only for the booking's own customer.
 */
export function OfflineTickets({
  user,
  tickets,
  replace,
  remove,
}: {
  user: string;
  tickets: OfflineTicket[];
  replace: boolean;
  remove?: string[];
}) {
  const [saved, setSaved] = useState<number | null>(null);
  const key = JSON.stringify({ user, tickets, replace, remove });
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for all the props
  useEffect(() => {
    let live = true;
    void syncOfflineTickets({ user, tickets, replace, remove }).then((n) => {
      if (live) setSaved(n);
    });
    return () => {
      live = false;
    };
  }, [key]);
  if (saved === null || saved === 0 || tickets.length === 0) return null;
  return (
    <p
      role="status"
      data-offline-tickets="saved"
      className="text-sm text-stone-600 print:hidden dark:text-stone-400"
    >
      {tickets.length === 1 && replace === false
        ? 'Saved on this device: these tickets open without a connection.'
        : `${saved} upcoming ${saved === 1 ? 'booking is' : 'bookings are'} saved on this device: ${saved === 1 ? 'its tickets open' : 'their tickets open'} without a connection.`}
    </p>
  );
}
