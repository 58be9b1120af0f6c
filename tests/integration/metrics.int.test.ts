import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '@/bench/lib/http';
import type { AppServer } from '@/bench/lib/server';
import { ticketCode } from '@/lib/ticket-code';
import { DEMO_PASSWORD } from '@/prisma/seed-data/accounts';
import { type AppDirs, startProductionApp } from '../support/app-process';
import { parsePrometheusText, type Sample, sumOf } from '../support/prometheus-text';

// Issue 15.1 against the real production server (custom server + Next + the API router), with
// demo data: who may read /metrics, and that a hold, a checkout, a refused check-in, page, API,
// action and socket requests each move the families they should, labelled by route template.

const TOKEN = 'metrics-test-token-0123456789abcdef';

let server: AppServer;
let dirs: AppDirs;
let sql: pg.Client;

beforeAll(async () => {
  let env: Record<string, string>;
  ({ server, dirs, env } = await startProductionApp({
    name: 'metrics',
    portOffset: 11,
    env: {
      PAYMENT_PROVIDER: 'sandbox',
      AUTH_SECRET: 'metrics-test-secret-0123456789abcdef0123456789',
      SEED_ON_START: 'true',
      METRICS_TOKEN: TOKEN,
      // IPv4 loopback only: the test also calls from 127.0.0.2, an address not on the list.
      METRICS_ALLOW: '127.0.0.1',
    },
  }));
  sql = new pg.Client({
    connectionString: `postgresql://postgres:marquee-local@127.0.0.1:${env.EMBEDDED_PG_PORT}/marquee`,
  });
  await sql.connect();
}, 300_000);

afterAll(async () => {
  await sql?.end();
  await server?.stop();
  await dirs?.remove();
});

type Json = Record<string, unknown>;

async function api(
  method: string,
  p: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: Json }> {
  const res = await rawRequest(server.url, {
    method,
    path: p,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
  });
  return { status: res.status, json: res.body.startsWith('{') ? (JSON.parse(res.body) as Json) : {} };
}

async function signIn(email: string): Promise<string> {
  const r = await api('POST', '/api/v1/auth/token', { body: { email, password: DEMO_PASSWORD } });
  expect(r.status).toBe(200);
  return r.json.accessToken as string;
}

