import 'server-only';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LRUCache } from 'lru-cache';
import { CITY_COOKIE } from '@/lib/city';
import { onCatalogChange } from '@/server/events/catalog-events';
import { EVERY_SHOWTIME, onSeatsChanged } from '@/server/events/seat-events';
import { singleton } from '@/server/singleton';

// The public pages a crowd reads (home, a film, a cinema, the cinema list, a showtime's seat
// picker) rendered by Next once and served to every anonymous visitor from this process until
// something they show changes. Rendering one costs tens of milliseconds of CPU; serving a copy
// costs a string replace.
//
// Why here and not Next's own cache: every page carries a per-request CSP nonce (read from the
// request in the layout), so Next renders each one dynamically; and Next's revalidateTag works
// only inside its own server actions and route handlers, while Marquee's writes also come
// through the REST router and from other instances. So the custom server keeps the HTML, and the
// same buses as every other cache clear it:
//   - a catalogue change (films, cinemas, screens, showtimes, prices) forgets every page;
//   - a seat change forgets that showtime's pages (the seat picker's first paint);
//   - every copy lives at most PAGE_CACHE_SECONDS (default 10): "seats left" and "now showing"
//     on listings move with the clock and with sales, and a few seconds late is what a listing
//     may be. The seat picker itself goes live over Socket.IO on load whatever it started from.
// Only anonymous GETs of full documents are cached: any session cookie or Authorization header,
// an RSC or prefetch request, a query the page does not know, or a response that is not a plain
// 200 HTML page without Set-Cookie goes straight to Next. The key is the URL and the city cookie
// (the only cookie these pages read). Each copy is served with a fresh nonce: the nonce of the
// render is replaced in the body, so no two responses share one.

type Page = { headers: Record<string, string | string[]>; body: string; nonce: string };

const CACHEABLE = [/^\/$/, /^\/movies\/[^/]+$/, /^\/cinemas$/, /^\/cinemas\/[^/]+$/, /^\/showtimes\/[^/]+$/];
// Headers of the render that belong to its request, not to the page.
const PER_REQUEST = new Set([
  'content-security-policy',
  'x-request-id',
  'traceparent',
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
]);
const MAX_BODY = 512 * 1024;

type Cache = {
  pages: LRUCache<string, Page>;
  byShowtime: Map<string, Set<string>>;
  /** Counts every change heard; a render keeps its copy only if nothing it shows changed since it began. */
  changes: number;
  catalogChangedAt: number;
  seatsChangedAt: LRUCache<string, number>;
};

function createCache(ttlMs: number): Cache {
  const byShowtime = new Map<string, Set<string>>();
  const pages = new LRUCache<string, Page>({
    max: 2_000,
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (p) => p.body.length + 256,
    ttl: ttlMs,
    dispose: (_page, key) => {
      const id = showtimeOf(key);
      const keys = id ? byShowtime.get(id) : undefined;
      keys?.delete(key);
      if (id && keys?.size === 0) byShowtime.delete(id);
    },
  });
  const cache: Cache = {
    pages,
    byShowtime,
    changes: 0,
    catalogChangedAt: 0,
    seatsChangedAt: new LRUCache({ max: 20_000 }),
  };
  // Any catalogue change (even of one showtime: it shows on its film's and cinema's pages too)
  // forgets every page; they are few and changes are rare.
  onCatalogChange(() => {
    cache.catalogChangedAt = ++cache.changes;
    pages.clear();
  });
  onSeatsChanged((showtimeId) => {
    if (showtimeId === EVERY_SHOWTIME) {
      // As a catalogue change does: every page is forgotten and none filled before counts.
      cache.catalogChangedAt = ++cache.changes;
      pages.clear();
      return;
    }
    cache.seatsChangedAt.set(showtimeId, ++cache.changes);
    for (const key of byShowtime.get(showtimeId) ?? []) pages.delete(key);
  });
  return cache;
}

