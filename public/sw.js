// Marquee's service worker: tickets of upcoming shows open at the door with no connection.
//
// Hand-written and small on purpose (see README, "Offline tickets"): it caches only
//   - the app shell: the offline page (fetched signed out, so it names nobody), manifest, icons;
//   - Next's content-hashed build files (/_next/static/*), cache-first, bounded;
//   - the signed-in customer's ticket pages (/bookings/MQ-…), only when a page of their own
//     bookings asks for them (a 'sync-tickets' message), in a cache named after that customer.
// Everything else (admin pages, API calls, any write, other pages) goes to the network untouched;
// navigations fall back to a saved ticket or the offline page when the network is gone.
// A ticket stays until its show ends; signing out (or another customer syncing) deletes the lot.

const SHELL = 'marquee-shell-v1';
const STATIC = 'marquee-static-v1';
const TICKETS = 'marquee-tickets-'; // + the customer's id
const SHELL_URLS = [
  '/offline',
  '/manifest.webmanifest',
  '/icons/icon-192.png',
  '/icons/icon-512.png',
  '/icons/apple-touch-icon.png',
];
const TICKET_PATH = /^\/bookings\/MQ-[0-9A-Z]{7}$/;
const USER = /^[0-9A-Za-z-]{1,64}$/;
const UNTIL = 'x-marquee-offline-until';
const LABEL = 'x-marquee-offline-label';
const MAX_STATIC = 400;

// Syncs run one after the other. Forgetting does not wait behind them (a customer with many
// bookings would wait for every ticket page to download before signing out): it deletes at once
// and bumps `forgotten`, and a sync under way sees the change, stops and deletes what it saved.
let queue = Promise.resolve();
let forgotten = 0;
function serially(task) {
  const run = queue.then(task, task);
  queue = run.catch(() => undefined);
  return run;
}

/** The build files a page needs (scripts, styles, fonts), read from its HTML and RSC payload. */
function staticAssets(html) {
  const found = html.match(/\/_next\/static\/[^"'\s\\)<>]+/g) ?? [];
  return [...new Set(found)].slice(0, 200);
}

async function cacheStatic(urls) {
  const cache = await caches.open(STATIC);
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(url, { ignoreVary: true })) return;
      try {
        const res = await fetch(url, { credentials: 'omit' });
        if (res.ok) await cache.put(url, res);
      } catch {
        // A missing build file only costs styling offline; the ticket's text and QR are in the HTML.
      }
    }),
  );
  const keys = await cache.keys();
  for (const old of keys.slice(0, Math.max(0, keys.length - MAX_STATIC))) await cache.delete(old);
}

async function ticketCaches() {
  return (await caches.keys()).filter((name) => name.startsWith(TICKETS));
}

async function forgetTickets() {
  forgotten += 1;
  await Promise.all((await ticketCaches()).map((name) => caches.delete(name)));
}

/** Drops tickets whose show has ended. */
async function prune() {
  const now = Date.now();
  for (const name of await ticketCaches()) {
    const cache = await caches.open(name);
    for (const request of await cache.keys()) {
      const res = await cache.match(request);
      const until = Number(res?.headers.get(UNTIL));
      if (!res || !Number.isFinite(until) || until <= now) await cache.delete(request);
    }
  }
}

async function saveTicket(cache, ticket) {
  const res = await fetch(ticket.url, { credentials: 'same-origin', redirect: 'manual' });
  // Anything but the page itself (a redirect to sign in, a 404 for someone else's booking) is
  // not a ticket worth keeping.
  if (res.type !== 'basic' || res.status !== 200 || res.redirected) return false;
  const html = await res.text();
  const headers = new Headers(res.headers);
  // The body is stored decoded: its original encoding and length no longer describe it.
  headers.delete('content-encoding');
  headers.delete('content-length');
  headers.set(UNTIL, String(ticket.until));
  headers.set(LABEL, encodeURIComponent(ticket.label));
  await cache.put(ticket.url, new Response(html, { status: 200, headers }));
  await cacheStatic(staticAssets(html));
  return true;
}

function validTickets(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (t) =>
        t &&
        typeof t.url === 'string' &&
        TICKET_PATH.test(t.url) &&
        Number.isFinite(t.until) &&
        t.until > Date.now() &&
        typeof t.label === 'string',
    )
    .slice(0, 100)
    .map((t) => ({ url: t.url, until: t.until, label: t.label.slice(0, 200) }));
}

