import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applySecurityHeaders } from '@/server/http/security-headers';

// The headers the custom server adds to every response, over a real HTTP round trip.
let base = '';
const server = createServer((req, res) => {
  if (
    applySecurityHeaders(req, res, { dev: false, production: true, corsOrigins: ['https://partner.example'] })
  )
    return;
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      seenCsp: req.headers['content-security-policy'] ?? null,
      nonce: req.headers['x-nonce'] ?? null,
    }),
  );
});
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe('security headers', () => {
  it('give pages a fresh nonce CSP that forbids framing, and pass the nonce on to Next', async () => {
    const [a, b] = [await fetch(`${base}/movies/x`), await fetch(`${base}/`)];
    const csp = a.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{24}' 'strict-dynamic'/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
    expect(b.headers.get('content-security-policy')).not.toBe(csp);
    const seen = (await a.json()) as { seenCsp: string; nonce: string };
    expect(seen.seenCsp).toBe(csp);
    expect(csp).toContain(`'nonce-${seen.nonce}'`);
    for (const r of [a, b]) {
      expect(r.headers.get('x-frame-options')).toBe('DENY');
      expect(r.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    }
  });

  it('keep the REST API closed to other origins unless configured', async () => {
    const plain = await fetch(`${base}/api/v1/bookings`, { headers: { origin: 'https://evil.example' } });
    expect(plain.headers.get('access-control-allow-origin')).toBeNull();
    expect(plain.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
    const preflightEvil = await fetch(`${base}/api/v1/bookings`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(preflightEvil.status).toBe(403);
    const preflight = await fetch(`${base}/api/v1/bookings`, {
      method: 'OPTIONS',
      headers: { origin: 'https://partner.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://partner.example');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Idempotency-Key');
  });

  it('let only the check-in page use the camera and compile the QR reader', async () => {
    const checkIn = await fetch(`${base}/admin/check-in`);
    expect(checkIn.headers.get('permissions-policy')).toContain('camera=(self)');
    expect(checkIn.headers.get('permissions-policy')).toContain('microphone=()');
    expect(checkIn.headers.get('content-security-policy')).toContain("'wasm-unsafe-eval'");
    expect(checkIn.headers.get('content-security-policy')).not.toContain("'unsafe-eval'");
    const withQuery = await fetch(`${base}/admin/check-in?door=2`);
    expect(withQuery.headers.get('permissions-policy')).toContain('camera=(self)');
    for (const other of [
      '/',
      '/admin',
      '/admin/check-ins',
      '/admin/showtimes/x/door',
      '/account',
      '/api/v1/showtimes/x/check-in-list',
    ]) {
      const r = await fetch(`${base}${other}`);
      expect(r.headers.get('permissions-policy'), other).toContain('camera=()');
      expect(r.headers.get('permissions-policy'), other).not.toContain('camera=(self)');
      expect(r.headers.get('content-security-policy') ?? '', other).not.toContain('wasm-unsafe-eval');
    }
  });
});
