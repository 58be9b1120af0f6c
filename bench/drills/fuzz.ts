import { readFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import {
  type Check,
  DRILL_AUTH_SECRET,
  drillDir,
  progress,
  report,
  runDrill,
  smallRun,
} from '@/bench/lib/drill';
import {
  garbageBody,
  generate,
  type JsonSchema,
  mutate,
  NASTY_STRINGS,
  nasty,
  type Pools,
  pathSegment,
  queryValue,
  resolve,
} from '@/bench/lib/fuzz-values';
import { mapLimit, rawRequest } from '@/bench/lib/http';
import { freePort, startAppServer } from '@/bench/lib/server';
import { fmtInt, renderTable } from '@/bench/lib/table';
import { Rng } from '@/prisma/seed-data/schedule';
import { ensureBuild } from '@/server/build';
import { startEmbedded } from '@/server/db/embedded';

// `npm run drill:fuzz [-- --small] [-- --seed N]`: requests generated from the served OpenAPI
// document (/api/openapi.json), at least 300 per operation (30 in the small run): plausible ones
// built from the schemas with real ids, and the same with one thing broken — a NUL, a broken
// percent-escape, a wrong type, a missing field, a huge or garbled body, another content type, an
// odd method, a bad token — anonymous and signed in (bearer token or session cookie). Then the
// same for every server action of the build (its server-reference manifest): well-formed calls
// with odd arguments, and garbled ones. Requests come from many loopback addresses, so per-IP
// rate limits answer some 429s without answering all of them.
//
// Passes when no answer is a 5xx, every error is the JSON envelope with a documented code, no body
// carries a stack trace, every request is answered, and no action result is INTERNAL or a thrown
// error.

const SMALL = smallRun();
const PER_OPERATION = SMALL ? 30 : 300;
const CONCURRENCY = 8;
const SEED = Number(process.argv[process.argv.indexOf('--seed') + 1]) || Date.now() % 1_000_000;
const PG_PORT = Number(process.env.DRILL_PG_PORT ?? 23350);
const APP_PORT = Number(process.env.DRILL_PORT ?? 3350);
/** `--show <text>`: print every request and answer of the operations whose name contains it. */
const SHOW = process.argv.includes('--show') ? process.argv[process.argv.indexOf('--show') + 1] : undefined;
const STACK = /\n\s+at \S|node_modules\/|\.tsx?:\d+:\d+/;
const ODD_METHODS = [
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'TRACE',
  'PROPFIND',
  'SEARCH',
  'POST',
  'GET',
];
const CONTENT_TYPES = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'APPLICATION/JSON',
  '',
];

type Req = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
};
type Res = { status: number; type: string; body: string; error?: string };
type Tally = {
  name: string;
  requests: number;
  byClass: Record<'2xx' | '3xx' | '4xx' | '5xx' | 'lost', number>;
  notEnvelope: number;
  stack: number;
  actionFailures: number;
  examples: string[];
};

async function send(base: URL, req: Req, localAddress: string): Promise<Res> {
  const res = await rawRequest(base, req, { localAddress, timeoutMs: 30_000 });
  return {
    status: res.status,
    type: String(res.headers['content-type'] ?? ''),
    body: res.body,
    error: res.error,
  };
}

