import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { parseEnv } from '@/server/env';
import { allowList, isAllowed, parseAllowList } from '@/server/metrics/allow-list';
import { metricsAccess } from '@/server/metrics/install';
import { type BuildRoutes, declaredPath, matchRoute } from '@/server/metrics/routes';

// The pieces of /metrics that decide a label or a refusal, on their own: the route label of a
// request (bounded however many URLs there are) and who may read the endpoint.

const routes: BuildRoutes = {
  // As in .next/routes-manifest.json: exact routes first, then the dynamic ones.
  pages: [
    { page: '/', regex: /^\/(?:\/)?$/ },
    { page: '/search', regex: /^\/search(?:\/)?$/ },
    { page: '/movies/[slug]', regex: /^\/movies\/([^/]+?)(?:\/)?$/ },
    { page: '/api/auth/[...nextauth]', regex: /^\/api\/auth\/(.+?)(?:\/)?$/ },
  ],
  actions: new Map([['7f00aa', 'checkoutAction']]),
  publicEntries: new Map([
    ['posters', 'dir'],
    ['robots.txt', 'file'],
  ]),
};

const label = (url: string, method = 'GET', headers: Record<string, string> = {}) =>
  matchRoute(routes, { method, url, headers });

describe('route labels', () => {
  it('pages by their pattern, RSC requests included; anything else is one label', () => {
    expect(label('/')).toEqual({ kind: 'page', route: '/' });
    expect(label('/movies/the-long-night?date=2026-12-04')).toEqual({
      kind: 'page',
      route: '/movies/[slug]',
    });
    expect(label('/movies/the-long-night.rsc')).toEqual({ kind: 'page', route: '/movies/[slug]' });
    expect(label('/movies/x.segments/_tree.segment.rsc')).toEqual({ kind: 'page', route: '/movies/[slug]' });
    expect(label('/index.rsc')).toEqual({ kind: 'page', route: '/' });
    expect(label('/movies/a/b')).toEqual({ kind: 'page', route: 'unmatched' });
    expect(label('/wp-login.php')).toEqual({ kind: 'page', route: 'unmatched' });
  });

  it('server actions by name, static files by folder, Next-served API routes by pattern', () => {
    expect(label('/checkout/abc', 'POST', { 'next-action': '7f00aa' })).toEqual({
      kind: 'action',
      route: 'checkoutAction',
    });
    expect(label('/checkout/abc', 'POST', { 'next-action': 'forged' })).toEqual({
      kind: 'action',
      route: 'unknown-action',
    });
    expect(label('/_next/static/chunks/abc123.js')).toEqual({ kind: 'static', route: '/_next/static' });
    expect(label('/_next/image?url=x')).toEqual({ kind: 'static', route: '/_next/image' });
    expect(label('/posters/a-film.svg')).toEqual({ kind: 'static', route: '/posters/[file]' });
    expect(label('/robots.txt')).toEqual({ kind: 'static', route: '/robots.txt' });
    expect(label('/api/auth/session')).toEqual({ kind: 'api', route: '/api/auth/[...nextauth]' });
    expect(label('/api/v1/whatever')).toEqual({ kind: 'api', route: 'unmatched' });
    expect(label('/socket.io/?EIO=4&transport=polling')).toEqual({ kind: 'socket', route: '/socket.io' });
  });

  it("Fastify's paths back to the declared ones", () => {
    expect(declaredPath('/api/v1/showtimes/:id/seats')).toBe('/api/v1/showtimes/{id}/seats');
    expect(declaredPath('/api/v1/cinemas/:cinemaId/screens/:screenId')).toBe(
      '/api/v1/cinemas/{cinemaId}/screens/{screenId}',
    );
  });
});

describe('METRICS_ALLOW', () => {
  it('takes IPs and CIDRs of both families, or none; refuses anything else at start-up', () => {
    expect(parseAllowList('127.0.0.1, ::1,10.0.0.0/8,fd00::/8')).toHaveLength(4);
    expect(parseAllowList('none')).toEqual([]);
    for (const bad of ['10.0.0.0/33', 'localhost', '10.0.0.1/8/1', '::1/129', '10.0.0.0/x']) {
      expect(parseAllowList(bad), bad).toBeNull();
    }
    expect(() => parseEnv({ METRICS_ALLOW: 'example.com' })).toThrow(/METRICS_ALLOW/);
    expect(parseEnv({}).METRICS_ALLOW).toBe('127.0.0.1,::1');
    expect(() => parseEnv({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });

  it('matches addresses and ranges, IPv4 seen through IPv6 sockets included', () => {
    const list = allowList('127.0.0.1,::1,10.1.0.0/16');
    expect(isAllowed(list, '127.0.0.1')).toBe(true);
    expect(isAllowed(list, '::ffff:127.0.0.1')).toBe(true);
    expect(isAllowed(list, '::1')).toBe(true);
    expect(isAllowed(list, '10.1.200.3')).toBe(true);
    expect(isAllowed(list, '10.2.0.1')).toBe(false);
    expect(isAllowed(list, '127.0.0.2')).toBe(false);
    expect(isAllowed(list, undefined)).toBe(false);
    expect(isAllowed(allowList('none'), '127.0.0.1')).toBe(false);
  });
});

describe('who may read /metrics', () => {
  const config = { token: 'a-long-enough-metrics-token', allow: allowList('127.0.0.1') };
  const request = (remoteAddress: string, headers: Record<string, string> = {}) =>
    ({ headers, socket: { remoteAddress } }) as unknown as IncomingMessage;

  it('the allow list, the token from anywhere, and nobody through a proxy without the token', () => {
    expect(metricsAccess(request('127.0.0.1'), config)).toBe('allowed');
    expect(metricsAccess(request('203.0.113.5'), config)).toBe('hidden');
    expect(
      metricsAccess(request('203.0.113.5', { authorization: 'Bearer a-long-enough-metrics-token' }), config),
    ).toBe('allowed');
    expect(metricsAccess(request('203.0.113.5', { authorization: 'Bearer wrong' }), config)).toBe(
      'unauthenticated',
    );
    // A wrong token does not fall back to the address: the caller meant to use a token.
    expect(metricsAccess(request('127.0.0.1', { authorization: 'Bearer wrong' }), config)).toBe(
      'unauthenticated',
    );
    for (const h of ['x-forwarded-for', 'forwarded', 'x-real-ip']) {
      expect(metricsAccess(request('127.0.0.1', { [h]: '203.0.113.5' }), config), h).toBe('hidden');
    }
    // No token configured: an Authorization header opens nothing.
    expect(
      metricsAccess(request('203.0.113.5', { authorization: 'Bearer anything-at-all-here' }), {
        ...config,
        token: undefined,
      }),
    ).toBe('hidden');
  });
});
