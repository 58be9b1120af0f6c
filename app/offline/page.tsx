import type { Metadata } from 'next';
import { SavedTickets } from '@/components/pwa/saved-tickets';

export const metadata: Metadata = { title: 'Offline', robots: { index: false } };

// What the service worker shows when there is no connection and no saved copy of the page asked
// for. It is cached signed out, so it names nobody; the saved tickets are listed from this
// device's cache by the browser.
export default function OfflinePage() {
  return (
    <div className="mx-auto max-w-md py-16 text-center">
      <h1 className="font-display text-3xl font-bold">You are offline</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        This page needs a connection. Tickets of your upcoming shows that you opened on this device while
        signed in still open.
      </p>
      <SavedTickets />
    </div>
  );
}