runDrill('fuzz', async (cleanup) => {
  const rng = new Rng(SEED);
  const dir = await drillDir(cleanup, 'fuzz');

  progress('checking the production build');
  await ensureBuild(progress);
  const port = await freePort(APP_PORT);
  const pgPort = await freePort(PG_PORT);
  const dataDir = path.join(dir, 'data');
  progress(`starting the production server with demo data on port ${port} (seeding takes a while)`);
  const server = await startAppServer({
    port,
    logFile: path.join(dir, 'server.log'),
    env: {
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      LOG_LEVEL: 'warn',
      AUTH_SECRET: DRILL_AUTH_SECRET,
    },
    startTimeoutMs: 240_000,
  });
  cleanup.add('stop the server', () => server.stop());
  const base = new URL(server.url);

  // ── What the requests are made of ───────────────────────────────────────────
  const doc = JSON.parse((await get(base, '/api/openapi.json')).body) as JsonSchema;
  const codes = new Set(
    (resolve({ $ref: '#/components/schemas/ErrorCode' }, doc).enum as string[] | undefined) ?? [],
  );
  if (!codes.size) throw new Error('the OpenAPI document lists no error codes');
  const cluster = await startEmbedded({
    dataDir: path.join(dataDir, 'postgres'),
    port: pgPort,
    database: 'marquee',
  });
  const sql = new pg.Client({ connectionString: cluster.url });
  await sql.connect();
  const world = await loadWorld(sql);
  const { pools } = world;
  await sql.end();
  const token = async (email: string) => {
    const r = await send(
      base,
      {
        method: 'POST',
        path: '/api/v1/auth/token',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'marquee-demo' }),
      },
      '127.0.0.1',
    );
    if (r.status !== 200) throw new Error(`sign-in of ${email}: ${r.status} ${r.body}`);
    return (JSON.parse(r.body) as { accessToken: string }).accessToken;
  };
  const customer = await token('customer@marquee.test');
  const manager = await token('manager@marquee.test');
  await giveCustomerABookingAndAHold(base, world, customer);
  progress(`seed ${SEED}; ${Object.values(pools).reduce((n, p) => n + p.length, 0)} real values to draw on`);

  const tallies = new Map<string, Tally>();
  const tally = (name: string) => {
    let t = tallies.get(name);
    if (!t) {
      t = {
        name,
        requests: 0,
        byClass: { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, lost: 0 },
        notEnvelope: 0,
        stack: 0,
        actionFailures: 0,
        examples: [],
      };
      tallies.set(name, t);
    }
    return t;
  };
  const judge = (t: Tally, req: Req, res: Res, action: boolean) => {
    t.requests++;
    if (SHOW && t.name.includes(SHOW)) {
      process.stderr.write(
        `${req.method} ${req.path.slice(0, 100)} ${JSON.stringify(req.body ?? '').slice(0, 120)} → ${res.status} ${res.body.slice(0, 120)}\n`,
      );
    }
    const bad: string[] = [];
    if (res.status <= 0) {
      t.byClass.lost++;
      bad.push(`no answer (${res.error})`);
    } else {
      const cls = `${Math.floor(res.status / 100)}xx` as keyof Tally['byClass'];
      if (cls in t.byClass) t.byClass[cls]++;
      if (res.status >= 500) bad.push(`${res.status}`);
      if (res.status >= 400 && req.method !== 'HEAD' && !isEnvelope(res, codes)) {
        t.notEnvelope++;
        bad.push(`${res.status} not in the envelope`);
      }
      if (STACK.test(res.body)) {
        t.stack++;
        bad.push('stack trace');
      }
      if (action && res.status === 200 && res.type.startsWith('text/x-component')) {
        if (/^\d+:E\{/m.test(res.body) || res.body.includes('"code":"INTERNAL"')) {
          t.actionFailures++;
          bad.push('action threw or answered INTERNAL');
        }
      }
    }
    if (bad.length && t.examples.length < 3) {
      t.examples.push(
        `${req.method} ${req.path.slice(0, 120)} → ${bad.join(', ')}: ${res.body.slice(0, 160).replace(/\s+/g, ' ')}`,
      );
    }
  };

  // ── REST operations ──────────────────────────────────────────────────────────
  const operations: { method: string; path: string; op: JsonSchema }[] = [];
  for (const [p, item] of Object.entries(doc.paths as Record<string, Record<string, JsonSchema>>)) {
    for (const [method, op] of Object.entries(item))
      operations.push({ method: method.toUpperCase(), path: p, op });
  }
  const restRequests: { name: string; req: Req }[] = [];
  for (const o of operations) {
    for (let i = 0; i < PER_OPERATION; i++) {
      restRequests.push({
        name: `${o.method} ${o.path}`,
        req: restRequest(o, doc, rng, world, { customer, manager }),
      });
    }
  }
  // Interleaved, so no operation's requests all come before or after another's side effects (a
  // cancelled booking, a released hold).
  shuffle(restRequests, rng);
  progress(`${operations.length} operations × ${PER_OPERATION} = ${restRequests.length} REST requests`);
  const t0 = performance.now();
  await mapLimit(restRequests, CONCURRENCY, async ({ name, req }, i) => {
    judge(tally(name), req, await send(base, req, loopback(i)), false);
  });
  const restSeconds = (performance.now() - t0) / 1000;

  // ── Server actions ───────────────────────────────────────────────────────────
  const manifest = JSON.parse(await readFile('.next/server/server-reference-manifest.json', 'utf8')) as {
    node: Record<string, { exportedName: string; workers: Record<string, unknown> }>;
  };
  const actions = Object.entries(manifest.node).map(([id, a]) => ({
    id,
    name: a.exportedName,
    page: Object.keys(a.workers)[0] ?? 'app/page',
  }));
  const actionRequests: { name: string; req: Req }[] = [];
  for (const a of actions) {
    for (let i = 0; i < PER_OPERATION; i++) {
      actionRequests.push({
        name: `action ${a.name}`,
        req: actionRequest(a, rng, pools, customer, server.url),
      });
    }
  }
  shuffle(actionRequests, rng);
  progress(`${actions.length} server actions × ${PER_OPERATION} = ${actionRequests.length} action requests`);
  const t1 = performance.now();
  await mapLimit(actionRequests, CONCURRENCY, async ({ name, req }, i) => {
    judge(tally(name), req, await send(base, req, loopback(i)), true);
  });
  const actionSeconds = (performance.now() - t1) / 1000;

  // ── Report ───────────────────────────────────────────────────────────────────
  const all = [...tallies.values()];
  const sum = (f: (t: Tally) => number) => all.reduce((n, t) => n + f(t), 0);
  const row = (t: Tally) => [
    t.name,
    fmtInt(t.requests),
    fmtInt(t.byClass['2xx']),
    fmtInt(t.byClass['3xx']),
    fmtInt(t.byClass['4xx']),
    fmtInt(t.byClass['5xx']),
    fmtInt(t.notEnvelope),
    fmtInt(t.stack),
    fmtInt(t.actionFailures),
    fmtInt(t.byClass.lost),
  ];
  const total: Tally = {
    name: '**all**',
    requests: sum((t) => t.requests),
    byClass: {
      '2xx': sum((t) => t.byClass['2xx']),
      '3xx': sum((t) => t.byClass['3xx']),
      '4xx': sum((t) => t.byClass['4xx']),
      '5xx': sum((t) => t.byClass['5xx']),
      lost: sum((t) => t.byClass.lost),
    },
    notEnvelope: sum((t) => t.notEnvelope),
    stack: sum((t) => t.stack),
    actionFailures: sum((t) => t.actionFailures),
    examples: [],
  };
  const table = renderTable(
    [
      { title: 'operation', align: 'left' },
      { title: 'requests' },
      { title: '2xx' },
      { title: '3xx' },
      { title: '4xx' },
      { title: '5xx' },
      { title: 'not envelope' },
      { title: 'stack trace' },
      { title: 'action failed' },
      { title: 'lost' },
    ],
    [...all.map(row), row(total)],
  );
  const fewest = Math.min(...all.map((t) => t.requests));
  const checks: Check[] = [
    { name: 'no 5xx', ok: total.byClass['5xx'] === 0, seen: `${total.byClass['5xx']}` },
    {
      name: 'every error in the envelope, with a documented code',
      ok: total.notEnvelope === 0,
      seen: `${total.notEnvelope} not`,
    },
    { name: 'no stack trace in any body', ok: total.stack === 0, seen: `${total.stack}` },
    {
      name: 'no action threw or answered INTERNAL',
      ok: total.actionFailures === 0,
      seen: `${total.actionFailures}`,
    },
    { name: 'every request answered', ok: total.byClass.lost === 0, seen: `${total.byClass.lost} lost` },
    {
      name: `at least ${PER_OPERATION} requests per operation and action`,
      ok: fewest >= PER_OPERATION && operations.length > 0 && actions.length > 0,
      seen: `${operations.length} operations, ${actions.length} actions, fewest ${fewest}`,
    },
  ];
  const examples = all.flatMap((t) => t.examples.map((e) => `- ${t.name}: ${e}`));
  return report('fuzz', SMALL, {
    intro: `Seed ${SEED} (\`npm run drill:fuzz -- --seed ${SEED}\` repeats it). ${fmtInt(restRequests.length)} REST requests in ${restSeconds.toFixed(0)} s and ${fmtInt(actionRequests.length)} server-action requests in ${actionSeconds.toFixed(0)} s against the production server with demo data, ${CONCURRENCY} at a time from ${LOOPBACKS} loopback addresses.`,
    table,
    checks,
    notes: examples.length ? ['First failures:', '', ...examples] : [],
  });
});

