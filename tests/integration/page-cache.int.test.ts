import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { publishSeatEvents } from '@/server/events/seat-events';
import { pageCache } from '@/server/http/page-cache';

// The page cache's rules, with a stand-in for Next that renders a page showing its nonce and a
// render counter (tests/integration/page-cache-production.int.test.ts runs it against real Next).
// What a visitor would notice: a page older than a change, another request's nonce, a signed-in
// page served to someone else.

let server: Server;
let base: string;
let renders = 0;
/** While set, the stand-in waits for it before finishing a render. */
let slowRender: Promise<void> | null = null;

async function renderLikeNext(req: IncomingMessage, res: ServerResponse) {
  renders++;
  const n = renders;
  if (slowRender) await slowRender;
  const nonce = String(req.headers['x-nonce']);
  res.setHeader('content-type', 'text/html; charset=utf-8');
  res.setHeader('cache-control', 'private, no-cache, no-store, max-age=0, must-revalidate');
  res.write(`<!DOCTYPE html><html><head><script nonce="${nonce}">1</script></head>`);
  res.end(`<body data-render="${n}" data-url="${req.url}"><script nonce="${nonce}">2</script></body></html>`);
}

beforeAll(async () => {
  const pages = pageCache({ ttlSeconds: 60 });
  server = createServer((req, res) => {
    const nonce = randomBytes(16).toString('base64');
    req.headers['x-nonce'] = nonce;
    res.setHeader('content-security-policy', `script-src 'nonce-${nonce}'`);
    if (pages?.serve(req, res)) return;
    void renderLikeNext(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}${path}`, { headers });
  const body = await res.text();
  const render = Number(/data-render="(\d+)"/.exec(body)?.[1]);
  const nonces = [...body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]);
  const csp = /'nonce-([^']+)'/.exec(res.headers.get('content-security-policy') ?? '')?.[1];
  return { status: res.status, body, render, nonces, csp, hit: res.headers.get('x-marquee-cache') === 'hit' };
}

describe('copies of public pages', () => {
  it('serves a copy to the next anonymous visitor, with that request’s own nonce everywhere', async () => {
    const first = await get('/movies/a-film');
    const second = await get('/movies/a-film');
    expect([first.hit, second.hit]).toEqual([false, true]);
    expect(second.render).toBe(first.render);
    expect(second.nonces).toEqual([second.csp, second.csp]);
    expect(second.csp).not.toBe(first.csp);
    expect(second.body.replaceAll(second.csp ?? '', 'N')).toBe(first.body.replaceAll(first.csp ?? '', 'N'));
  });

  it('keys by URL and city cookie; never serves signed-in, RSC, prefetch, POST or unknown routes', async () => {
    await get('/cinemas');
    expect((await get('/cinemas')).hit).toBe(true);
    expect((await get('/cinemas', { cookie: 'marquee_city=pune' })).hit).toBe(false);
    expect((await get('/cinemas', { cookie: 'marquee_city=pune' })).hit).toBe(true);
    expect((await get('/cinemas?q=x')).hit).toBe(false);
    for (const headers of <Record<string, string>[]>[
      { cookie: 'next-auth.session-token=abc' },
      { cookie: '__Secure-next-auth.session-token=abc' },
      { authorization: 'Bearer abc' },
      { rsc: '1' },
      { 'next-router-prefetch': '1' },
    ]) {
      expect((await get('/cinemas', headers)).hit).toBe(false);
    }
    await get('/account');
    expect((await get('/account')).hit).toBe(false);
    await get('/bookings/ABC123');
    expect((await get('/bookings/ABC123')).hit).toBe(false);
  });

  it('forgets a showtime’s page when its seats change, and every page on a catalogue change', async () => {
    const showtimeId = '00000000-0000-4000-8000-00000000abcd';
    await get(`/showtimes/${showtimeId}`);
    await get('/movies/another');
    expect((await get(`/showtimes/${showtimeId}`)).hit).toBe(true);
    publishSeatEvents({
      showtimeId,
      versions: { '0': 1 },
      events: [{ type: 'seat.held', seatIds: ['s'], holdId: 'h' }],
      committedAt: Date.now(),
    });
    expect((await get(`/showtimes/${showtimeId}`)).hit).toBe(false);
    // Another showtime's seats do not touch other pages.
    expect((await get('/movies/another')).hit).toBe(true);

    publishCatalogChange({ showtimeIds: [showtimeId] });
    expect((await get('/movies/another')).hit).toBe(false);
  });

  it('does not keep a render during which something it shows changed', async () => {
    let finish = () => {};
    slowRender = new Promise<void>((r) => {
      finish = r;
    });
    const pending = get('/cinemas/slow');
    await new Promise((r) => setTimeout(r, 50));
    publishCatalogChange({ cinemaIds: ['c'] });
    finish();
    slowRender = null;
    await pending;
    expect((await get('/cinemas/slow')).hit).toBe(false);
    expect((await get('/cinemas/slow')).hit).toBe(true);
  });
});
