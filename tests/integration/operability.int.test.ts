import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RawResponse, rawRequest } from '@/bench/lib/http';
import type { AppServer } from '@/bench/lib/server';
import { disconnectDb } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { strongBearerFor } from '../support/api';
import { type AppDirs, startProductionApp } from '../support/app-process';
import { createCinema, createUser } from '../support/factories';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';

// Issue 15, parts 2 and 3, against the real production server (server/main.ts as `npm start`
// runs it) on a database of its own: liveness and readiness, readiness failing for a migration
// the database lacks and during the shutdown drain; and a request's id end to end: the response
// header, the server's log lines, the audit row and the header of the mail it queued.

const DRAIN_SECONDS = 3;
let server: AppServer;
let dirs: AppDirs;
let smtp: SmtpCapture;
let databaseUrl: string;
const testDatabaseUrl = process.env.DATABASE_URL as string;

type OtlpSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number };
/** What an OpenTelemetry collector would receive: OTLP/HTTP JSON export requests. */
const spans: OtlpSpan[] = [];
let otlp: Server;

async function startOtlpReceiver(): Promise<string> {
  otlp = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces' && req.headers['content-type']?.includes('json')) {
        const body = JSON.parse(Buffer.concat(chunks).toString()) as {
          resourceSpans: { scopeSpans: { spans: OtlpSpan[] }[] }[];
        };
        for (const r of body.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => otlp.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(otlp.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  databaseUrl = await createScratchDatabase({ migrated: true });
  // Factories and tokens in this process write to the server's database.
  process.env.DATABASE_URL = databaseUrl;
  refreshEnv();
  await disconnectDb();
  smtp = await startSmtpCapture();
  const otlpUrl = await startOtlpReceiver();
  ({ server, dirs } = await startProductionApp({
    name: 'operability',
    portOffset: 20,
    env: {
      DATABASE_URL: databaseUrl,
      PAYMENT_PROVIDER: 'sandbox',
      AUTH_SECRET: process.env.AUTH_SECRET as string,
      SMTP_URL: smtp.url,
      LOG_LEVEL: 'info',
      SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS),
      // Tracing on, exporting to the receiver above within 200 ms of a span ending.
      OTEL_EXPORTER_OTLP_ENDPOINT: otlpUrl,
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_BSP_SCHEDULE_DELAY: '200',
    },
  }));
}, 240_000);

afterAll(async () => {
  await server?.stop();
  await smtp?.stop();
  await new Promise((resolve) => otlp?.close(resolve));
  await disconnectDb();
  process.env.DATABASE_URL = testDatabaseUrl;
  refreshEnv();
  await dropScratchDatabases();
  await dirs?.remove();
});

type LogLine = Record<string, unknown> & { msg: string; level: string };

function logLines(): LogLine[] {
  return readFileSync(server.logFile, 'utf8')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as LogLine);
}

/** The log lines `match` accepts, once at least one has been written (logs are flushed async). */
async function waitForLog(match: (l: LogLine) => boolean): Promise<LogLine[]> {
  for (let i = 0; i < 50; i++) {
    const found = logLines().filter(match);
    if (found.length > 0) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no such log line');
}

const get = (p: string, headers: Record<string, string> = {}) => rawRequest(server.url, { path: p, headers });
const json = (res: RawResponse) => JSON.parse(res.body) as Record<string, unknown>;

describe('health', () => {
  it('liveness and readiness answer 200, readiness naming each check with its state and time', async () => {
    const live = await get('/api/health/live');
    expect(live.status).toBe(200);
    expect(json(live)).toMatchObject({ status: 'ok' });
    const ready = await get('/api/health/ready');
    expect(ready.status, ready.body).toBe(200);
    const report = json(ready);
    expect(report).toMatchObject({
      status: 'ok',
      database: 'ok',
      checks: {
        shutdown: { status: 'ok' },
        database: { status: 'ok' },
        migrations: { status: 'ok', detail: expect.stringMatching(/^\d+ applied$/) },
        scheduler: { status: 'ok', detail: expect.stringMatching(/^\d+ jobs/) },
        redis: { status: 'skipped' },
        // Configured here: the capture server greets the probe.
        smtp: { status: 'ok' },
      },
    });
    for (const check of Object.values(report.checks as Record<string, { ms: unknown }>)) {
      expect(typeof check.ms).toBe('number');
    }
    // What a probe costs, measured (20 of each, one after the other; Redis/SMTP from the cache).
    const median = async (p: string) => {
      const ms: number[] = [];
      for (let i = 0; i < 20; i++) {
        const t0 = performance.now();
        expect((await get(p)).status).toBe(200);
        ms.push(performance.now() - t0);
      }
      return ms.sort((a, b) => a - b)[10]?.toFixed(1);
    };
    process.stdout.write(
      `probes: live median ${await median('/api/health/live')} ms, ready median ${await median('/api/health/ready')} ms; first ready checks: ${Object.entries(
        report.checks as Record<string, { status: string; ms: number }>,
      )
        .map(([name, c]) => `${name} ${c.status} ${c.ms} ms`)
        .join(', ')}\n`,
    );
    // The old endpoint is readiness.
    const old = await get('/api/health');
    expect([old.status, json(old).status]).toEqual([200, 'ok']);
    expect(old.body).not.toContain(databaseUrl);
    expect(old.body).not.toContain(smtp.url);
  });

  it('readiness is 503 naming the migration the database has not applied, and 200 once it is', async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ migration_name: string }>(
        'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name DESC LIMIT 1',
      );
      const latest = rows[0]?.migration_name as string;
      // As if the build shipped a migration this database never ran.
      await client.query('UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1', [
        latest,
      ]);
      try {
        const res = await get('/api/health/ready');
        expect(res.status).toBe(503);
        expect(json(res)).toMatchObject({
          status: 'fail',
          database: 'ok',
          checks: {
            migrations: {
              status: 'fail',
              detail: expect.stringContaining(`1 migration not applied: ${latest}`),
            },
          },
        });
        // Liveness is unaffected: the process is sound, and restarting it is the deploy's call.
        expect((await get('/api/health/live')).status).toBe(200);
      } finally {
        await client.query(
          'UPDATE "_prisma_migrations" SET rolled_back_at = NULL WHERE migration_name = $1',
          [latest],
        );
      }
      expect((await get('/api/health/ready')).status).toBe(200);
    } finally {
      await client.end();
    }
  });
});