function shuffle<T>(items: T[], rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
}

const LOOPBACKS = 200;
function loopback(i: number): string {
  return `127.0.2.${1 + (i % LOOPBACKS)}`;
}

function get(base: URL, p: string): Promise<Res> {
  return send(base, { method: 'GET', path: p, headers: {} }, '127.0.0.1');
}

function isEnvelope(res: Res, codes: ReadonlySet<string>): boolean {
  if (!res.type.startsWith('application/json')) return false;
  try {
    const body = JSON.parse(res.body) as { error?: { code?: unknown; message?: unknown } };
    return typeof body.error?.message === 'string' && codes.has(String(body.error.code));
  } catch {
    return false;
  }
}

type World = { pools: Pools; seatsByShowtime: Map<string, string[]> };

/**
 * The customer books two seats and holds two more, so requests about bookings and holds have real
 * references and hold ids to work on (the demo data has neither for them).
 */
async function giveCustomerABookingAndAHold(base: URL, world: World, token: string): Promise<void> {
  const call = async (method: string, p: string, body: unknown, extra: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    const r = await send(
      base,
      {
        method,
        path: p,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(text)),
          ...extra,
        },
        body: text,
      },
      '127.0.0.1',
    );
    if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.body}`);
    return JSON.parse(r.body) as Record<string, unknown>;
  };
  // Two seats a customer may take: side by side, ordinary, free; seat rules (a single seat left
  // on its own) depend on the neighbours, so try pairs until one is accepted.
  const holdTwo = async (showtimeId: string) => {
    const r = await send(
      base,
      { method: 'GET', path: `/api/v1/showtimes/${showtimeId}/seats`, headers: {} },
      '127.0.0.1',
    );
    const map = JSON.parse(r.body) as {
      seats: { id: string; row: string; number: number; kind: string; state: string }[];
    };
    const free = map.seats
      .filter((x) => x.kind === 'STANDARD' && x.state === 'available')
      .sort((x, y) => x.row.localeCompare(y.row) || x.number - y.number);
    let tries = 0;
    for (let i = 0; i + 1 < free.length && tries < 30; i++) {
      const [a, b] = [free[i]!, free[i + 1]!];
      if (a.row !== b.row || b.number !== a.number + 1) continue;
      tries++;
      const held = await call('POST', `/api/v1/showtimes/${showtimeId}/holds`, {
        seatIds: [a.id, b.id],
      }).catch(() => null);
      if (held) return held;
    }
    throw new Error(`no pair of seats of showtime ${showtimeId} could be held`);
  };
  const [first, second] = [...world.seatsByShowtime.keys()];
  if (!first || !second) throw new Error('the demo data has fewer than two showtimes ahead');
  const booked = await holdTwo(first);
  const booking = await call(
    'POST',
    `/api/v1/holds/${booked.holdId}/checkout`,
    {
      payment: {
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
      },
    },
    { 'idempotency-key': `fuzz-${Date.now()}` },
  );
  const held = await holdTwo(second);
  world.pools.reference = [...(world.pools.reference ?? []), String(booking.reference)];
  world.pools.holdId = [...(world.pools.holdId ?? []), String(held.holdId)];
}

async function loadWorld(sql: pg.Client): Promise<World> {
  const showtimes = (
    await sql.query<{ id: string }>(
      `SELECT id::text FROM showtimes WHERE status = 'SCHEDULED' AND starts_at > now() ORDER BY random() LIMIT 40`,
    )
  ).rows.map((r) => r.id);
  const seats = await sql.query<{ showtime: string; seats: string[] }>(
    `SELECT s.id::text AS showtime, array_agg(se.id::text ORDER BY se.row_index, se.col) AS seats
     FROM showtimes s JOIN seats se ON se.screen_id = s.screen_id WHERE s.id = ANY($1::uuid[]) GROUP BY s.id`,
    [showtimes],
  );
  const seatsByShowtime = new Map(seats.rows.map((r) => [r.showtime, r.seats]));
  const one = async (q: string) => (await sql.query<{ v: string }>(q)).rows.map((r) => r.v);
  const pools: Pools = {
    showtimeId: showtimes,
    id: showtimes,
    slug: await one('SELECT slug AS v FROM movies ORDER BY random() LIMIT 20'),
    reference: await one('SELECT reference AS v FROM bookings ORDER BY random() LIMIT 20'),
    holdId: await one('SELECT id::text AS v FROM seat_holds ORDER BY random() LIMIT 20'),
    q: ['dune', 'kapoor', 'the', 'shah', 'love', 'xx'],
    email: ['customer@marquee.test', 'staff@marquee.test', 'nobody@example.test'],
    promoCode: ['WELCOME10', 'FLAT100', 'MUMBAI50', 'NOSUCH'],
    scope: ['upcoming', 'past', 'all'],
    lat: [19.07, 18.52, 12.97],
    lng: [72.87, 73.85, 77.59],
  };
  return { pools, seatsByShowtime };
}

function restRequest(
  o: { method: string; path: string; op: JsonSchema },
  doc: JsonSchema,
  rng: Rng,
  world: World,
  tokens: { customer: string; manager: string },
): Req {
  const { pools } = world;
  const params = ((o.op.parameters ?? []) as unknown[]).map((p) => resolve(p, doc));
  const media = resolve(o.op.requestBody, doc).content as Record<string, { schema?: unknown }> | undefined;
  const schema = media?.['application/json']?.schema;
  // Which part is broken: < .35 none (plausible); < .5 the path; < .6 the query; < .8 the body;
  // < .9 the method; else a header. An operation with a body gets its body broken more often.
  const family = schema !== undefined && rng.chance(0.25) ? 0.6 + rng.float() * 0.2 : rng.float();
  let showtime: string | undefined;
  const pathText = o.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const plausible = o.path.includes('/holds/')
      ? pools.holdId
      : name === 'id'
        ? pools.showtimeId
        : pools[name];
    const value =
      family >= 0.35 && family < 0.5 && rng.chance(0.7)
        ? nasty(rng)
        : plausible?.length
          ? rng.pick(plausible)
          : `x${rng.int(1, 99)}`;
    if (name === 'id' && typeof value === 'string') showtime = value;
    return pathSegment(value, rng);
  });
  const query: string[] = [];
  for (const p of params.filter((x) => x.in === 'query')) {
    const name = String(p.name);
    if (!p.required && rng.chance(0.4)) continue;
    const value =
      family >= 0.5 && family < 0.6 && rng.chance(0.6)
        ? nasty(rng)
        : generate(p.schema, doc, rng, pools, name);
    query.push(`${name}=${queryValue(value, rng)}`);
  }
  if (family >= 0.5 && family < 0.6 && rng.chance(0.5)) {
    query.push(rng.pick(['unknown=1', 'limit=1&limit=2', '%zz=1', 'q', '=', '&&&', 'a=%00']));
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  // Mostly signed in where the operation needs it, so requests get past authentication.
  const needsUser = ((o.op.security ?? []) as JsonSchema[]).every((s) => Object.keys(s).length > 0);
  const who = rng.float() * (needsUser ? 1 : 0.7);
  if (who < 0.45) headers.authorization = `Bearer ${tokens.customer}`;
  else if (who < 0.6) headers.cookie = `next-auth.session-token=${tokens.customer}`;
  else if (who < 0.7) headers.authorization = `Bearer ${tokens.manager}`;
  let method = o.method;
  if (family >= 0.8 && family < 0.9) method = rng.pick(ODD_METHODS);
  let body: string | undefined;
  if (schema !== undefined || (family >= 0.6 && family < 0.8 && rng.chance(0.3))) {
    const seatPool = showtime ? world.seatsByShowtime.get(showtime) : undefined;
    const local: Pools = seatPool
      ? { ...pools, seatIds: [seatPool.slice(rng.int(0, 20), rng.int(21, 24))] }
      : pools;
    let value = generate(schema, doc, rng, local);
    if (family >= 0.6 && family < 0.8) {
      const kind = rng.float();
      if (kind < 0.6) value = rng.chance(0.3) ? mutate(mutate(value, rng), rng) : mutate(value, rng);
      else body = garbageBody(rng);
      if (rng.chance(0.2)) headers['content-type'] = rng.pick(CONTENT_TYPES);
    }
    body ??= JSON.stringify(value);
    headers['content-type'] ??= 'application/json';
  }
  if (family >= 0.9) {
    const kind = rng.int(0, 6);
    if (kind === 0) headers.authorization = `Bearer ${rng.pick(['', 'garbage', 'a.b.c', 'A'.repeat(5_000)])}`;
    else if (kind === 1) headers.authorization = rng.pick(['Basic eDp5', 'Bearer', 'bearer  x', 'Token abc']);
    else if (kind === 2)
      headers.cookie = `next-auth.session-token=${rng.pick(['x', '%00', 'A'.repeat(3_000)])}; city=${rng.pick(['%00', '..', '%zz'])}`;
    else if (kind === 3)
      headers['idempotency-key'] = rng.pick(['short', 'ü'.repeat(20), 'A'.repeat(300), 'key with spaces']);
    else if (kind === 4) headers['x-forwarded-for'] = rng.pick(['garbage', '1.1.1.1, 2.2.2.2', '::1', '']);
    else if (kind === 5) headers['x-fuzz-padding'] = 'A'.repeat(rng.pick([100, 20_000]));
    else headers['content-type'] = rng.pick(CONTENT_TYPES) || 'application/json';
  }
  if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
  return { method, path: query.length ? `${pathText}?${query.join('&')}` : pathText, headers, body };
}

/** Field names our actions take, with values drawn from the pools or the nasty lists. */
const ACTION_FIELDS = [
  'showtimeId',
  'seatIds',
  'holdId',
  'reference',
  'slug',
  'reason',
  'rating',
  'title',
  'body',
  'email',
  'name',
  'code',
  'token',
  'promoCode',
  'seats',
  'accessible',
  'qr',
  'payment',
  'idempotencyKey',
  'newEmail',
  'password',
  'currentPassword',
  'newPassword',
] as const;

function actionArgument(rng: Rng, pools: Pools): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let n = rng.int(0, 5); n > 0; n--) {
    const key = rng.pick(ACTION_FIELDS);
    const pool = pools[key] ?? (key === 'holdId' ? pools.holdId : undefined);
    out[key] =
      pool?.length && rng.chance(0.5)
        ? rng.pick(pool)
        : rng.pick<unknown>([
            nasty(rng),
            rng.int(-5, 12),
            `fuzz ${rng.int(1, 999)}`,
            { method: 'card', card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' } },
            [rng.pick(NASTY_STRINGS)],
          ]);
  }
  return out;
}

function actionRequest(
  a: { id: string; page: string },
  rng: Rng,
  pools: Pools,
  customer: string,
  origin: string,
): Req {
  const pagePath =
    a.page
      .replace(/^app/, '')
      .replace(/\/page$/, '')
      .replace(/\[([^\]]+)\]/g, (_, name: string) => {
        const pool = name === 'id' ? pools.showtimeId : pools[name];
        return encodeURIComponent(
          String(pool?.length ? rng.pick(pool) : '00000000-0000-4000-8000-000000000000'),
        );
      }) || '/';
  const headers: Record<string, string> = {
    'next-action': a.id,
    'content-type': 'text/plain;charset=UTF-8',
    accept: 'text/x-component',
  };
  if (rng.chance(0.5)) headers.cookie = `next-auth.session-token=${customer}`;
  if (rng.chance(0.3)) headers.origin = origin;
  let body: string;
  const family = rng.float();
  if (family < 0.55) body = JSON.stringify([actionArgument(rng, pools)]);
  else if (family < 0.65) {
    body = rng.pick([
      '[]',
      '[1,2]',
      '[null]',
      '["$undefined"]',
      '["$$literal"]',
      '["$D2020-01-01T00:00:00.000Z"]',
      '[{},{}]',
      '["$n99"]',
    ]);
  } else if (family < 0.85) {
    body = rng.pick([
      garbageBody(rng),
      '"$Q1"',
      '["$Q1"]',
      '["$@1"]',
      '["$K1"]',
      '["$h1"]',
      '["$T"]',
      '["$F1"]',
      '["$B1"]',
      '{"0":1}',
    ]);
  } else if (family < 0.93) {
    body = JSON.stringify([actionArgument(rng, pools)]);
    headers['content-type'] = rng.pick(CONTENT_TYPES);
    if (!headers['content-type']) delete headers['content-type'];
  } else if (family < 0.97) {
    body = '[{}]';
    headers.origin = rng.pick(['https://evil.example', 'null', 'not a url', `${origin}:1`]);
  } else {
    body = '[{}]';
    headers['next-action'] = rng.pick(['', 'zz', '7f'.padEnd(42, '0'), a.id.toUpperCase()]);
  }
  headers['content-length'] = String(Buffer.byteLength(body));
  return { method: 'POST', path: pagePath, headers, body };
}
