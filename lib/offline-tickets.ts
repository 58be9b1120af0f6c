// The browser's side of offline tickets (public/sw.js): what a page asks the service worker to
// keep, and forgetting it all on sign-out. Browser-only; every function is a no-op where service
// workers or the Cache API are missing.

export type OfflineTicket = {
  /** The ticket page, /bookings/MQ-XXXXXXX. */
  url: string;
  /** Epoch ms when the show ends: the copy is deleted then. */
  until: number;
  /** What the offline page lists it as ("Film · Sat 5 Dec, 7:30 pm"). */
  label: string;
};

export type SyncRequest = {
  user: string;
  tickets: OfflineTicket[];
  /** The list is every upcoming booking: drop saved tickets not in it (cancelled, moved). */
  replace: boolean;
  remove?: string[];
};

export const TICKET_CACHE_PREFIX = 'marquee-tickets-';

let registering: Promise<ServiceWorkerRegistration | null> | undefined;

/**
 * Registers public/sw.js once per page (production builds only: in development a worker caching
 * build files would serve stale code). Resolves when a worker is active, or null.
 */
export function registerServiceWorker(): Promise<ServiceWorkerRegistration | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return Promise.resolve(null);
  if (process.env.NODE_ENV !== 'production') return Promise.resolve(null);
  registering ??= navigator.serviceWorker
    .register('/sw.js', { scope: '/' })
    .then(() => navigator.serviceWorker.ready)
    .catch(() => null);
  return registering;
}

async function ask<T>(message: object, register: boolean): Promise<T | null> {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return null;
  const registration = register
    ? await registerServiceWorker()
    : ((await navigator.serviceWorker.getRegistration()) ?? null);
  const worker = registration?.active;
  if (!worker) return null;
  return new Promise<T | null>((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 30_000);
    channel.port1.onmessage = (event: MessageEvent<T>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.postMessage(message, [channel.port2]);
  });
}

/** Asks the service worker to save these ticket pages; resolves with how many it saved. */
export async function syncOfflineTickets(request: SyncRequest): Promise<number | null> {
  const answer = await ask<{ saved: number; failed?: boolean }>({ type: 'sync-tickets', ...request }, true);
  return answer && !answer.failed ? answer.saved : null;
}

/** Deletes every saved ticket on this device (before signing out). */
export async function forgetOfflineTickets(): Promise<void> {
  if (typeof caches === 'undefined') return;
  // Straight from the page, so it is done even if the worker is asleep or missing; then the
  // worker, in case it is saving one right now.
  const names = await caches.keys();
  await Promise.all(names.filter((n) => n.startsWith(TICKET_CACHE_PREFIX)).map((n) => caches.delete(n)));
  await ask({ type: 'forget-tickets' }, false);
}

/** The tickets saved on this device, for the offline page. */
export async function savedOfflineTickets(): Promise<{ url: string; label: string }[]> {
  if (typeof caches === 'undefined') return [];
  const found: { url: string; label: string; until: number }[] = [];
  for (const name of await caches.keys()) {
    if (!name.startsWith(TICKET_CACHE_PREFIX)) continue;
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const res = await cache.match(request);
      const until = Number(res?.headers.get('x-marquee-offline-until'));
      if (!res || !(until > Date.now())) continue;
      const label = decodeURIComponent(res.headers.get('x-marquee-offline-label') ?? '');
      found.push({ url: new URL(request.url).pathname, label, until });
    }
  }
  return found.sort((a, b) => a.until - b.until).map(({ url, label }) => ({ url, label }));
}

/** What the service worker keeps for a booking: its page, until its show ends. */
export function offlineTicketOf(
  booking: {
    reference: string;
    showtime: { startsAt: string; endsAt: string; movie: { title: string }; cinema: { name: string } };
  },
  when: (startsAt: string) => string,
): OfflineTicket {
  return {
    url: `/bookings/${booking.reference}`,
    until: new Date(booking.showtime.endsAt).getTime(),
    label: `${booking.showtime.movie.title} · ${booking.showtime.cinema.name} · ${when(booking.showtime.startsAt)}`,
  };
}