describe('request ids end to end', () => {
  it('a page keeps the caller’s id and trace, logs it, and so do its static files', async () => {
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const page = await get('/', { 'x-request-id': 'abc-123', traceparent });
    expect(page.status).toBe(200);
    expect(page.headers['x-request-id']).toBe('abc-123');
    expect(page.headers.traceparent).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    const [line] = await waitForLog((l) => l.msg === 'request' && l.requestId === 'abc-123');
    expect(line).toMatchObject({
      level: 'info',
      method: 'GET',
      route: '/',
      status: 200,
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
    });
    expect(typeof line?.ms).toBe('number');

    // The span of this request reached the collector, in the caller's trace, as the child of the
    // caller's span, with the span id the response named.
    const spanId = String(page.headers.traceparent).split('-')[2];
    let span: OtlpSpan | undefined;
    for (let i = 0; i < 50 && !span; i++) {
      span = spans.find((s) => s.traceId === '4bf92f3577b34da6a3ce929d0e0e4736');
      if (!span) await new Promise((r) => setTimeout(r, 100));
    }
    expect(span).toMatchObject({ name: 'GET /', parentSpanId: '00f067aa0ba902b7', spanId, kind: 2 });

    // A copy of the page served from the page cache answers with this request's ids, not the
    // render's.
    const again = await get('/', {
      'x-request-id': 'abc-123-again',
      traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    });
    expect(again.headers['x-marquee-cache']).toBe('hit');
    expect(again.headers['x-request-id']).toBe('abc-123-again');
    expect(again.headers.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-01$/);

    // Built assets get an id too (their log line is at debug level: a page fetches dozens).
    const asset = /\/_next\/static\/[^"'\s]+\.js/.exec(page.body)?.[0];
    expect(asset).toBeDefined();
    const file = await get(asset as string, { 'x-request-id': 'abc-123-static' });
    expect([file.status, file.headers['x-request-id']]).toEqual([200, 'abc-123-static']);
  });

  it('replaces an id that is not a sane token, and starts a trace for a malformed traceparent', async () => {
    const res = await get('/api/health/live', {
      'x-request-id': 'bad id with spaces',
      traceparent: '00-nothex-00f067aa0ba902b7-01',
    });
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    const long = await get('/api/health/live', { 'x-request-id': 'a'.repeat(129) });
    expect(long.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('REST and a server action: the same id in the response, the log, the audit row and the mail', async () => {
    const admin = await createUser({ role: 'ADMIN', email: `admin-${Date.now()}@ops.test` });
    const token = await strongBearerFor(admin);
    const cinema = await createCinema();
    const restEmail = `rest-${Date.now()}@ops.test`;
    const actionEmail = `action-${Date.now()}@ops.test`;

    const rest = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/v1/staff-invitations',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'x-request-id': 'abc-123-rest',
      },
      body: JSON.stringify({ email: restEmail, role: 'STAFF', cinemaIds: [cinema.id] }),
    });
    expect(rest.status, rest.body).toBe(201);
    expect(rest.headers['x-request-id']).toBe('abc-123-rest');

    const manifest = JSON.parse(
      readFileSync(path.resolve('.next/server/server-reference-manifest.json'), 'utf8'),
    ) as { node: Record<string, { exportedName: string }> };
    const invite = Object.entries(manifest.node).find(([, a]) => a.exportedName === 'inviteStaffAction')?.[0];
    if (!invite) throw new Error('inviteStaffAction is not in the build manifest');
    const action = await rawRequest(server.url, {
      method: 'POST',
      // The page that uses it (posted elsewhere, Next forwards it there in a second request).
      path: `/admin/cinemas/${cinema.id}/staff`,
      headers: {
        authorization: `Bearer ${token}`,
        'next-action': invite,
        'content-type': 'text/plain;charset=UTF-8',
        origin: server.url,
        'x-request-id': 'abc-123-action',
      },
      body: JSON.stringify([{ email: actionEmail, role: 'STAFF', cinemaIds: [cinema.id] }]),
    });
    expect(action.status, action.body).toBe(200);
    expect(action.body).toContain('"ok":true');
    expect(action.headers['x-request-id']).toBe('abc-123-action');

    // One log line per request, REST with its declared route; the action's line says so.
    const [restLine] = await waitForLog((l) => l.msg === 'request' && l.requestId === 'abc-123-rest');
    expect(restLine).toMatchObject({ method: 'POST', route: '/api/v1/staff-invitations', status: 201 });
    const [actionLine] = await waitForLog((l) => l.msg === 'request' && l.requestId === 'abc-123-action');
    expect(actionLine).toMatchObject({
      method: 'POST',
      route: `/admin/cinemas/${cinema.id}/staff`,
      status: 200,
      action: true,
    });

    // The audit rows were written inside each request's context.
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query<{ request_id: string; action: string }>(
        `SELECT request_id, action FROM audit_log WHERE request_id LIKE 'abc-123-%' ORDER BY request_id`,
      );
      expect(rows.map((r) => r.request_id)).toEqual(['abc-123-action', 'abc-123-rest']);
      const outbox = await client.query<{ recipient: string; request_id: string }>(
        'SELECT recipient, request_id FROM notification_outbox WHERE recipient = ANY($1) ORDER BY request_id',
        [[restEmail, actionEmail]],
      );
      expect(outbox.rows).toEqual([
        { recipient: actionEmail, request_id: 'abc-123-action' },
        { recipient: restEmail, request_id: 'abc-123-rest' },
      ]);
    } finally {
      await client.end();
    }

    // The mail job (every 10 s) sends them with the id in their headers.
    for (const [email, id] of [
      [restEmail, 'abc-123-rest'],
      [actionEmail, 'abc-123-action'],
    ] as const) {
      const mail = await smtp.waitFor((m) => m.envelopeTo.includes(email), 30_000);
      expect(mail.headers.get('x-request-id')).toBe(id);
      expect(mail.headers.get('x-marquee-request-id')).toBe(id);
    }
  }, 60_000);
});

