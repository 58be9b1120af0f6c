import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawResponse, rawRequest } from '@/bench/lib/http';
import type { AppServer } from '@/bench/lib/server';
import { type AppDirs, rawSocket, startProductionApp } from '../support/app-process';

// Issue 11, item 6, against the real production server (custom server + Next): requests that
// Next answered with a 500 (TRACE, a malformed path, a NUL, a garbled server action) or without
// the error envelope (405, a refused CORS preflight, 431, a `..` path) are answered by the custom
// server itself, each in the envelope, with no stack trace.

let server: AppServer;
let dirs: AppDirs;

beforeAll(async () => {
  ({ server, dirs } = await startProductionApp({
    name: 'gate',
    portOffset: 0,
    env: { PAYMENT_PROVIDER: 'sandbox', AUTH_SECRET: 'gate-test-secret-0123456789abcdef0123456789' },
  }));
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await dirs?.remove();
});

function envelope(res: RawResponse, status: number, code: string) {
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status,
    type: 'application/json',
  });
  const body = JSON.parse(res.body) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  expect(res.body).not.toMatch(/\n\s+at |node_modules/);
  return body;
}

const get = (p: string, method = 'GET') => rawRequest(server.url, { method, path: p });

describe('the custom server refuses what Next would mishandle, in the error envelope', () => {
  it('methods a path does not take: 405 with Allow (TRACE on the API and on pages; PUT; OPTIONS on a page)', async () => {
    const trace = await get('/api/health', 'TRACE');
    envelope(trace, 405, 'METHOD_NOT_ALLOWED');
    expect(trace.headers.allow).toBe('GET, HEAD, OPTIONS');
    envelope(await get('/api/v1/bookings', 'PATCH'), 405, 'METHOD_NOT_ALLOWED');
    const page = await get('/', 'TRACE');
    envelope(page, 405, 'METHOD_NOT_ALLOWED');
    expect(page.headers.allow).toBe('GET, HEAD, POST');
    envelope(await get('/search', 'PUT'), 405, 'METHOD_NOT_ALLOWED');
    envelope(await get('/', 'OPTIONS'), 405, 'METHOD_NOT_ALLOWED');
    // What still works.
    expect((await get('/api/health')).status).toBe(200);
    expect((await get('/api/health', 'HEAD')).status).toBe(200);
  });

  it('malformed paths and NUL: 400; dot segments, unknown API paths and over-long ids: 404', async () => {
    envelope(await get('/api/v1/showtimes/%zz/seats'), 400, 'BAD_REQUEST');
    envelope(await get('/movies/%E0%A4'), 400, 'BAD_REQUEST');
    envelope(await get('/api/v1/search?q=ab%00c'), 400, 'BAD_REQUEST');
    envelope(await get('/search?q=%00'), 400, 'BAD_REQUEST');
    envelope(await get('/api/v1/%2e%2e/%2e%2e/etc/passwd'), 404, 'NOT_FOUND');
    envelope(await get('/api/v1/../health'), 404, 'NOT_FOUND');
    envelope(await get('/api/v1/nothing-here'), 404, 'NOT_FOUND');
    // Longer than the router takes for a parameter: refused before any route runs.
    envelope(await get(`/api/v1/showtimes/${'A'.repeat(101)}/seats`), 404, 'NOT_FOUND');
  });

  it("Apple Wallet's web service paths reach their handlers (a pass type id with dots included), not the gate's 404", async () => {
    // No Wallet configuration in this server: each handler's own 404 says so, which the gate's does not.
    for (const [method, p] of [
      ['GET', '/api/wallet/v1/devices/a1b2c3d4e5/registrations/pass.com.example.tickets'],
      ['POST', '/api/wallet/v1/log'],
    ] as const) {
      const res = await rawRequest(server.url, {
        method,
        path: p,
        headers: { 'content-type': 'application/json' },
        ...(method === 'POST' ? { body: '{"logs":["x"]}' } : {}),
      });
      // The router's answer (Fastify names the charset), in the envelope, with the handler's reason.
      expect(res.status, p).toBe(404);
      expect(res.headers['content-type'], p).toMatch(/^application\/json/);
      const body = JSON.parse(res.body) as { error: { code: string; details?: { reason?: string } } };
      expect(body.error.code, p).toBe('NOT_FOUND');
      expect(body.error.details?.reason, p).toBe('wallet-not-configured');
    }
    const put = await get(
      '/api/wallet/v1/passes/pass.com.example.tickets/5b1e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
      'PUT',
    );
    envelope(put, 405, 'METHOD_NOT_ALLOWED');
    expect(put.headers.allow).toBe('GET, HEAD, OPTIONS');
  });

  it('a refused CORS preflight (403), oversized headers (431), a request HTTP cannot parse (400), CONNECT (405)', async () => {
    envelope(
      await rawRequest(server.url, {
        method: 'OPTIONS',
        path: '/api/v1/bookings',
        headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
      }),
      403,
      'FORBIDDEN',
    );
    envelope(
      await rawRequest(server.url, { path: '/api/health', headers: { 'x-big': 'a'.repeat(20_000) } }),
      431,
      'HEADERS_TOO_LARGE',
    );
    envelope(await rawSocket(server.url, 'FOO /api/health HTTP/1.1\r\nHost: x\r\n\r\n'), 400, 'BAD_REQUEST');
    envelope(
      await rawSocket(server.url, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n'),
      405,
      'METHOD_NOT_ALLOWED',
    );
  });

  it('malformed server-action posts: never a 500', async () => {
    const manifest = JSON.parse(
      readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8'),
    ) as { node: Record<string, { exportedName: string }> };
    const signUp = Object.entries(manifest.node).find(([, a]) => a.exportedName === 'signUpAction')?.[0];
    if (!signUp) throw new Error('signUpAction is not in the build manifest');
    const post = (body: string, type = 'text/plain;charset=UTF-8', id = signUp) =>
      rawRequest(server.url, {
        method: 'POST',
        path: '/signup',
        headers: { 'next-action': id, 'content-type': type },
        body,
      });
    envelope(await post('garbage{{'), 400, 'BAD_REQUEST');
    // Next's CSRF refusal (and an Origin that is not a URL) was a 500.
    for (const origin of ['https://evil.example', 'null', 'not a url']) {
      envelope(
        await rawRequest(server.url, {
          method: 'POST',
          path: '/signup',
          headers: { 'next-action': signUp, 'content-type': 'text/plain;charset=UTF-8', origin },
          body: '[{}]',
        }),
        403,
        'FORBIDDEN',
      );
    }
    envelope(await post(''), 400, 'BAD_REQUEST');
    envelope(await post('"not a list"'), 400, 'BAD_REQUEST');
    envelope(await post('["$Q1"]'), 400, 'BAD_REQUEST');
    envelope(await post('--x\r\ngarbage', 'multipart/form-data; boundary=x'), 415, 'UNSUPPORTED_MEDIA_TYPE');
    envelope(await post(`["${'a'.repeat(70_000)}"]`), 413, 'PAYLOAD_TOO_LARGE');
    // Well-formed, from the site itself: the action runs and answers with its own result.
    const ok = await rawRequest(server.url, {
      method: 'POST',
      path: '/signup',
      headers: { 'next-action': signUp, 'content-type': 'text/plain;charset=UTF-8', origin: server.url },
      body: '[{"name":"Ann","email":"not-an-email","password":"x"}]',
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('"code":"VALIDATION_FAILED"');
    // A path to a part of what was sent (React sends an object used twice that way): it decodes, so
    // the action runs; a path to something that is not there, or to a plain value, does not.
    const shared = await post(
      '[{"name":"Ann","email":"not-an-email","password":"x","a":{"k":1},"b":"$0:0:a"}]',
    );
    expect(shared.status).toBe(200);
    expect(shared.body).toContain('"code":"VALIDATION_FAILED"');
    envelope(await post('[{"a":{"k":1},"b":"$0:0:missing"}]'), 400, 'BAD_REQUEST');
    envelope(await post('[{"a":{"k":1},"b":"$0:0:a:k"}]'), 400, 'BAD_REQUEST');
    envelope(await post('[{"a":{"k":1},"b":"$1:0:a"}]'), 400, 'BAD_REQUEST');
    const wrongShape = await post('[1, "$undefined", "$D2020-01-01T00:00:00.000Z"]');
    expect(wrongShape.status).toBe(200);
    expect(wrongShape.body).toContain('"code":"VALIDATION_FAILED"');
    // An id this build does not have: 404, with the header Next's client reloads the page on.
    for (const id of ['7f'.padEnd(42, '0'), 'zz', '']) {
      const unknown = await post('[]', undefined, id);
      envelope(unknown, 404, 'NOT_FOUND');
      expect(unknown.headers['x-nextjs-action-not-found']).toBe('1');
    }
  });
});

describe('copies of public pages (server/http/page-cache.ts) with real Next', () => {
  const page = async (headers: Record<string, string> = {}) => {
    const res = await rawRequest(server.url, { path: '/', headers });
    const csp = /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1] ?? '';
    const nonces = new Set([...res.body.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));
    return { res, csp, nonces, hit: res.headers['x-marquee-cache'] === 'hit' };
  };

  it('serves the home page from a copy, every script carrying that response’s nonce', async () => {
    await page();
    const a = await page();
    const b = await page();
    expect([a.res.status, a.hit, b.hit]).toEqual([200, true, true]);
    expect(a.res.body).toContain('<html');
    expect([...a.nonces]).toEqual([a.csp]);
    expect([...b.nonces]).toEqual([b.csp]);
    expect(a.csp).not.toBe(b.csp);
    expect(b.res.body).toBe(a.res.body.replaceAll(a.csp, b.csp));
  });

  it('renders afresh for a signed-in visitor', async () => {
    const signedIn = await page({ cookie: 'next-auth.session-token=not-a-real-token' });
    expect([signedIn.res.status, signedIn.hit]).toEqual([200, false]);
  });
});