function showtimeOf(key: string): string | undefined {
  const m = /^\/showtimes\/([^/?\n]+)/.exec(key);
  return m?.[1];
}

function cookieValue(header: string | undefined, name: string): string {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return '';
}

/** The cache key of a request these pages may serve from a copy, or null. */
function keyOf(req: IncomingMessage): string | null {
  if (req.method !== 'GET') return null;
  const h = req.headers;
  if (
    h.authorization ||
    h.rsc ||
    h['next-router-prefetch'] ||
    h['next-router-state-tree'] ||
    h['next-action']
  )
    return null;
  if (h.cookie?.includes('next-auth.session-token')) return null;
  const url = req.url ?? '/';
  const path = url.split('?')[0] ?? '/';
  if (!CACHEABLE.some((re) => re.test(path))) return null;
  // `_rsc` is Next's cache-buster for RSC requests; never a document.
  if (url.includes('_rsc=')) return null;
  return `${url}\n${cookieValue(h.cookie, CITY_COOKIE)}`;
}

export type PageCache = {
  /** Answers from a copy (true), or arranges for Next's answer to be kept (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
};

export function pageCache(options: { ttlSeconds: number }): PageCache | null {
  if (options.ttlSeconds <= 0) return null;
  const cache = singleton('page-cache', () => createCache(options.ttlSeconds * 1000));
  return {
    serve(req, res) {
      const key = keyOf(req);
      if (!key) return false;
      const nonce = String(req.headers['x-nonce'] ?? '');
      const hit = cache.pages.get(key);
      if (hit && nonce) {
        const body = hit.body.replaceAll(hit.nonce, nonce);
        for (const [name, value] of Object.entries(hit.headers)) res.setHeader(name, value);
        res.setHeader('content-length', Buffer.byteLength(body));
        res.setHeader('x-marquee-cache', 'hit');
        res.statusCode = 200;
        res.end(body);
        return true;
      }
      if (!nonce) return false;
      // A copy must be plain text to have its nonce replaced: ask Next for an uncompressed body.
      delete req.headers['accept-encoding'];
      const began = cache.changes;
      const id = showtimeOf(key);
      capture(res, (page) => {
        // Something this page shows changed while Next rendered it: the copy may miss it.
        if (cache.catalogChangedAt > began || (id && (cache.seatsChangedAt.get(id) ?? 0) > began)) return;
        cache.pages.set(key, { ...page, nonce });
        if (id) {
          const keys = cache.byShowtime.get(id) ?? new Set<string>();
          keys.add(key);
          cache.byShowtime.set(id, keys);
        }
      });
      return false;
    },
  };
}

/** Keeps what Next writes to `res` and hands it to `keep` when it is a plain 200 HTML page. */
function capture(res: ServerResponse, keep: (page: Omit<Page, 'nonce'>) => void): void {
  const chunks: Buffer[] = [];
  let size = 0;
  let tooBig = false;
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  const keepChunk = (chunk: unknown, encoding?: unknown) => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function' || tooBig) return;
    const buf = Buffer.isBuffer(chunk)
      ? chunk
      : typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
    size += buf.length;
    if (size > MAX_BODY) tooBig = true;
    else chunks.push(buf);
  };
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    keepChunk(chunk, rest[0]);
    return write(chunk, ...rest);
  }) as typeof res.write;
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    keepChunk(chunk, rest[0]);
    const type = String(res.getHeader('content-type') ?? '');
    if (
      !tooBig &&
      res.statusCode === 200 &&
      type.startsWith('text/html') &&
      !res.getHeader('content-encoding') &&
      !res.getHeader('set-cookie')
    ) {
      const headers: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(res.getHeaders())) {
        if (value === undefined || PER_REQUEST.has(name)) continue;
        headers[name] = typeof value === 'number' ? String(value) : value;
      }
      keep({ headers, body: Buffer.concat(chunks).toString('utf8') });
    }
    return end(chunk, ...rest);
  }) as typeof res.end;
}
