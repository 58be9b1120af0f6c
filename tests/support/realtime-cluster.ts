import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, inject } from 'vitest';
import { type Cluster, startCluster } from '@/server/events/cluster';
import { attachRealtime, closeRealtime } from '@/server/realtime/io';

// For the realtime tests: Socket.IO in the test process, a second Marquee instance in its own process (realtime-instance.ts:
// REST API, Socket.IO with the PostgreSQL adapter, the cache cluster) sharing the test database,
// and Socket.IO clients that connect as a browser (cookie) or an API client (bearer token) would.

export type SecondInstance = { url: string; stop: () => Promise<void> };

export async function startSecondInstance(databaseUrl: string): Promise<SecondInstance> {
  // PORT=0: the instance takes a free port and says which ('ready <port>'). A random port of our
  // choosing once collided with a port in use on CI and the instance died with EADDRINUSE.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--import', './server/preload.mjs', 'tests/support/realtime-instance.ts'],
    {
      env: { ...process.env, PORT: '0', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let said = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => {
      said += d.toString();
      const ready = /ready (\d+)/.exec(said);
      if (ready) resolve(Number(ready[1]));
    });
    child.once('exit', (code) => reject(new Error(`second instance exited (${code})`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    // It gets 3 s to close its connections before the test database goes away (its pool can wait
    // for the adapter's listening client forever), then it is killed.
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A connected client of `url` + `namespace`, kept in `opened` so the test can close them all. */
export function openSocket(
  url: string,
  namespace: string,
  options: { token?: string | null; cookie?: string; opened: Socket[] },
): Promise<Socket> {
  const socket = connect(`${url}${namespace}`, {
    transports: ['websocket'],
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.cookie ? { cookie: options.cookie } : {},
    forceNew: true,
    reconnection: false,
  });
  options.opened.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

/** Socket.IO with the PostgreSQL adapter in this process, on a free port (the first instance). */
export async function startRealtimeHere(
  databaseUrl: string,
): Promise<{ url: string; stop: () => Promise<void> }> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  const http = createServer();
  const io = await attachRealtime(http, { adapterPool: pool });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    stop: async () => {
      await closeRealtime(io);
      await pool.end();
    },
  };
}

export type TwoInstances = {
  /** Socket.IO in this process (the first instance). */
  readonly url: string;
  /** The second instance: REST API and Socket.IO in a child process. */
  readonly childUrl: string;
  /** A /seats socket on this instance (or `base`), signed in by bearer token or cookie, or not. */
  client: (options?: { base?: string; token?: string | null; cookie?: string }) => Promise<Socket>;
};

/**
 * Both instances for one test file, with the cache cluster here, started before its tests and
 * stopped (every socket `client` opened closed first) after them. `alsoHere` starts more here,
 * such as the offer engine's trigger, and returns its stop.
 */
export function twoInstances(options: { alsoHere?: () => () => void } = {}): TwoInstances {
  const clients: Socket[] = [];
  let here: Awaited<ReturnType<typeof startRealtimeHere>> | undefined;
  let second: SecondInstance | undefined;
  let cluster: Cluster | undefined;
  let stopAlso: (() => void) | undefined;
  const t = {
    url: '',
    childUrl: '',
    client: (o: { base?: string; token?: string | null; cookie?: string } = {}) =>
      openSocket(o.base ?? t.url, '/seats', { ...o, opened: clients }),
  };
  beforeAll(async () => {
    here = await startRealtimeHere(inject('databaseUrl'));
    t.url = here.url;
    cluster = startCluster(inject('databaseUrl'));
    stopAlso = options.alsoHere?.();
    second = await startSecondInstance(inject('databaseUrl'));
    t.childUrl = second.url;
  }, 60_000);
  afterAll(async () => {
    for (const c of clients) c.close();
    stopAlso?.();
    await second?.stop();
    await here?.stop();
    await cluster?.stop();
  });
  return t;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;

/**
 * Measures `round` (given the base URL of the instance the client connects to; it returns the
 * milliseconds it measured) `rounds` times on each instance, alternating, and prints p50 and max
 * per instance for the README. Returns the p50 of each.
 */
export async function latencyOnBothInstances(
  t: TwoInstances,
  label: string,
  round: (base: string) => Promise<number>,
  rounds = 5,
): Promise<{ where: string; p50: number }[]> {
  const places = [
    { where: 'same instance', base: t.url, ms: [] as number[] },
    { where: 'other instance', base: t.childUrl, ms: [] as number[] },
  ];
  for (let i = 0; i < rounds; i++) for (const p of places) p.ms.push(await round(p.base));
  return places.map(({ where, ms }) => {
    const sorted = [...ms].sort((x, y) => x - y);
    console.log(
      `${label}, ${where}: p50 ${percentile(sorted, 50).toFixed(0)} ms, max ${percentile(sorted, 100).toFixed(0)} ms (${sorted.map((m) => m.toFixed(0)).join(', ')})`,
    );
    return { where, p50: percentile(sorted, 50) };
  });
}