// Last: it stops the server.
describe('shutdown', () => {
  it('SIGTERM: readiness 503 (draining) while liveness and other requests are served, then exit 0', async () => {
    const t0 = performance.now();
    process.kill(server.pid, 'SIGTERM');
    let draining: RawResponse | undefined;
    for (let i = 0; i < 20 && draining?.status !== 503; i++) {
      draining = await get('/api/health/ready');
      if (draining.status !== 503) await new Promise((r) => setTimeout(r, 50));
    }
    const sawDrainMs = Math.round(performance.now() - t0);
    expect(draining?.status).toBe(503);
    expect(json(draining as RawResponse)).toMatchObject({
      status: 'draining',
      checks: { shutdown: { status: 'fail', detail: expect.stringContaining('shutting down') } },
    });
    expect((await get('/api/health/live')).status).toBe(200);
    expect((await get('/api/health')).status).toBe(503);
    const page = await get('/', { 'x-request-id': 'during-drain' });
    expect([page.status, page.headers['x-request-id']]).toEqual([200, 'during-drain']);

    const code = await server.exited;
    const exitMs = Math.round(performance.now() - t0);
    expect(code).toBe(0);
    expect(exitMs).toBeGreaterThanOrEqual(DRAIN_SECONDS * 1000 - 200);
    process.stdout.write(
      `shutdown: readiness 503 after ${sawDrainMs} ms, exit 0 after ${exitMs} ms (drain ${DRAIN_SECONDS} s)\n`,
    );
    const lines = logLines();
    expect(lines.some((l) => l.msg.startsWith('draining'))).toBe(true);
    expect(lines.some((l) => l.msg === 'stopped')).toBe(true);
  }, 30_000);
});