async function scrape(): Promise<{ samples: Sample[]; text: string; types: Map<string, string> }> {
  const res = await rawRequest(server.url, {
    path: '/metrics',
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return { ...parsePrometheusText(res.body), text: res.body };
}

describe('/metrics is closed to the public', () => {
  it('answers an allow-listed address and a valid token; 404 to others, 401 to a wrong token', async () => {
    // From 127.0.0.1 (on METRICS_ALLOW) without a token.
    const allowed = await rawRequest(server.url, { path: '/metrics' });
    expect(allowed.status).toBe(200);
    expect(allowed.body).toContain('# TYPE marquee_http_request_duration_seconds histogram');

    // From 127.0.0.2: a loopback address, but not on the list.
    const stranger = await rawRequest(server.url, { path: '/metrics' }, { localAddress: '127.0.0.2' });
    expect(stranger.status).toBe(404);
    expect(JSON.parse(stranger.body)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    expect(stranger.body).not.toContain('marquee_');

    // The same stranger with the token.
    const withToken = await rawRequest(
      server.url,
      { path: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } },
      { localAddress: '127.0.0.2' },
    );
    expect(withToken.status).toBe(200);
    expect(withToken.body).toContain('marquee_holds_total');

    // A wrong token: 401 in the envelope, from anywhere (an allowed address included).
    const wrong = await rawRequest(server.url, {
      path: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}x` },
    });
    expect(wrong.status).toBe(401);
    expect(JSON.parse(wrong.body)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });

    // Through a proxy (a forwarding header): the proxy's address says nothing about the caller.
    const proxied = await rawRequest(server.url, {
      path: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9' },
    });
    expect(proxied.status).toBe(404);
    const proxiedWithToken = await rawRequest(server.url, {
      path: '/metrics',
      headers: { 'x-forwarded-for': '203.0.113.9', authorization: `Bearer ${TOKEN}` },
    });
    expect(proxiedWithToken.status).toBe(200);

    // Read-only.
    const post = await rawRequest(server.url, {
      method: 'POST',
      path: '/metrics',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(post.status).toBe(405);
  });
});

describe('the families move with what the server does', () => {
  it('a hold, a lost race, a checkout and a refused check-in are counted; requests are labelled by template', async () => {
    const customer = await signIn('customer@marquee.test');
    const staff = await signIn('staff@marquee.test');
    // A showtime at the staff member's cinema, days away (so the door says "too early").
    const { rows } = await sql.query<{ id: string; slug: string }>(
      `SELECT s.id, m.slug FROM showtimes s
         JOIN movies m ON m.id = s.movie_id
         JOIN screens sc ON sc.id = s.screen_id
         JOIN cinema_staff cs ON cs.cinema_id = sc.cinema_id
         JOIN users u ON u.id = cs.user_id AND u.email = 'staff@marquee.test'
        WHERE s.status = 'SCHEDULED' AND s.starts_at > now() + interval '2 days'
        ORDER BY s.starts_at LIMIT 1`,
    );
    const show = rows[0];
    if (!show) throw new Error('the demo data has no showtime at the staff member’s cinema two days ahead');

    // A socket watching the showtime, over long-polling so its HTTP requests are timed too.
    const socket: Socket = connect(`${server.url}/seats`, { transports: ['polling'], reconnection: false });
    const joined = (await socket.timeout(15_000).emitWithAck('seats:join', { showtimeId: show.id })) as {
      ok: boolean;
    };
    expect(joined.ok).toBe(true);

    const before = (await scrape()).samples;

    const best = await api('GET', `/api/v1/showtimes/${show.id}/best-seats?count=2`);
    expect(best.status).toBe(200);
    const seatIds = best.json.seatIds as string[];
    const hold = await api('POST', `/api/v1/showtimes/${show.id}/holds`, {
      token: customer,
      body: { seatIds },
    });
    expect(hold.status).toBe(201);
    // Someone else wants the same seats: refused, counted with its code.
    const lost = await api('POST', `/api/v1/showtimes/${show.id}/holds`, { token: staff, body: { seatIds } });
    expect(lost.status).toBe(409);
    expect((lost.json.error as Json).code).toBe('SEATS_UNAVAILABLE');

    const booking = await api('POST', `/api/v1/holds/${hold.json.holdId as string}/checkout`, {
      token: customer,
      headers: { 'idempotency-key': randomUUID() },
      body: {
        payment: {
          method: 'card',
          card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
        },
      },
    });
    expect(booking.status).toBe(201);
    const [ticket] = booking.json.tickets as { seat: { label: string } }[];
    if (!ticket) throw new Error('the booking has no ticket');
    const checkIn = await api('POST', '/api/v1/tickets/check-in', {
      token: staff,
      body: { qr: ticketCode(booking.json.reference as string, ticket.seat.label) },
    });
    expect(checkIn.status).toBe(409);
    expect((checkIn.json.error as Json).details).toMatchObject({ reason: 'too-early' });

    // Requests whose URLs carry ids, and URLs nothing serves.
    expect((await api('GET', `/api/v1/showtimes/${show.id}/seats`)).status).toBe(200);
    const junk = `zz${randomUUID().slice(0, 8)}`;
    expect((await api('GET', `/api/v1/${junk}`)).status).toBe(404);
    expect((await rawRequest(server.url, { path: `/${junk}/deeper` })).status).toBe(404);
    expect((await rawRequest(server.url, { path: `/movies/${show.slug}` })).status).toBe(200);
    // A server action, by its id in the build's manifest.
    const manifest = JSON.parse(
      readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8'),
    ) as { node: Record<string, { exportedName: string }> };
    const signUp = Object.entries(manifest.node).find(([, a]) => a.exportedName === 'signUpAction')?.[0];
    const action = await rawRequest(server.url, {
      method: 'POST',
      path: '/signup',
      headers: {
        'next-action': signUp ?? '',
        'content-type': 'text/plain;charset=UTF-8',
        origin: server.url,
      },
      body: '[{"name":"Ann","email":"not-an-email","password":"x"}]',
    });
    expect(action.status).toBe(200);

    const after = await scrape();
    socket.disconnect();
    const s = after.samples;
    const delta = (name: string, labels: Record<string, string> = {}) =>
      sumOf(s, name, labels) - sumOf(before, name, labels);

    // Counters moved by exactly what happened.
    expect(delta('marquee_holds_total', { outcome: 'ok' })).toBe(1);
    expect(delta('marquee_holds_total', { outcome: 'seats_unavailable' })).toBe(1);
    expect(delta('marquee_hold_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(delta('marquee_checkouts_total', { outcome: 'ok' })).toBe(1);
    expect(delta('marquee_checkout_duration_seconds_count', { outcome: 'ok' })).toBe(1);
    expect(delta('marquee_bookings_total', { channel: 'online' })).toBe(1);
    expect(delta('marquee_check_ins_total', { outcome: 'too-early', mode: 'online' })).toBe(1);

    // The HTTP histogram: route templates, never the URL.
    const http = (labels: Record<string, string>) =>
      delta('marquee_http_request_duration_seconds_count', labels);
    expect(http({ kind: 'api', route: '/api/v1/showtimes/{id}/seats', method: 'GET', status: '200' })).toBe(
      1,
    );
    expect(http({ kind: 'api', route: '/api/v1/showtimes/{id}/holds', method: 'POST', status: '201' })).toBe(
      1,
    );
    expect(http({ kind: 'api', route: '/api/v1/showtimes/{id}/holds', method: 'POST', status: '409' })).toBe(
      1,
    );
    expect(http({ kind: 'api', route: '/api/v1/holds/{id}/checkout', method: 'POST', status: '201' })).toBe(
      1,
    );
    expect(http({ kind: 'api', route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(http({ kind: 'page', route: 'unmatched', method: 'GET', status: '404' })).toBe(1);
    expect(http({ kind: 'page', route: '/movies/[slug]', method: 'GET', status: '200' })).toBe(1);
    expect(http({ kind: 'action', route: 'signUpAction', method: 'POST', status: '200' })).toBe(1);
    expect(
      sumOf(s, 'marquee_http_request_duration_seconds_count', { kind: 'socket', route: '/socket.io' }),
    ).toBeGreaterThan(0);
    const routes = new Set(
      s.filter((x) => x.name === 'marquee_http_request_duration_seconds_count').map((x) => x.labels.route),
    );
    for (const route of routes) {
      expect(route).not.toContain(show.id);
      expect(route).not.toContain(junk);
      expect(route).not.toContain(show.slug);
    }

    // Families read at scrape time.
    expect(sumOf(s, 'marquee_socketio_connections', { namespace: '/seats' })).toBeGreaterThanOrEqual(1);
    expect(sumOf(s, 'marquee_socketio_rooms', { namespace: '/seats' })).toBeGreaterThanOrEqual(1);
    for (const pool of ['app', 'seat-writer', 'jobs']) {
      expect(s.some((x) => x.name === 'marquee_db_pool_connections' && x.labels.pool === pool)).toBe(true);
      expect(s.some((x) => x.name === 'marquee_db_pool_waiting_requests' && x.labels.pool === pool)).toBe(
        true,
      );
    }
    expect(sumOf(s, 'marquee_db_pool_max_connections', { pool: 'app' })).toBe(20);
    const jobs = [
      'expire-holds',
      'retry-refunds',
      'reconcile-payments',
      'waitlist',
      'deliver-mail',
      'send-reminders',
      'rolling-programme',
      'report-rollups',
    ];
    for (const job of jobs) {
      expect(s.some((x) => x.name === 'marquee_job_lag_seconds' && x.labels.job_name === job)).toBe(true);
      expect(s.some((x) => x.name === 'marquee_job_interval_seconds' && x.labels.job_name === job)).toBe(
        true,
      );
    }
    // The expiry sweep runs every 5 s and has run by now.
    expect(sumOf(s, 'marquee_job_runs_total', { job_name: 'expire-holds', outcome: 'ok' })).toBeGreaterThan(
      0,
    );
    expect(sumOf(s, 'marquee_job_lag_seconds', { job_name: 'expire-holds' })).toBeLessThan(60);
    expect(s.some((x) => x.name === 'marquee_outbox_pending_messages')).toBe(true);
    expect(s.some((x) => x.name === 'marquee_outbox_oldest_pending_age_seconds')).toBe(true);
    expect(sumOf(s, 'marquee_outbox_read_failures_total')).toBe(0);
    // Process and event loop (prom-client's defaults, under our prefix).
    for (const name of [
      'marquee_process_cpu_seconds_total',
      'marquee_process_resident_memory_bytes',
      'marquee_nodejs_eventloop_lag_seconds',
      'marquee_nodejs_eventloop_lag_p99_seconds',
    ]) {
      expect(
        s.some((x) => x.name === name),
        name,
      ).toBe(true);
    }
  }, 120_000);
});