async function syncTickets(data) {
  if (typeof data.user !== 'string' || !USER.test(data.user)) return { saved: 0 };
  const name = TICKETS + data.user;
  const started = forgotten;
  const signedOut = async () => {
    if (forgotten === started) return false;
    await caches.delete(name);
    return true;
  };
  // One customer's tickets per device: whoever synced before is forgotten.
  await Promise.all((await ticketCaches()).filter((n) => n !== name).map((n) => caches.delete(n)));
  const cache = await caches.open(name);
  const tickets = validTickets(data.tickets);
  const keep = new Set(tickets.map((t) => t.url));
  const removals = Array.isArray(data.remove) ? data.remove.filter((u) => typeof u === 'string') : [];
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if ((data.replace === true && !keep.has(path)) || removals.includes(path)) await cache.delete(request);
  }
  let saved = 0;
  for (const ticket of tickets) {
    try {
      if (await saveTicket(cache, ticket)) saved += 1;
    } catch {
      // Offline right now: the copy saved earlier (if any) stays.
    }
    if (await signedOut()) return { saved: 0 };
  }
  await prune();
  if (await signedOut()) return { saved: 0 };
  // A sync that found no session (signed out meanwhile) leaves no empty cache behind.
  if ((await cache.keys()).length === 0) await caches.delete(name);
  return { saved };
}

/** A saved ticket for this URL (any query string, e.g. ?new=1), from the current customer's cache. */
async function savedTicket(url) {
  const path = new URL(url).pathname;
  if (!TICKET_PATH.test(path)) return undefined;
  await prune();
  for (const name of await ticketCaches()) {
    const hit = await (await caches.open(name)).match(path, { ignoreSearch: true, ignoreVary: true });
    if (hit) return hit;
  }
  return undefined;
}

async function navigate(request) {
  try {
    return await fetch(request);
  } catch (error) {
    const ticket = await savedTicket(request.url);
    if (ticket) return ticket;
    const offline = await caches.match('/offline', { cacheName: SHELL, ignoreVary: true });
    if (offline) return offline;
    throw error;
  }
}

async function staticFirst(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request, { ignoreVary: true });
  if (hit) return hit;
  const res = await fetch(request);
  if (res.ok) await cache.put(request, res.clone());
  return res;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL);
      for (const url of SHELL_URLS) {
        // Signed out on purpose: the shell is shared by whoever uses this device next.
        const res = await fetch(url, { credentials: 'omit' });
        if (!res.ok) throw new Error(`${url}: ${res.status}`);
        if (url === '/offline') {
          const html = await res.clone().text();
          await cacheStatic(staticAssets(html));
        }
        await cache.put(url, res);
      }
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const current = new Set([SHELL, STATIC]);
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((n) => n.startsWith('marquee-') && !n.startsWith(TICKETS) && !current.has(n))
          .map((n) => caches.delete(n)),
      );
      await prune();
      await self.clients.claim();
    })(),
  );
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== 'GET') {
    // Whatever signs out (the menu, the 2FA page, a form), the tickets go with the session.
    if (request.method === 'POST' && url.pathname === '/api/auth/signout') {
      event.waitUntil(forgetTickets());
    }
    return;
  }
  if (url.pathname.startsWith('/_next/static/')) {
    event.respondWith(staticFirst(request));
    return;
  }
  if (request.mode === 'navigate') event.respondWith(navigate(request));
});

self.addEventListener('message', (event) => {
  const data = event.data;
  const reply = (message) => event.ports[0]?.postMessage(message);
  if (!data || typeof data !== 'object') return;
  if (data.type === 'release-hold') {
    // A seat page being left asks us to give its seats back: Chromium drops a keepalive request
    // made by a document that is unloading under a service worker, so the worker, which outlives
    // the page, sends it (seat-picker.tsx). Only a hold id is accepted, only to our own API.
    const holdId = typeof data.holdId === 'string' ? data.holdId : '';
    if (/^[0-9a-f-]{36}$/i.test(holdId)) {
      event.waitUntil(
        fetch(`/api/v1/holds/${holdId}`, { method: 'DELETE', credentials: 'same-origin' }).catch(() => {}),
      );
    }
    return;
  }
  if (data.type === 'sync-tickets') {
    event.waitUntil(
      serially(() => syncTickets(data)).then(
        (result) => reply({ type: 'tickets-synced', ...result }),
        () => reply({ type: 'tickets-synced', saved: 0, failed: true }),
      ),
    );
  } else if (data.type === 'forget-tickets') {
    event.waitUntil(forgetTickets().then(() => reply({ type: 'tickets-forgotten' })));
  }
});
