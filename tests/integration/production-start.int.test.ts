import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest } from '@/bench/lib/http';
import type { AppServer } from '@/bench/lib/server';
import { startEmbedded } from '@/server/db/embedded';
import {
  type AppDirs,
  appDirs,
  appPorts,
  cleanEnv,
  runLauncherToExit,
  startProductionApp,
} from '../support/app-process';

// Issue 10, item 1: production is not development. The real launcher, as `npm start` runs it, on
// an empty database of its own: it refuses to start without a payment provider or AUTH_SECRET
// (naming them), and with them it starts, seeds nothing (the demo sign-ins with their published
// password do not work), and the operator creates the first admin with `npm run user:create`.

const SECRET = 'production-test-secret-0123456789abcdef01234567';
const cleanup: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

async function refusedStart(env: Record<string, string>): Promise<string> {
  const dirs = await appDirs('refused');
  cleanup.push(dirs.remove);
  const ports = await appPorts(10);
  const result = await runLauncherToExit({
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(ports.http),
    DATA_DIR: dirs.dataDir,
    EMBEDDED_PG_PORT: String(ports.postgres),
    ...env,
  });
  expect(result.code).not.toBe(0);
  return result.stderr;
}

function createUserCli(
  dataDir: string,
  args: string[],
  stdin: string,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './server/preload.mjs', 'server/cli/create-user.ts', ...args],
      { env: { ...cleanEnv(), DATA_DIR: dataDir }, stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) => resolve({ code, out }));
    child.stdin.end(stdin);
  });
}

const token = (base: string, email: string, password: string) =>
  rawRequest(base, {
    method: 'POST',
    path: '/api/v1/auth/token',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('a production start', () => {
  it('without a payment provider stops, naming PAYMENT_PROVIDER and STRIPE_SECRET_KEY', async () => {
    const stderr = await refusedStart({ AUTH_SECRET: SECRET });
    expect(stderr).toContain('PAYMENT_PROVIDER');
    expect(stderr).toContain('STRIPE_SECRET_KEY');
  });

  it('without AUTH_SECRET, or with one shorter than 32 characters, stops, naming AUTH_SECRET', async () => {
    expect(await refusedStart({ PAYMENT_PROVIDER: 'sandbox' })).toMatch(
      /AUTH_SECRET: required in production/,
    );
    expect(await refusedStart({ PAYMENT_PROVIDER: 'sandbox', AUTH_SECRET: 'too-short' })).toMatch(
      /AUTH_SECRET: must be at least 32 characters/,
    );
  });

  describe('with PAYMENT_PROVIDER=sandbox and AUTH_SECRET', () => {
    let server: AppServer;
    let dirs: AppDirs;
    let env: Record<string, string>;
    // The cluster the server runs (a second process on it connects instead of starting one).
    const cluster = () =>
      startEmbedded({
        dataDir: path.join(dirs.dataDir, 'postgres'),
        port: Number(env.EMBEDDED_PG_PORT),
        database: 'marquee',
      });

    beforeAll(async () => {
      ({ server, dirs, env } = await startProductionApp({
        name: 'prod',
        portOffset: 5,
        env: { PAYMENT_PROVIDER: 'sandbox', AUTH_SECRET: SECRET, LOG_LEVEL: 'info' },
      }));
      cleanup.push(async () => {
        await server.stop();
        await dirs.remove();
      });
    }, 300_000);

    it('starts, seeds nothing, and refuses the demo admin', async () => {
      const running = await cluster();
      expect(running.owned).toBe(false);
      const client = new pg.Client({ connectionString: running.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ films: number; users: number }>(
          'SELECT (SELECT count(*)::int FROM movies) AS films, (SELECT count(*)::int FROM users) AS users',
        );
        expect(rows[0]).toEqual({ films: 0, users: 0 });
      } finally {
        await client.end();
      }
      const demo = await token(server.url, 'admin@marquee.test', 'marquee-demo');
      expect(demo.status).toBe(401);
      expect(JSON.parse(demo.body)).toMatchObject({ error: { code: 'INVALID_CREDENTIALS' } });
    });

    it('says TEST MODE on every page, and an empty catalogue breaks none of them', async () => {
      for (const page of ['/', '/signin', '/signup', '/search?q=dune', '/cinemas']) {
        const res = await rawRequest(server.url, { path: page });
        expect({ page, status: res.status < 500 }).toEqual({ page, status: true });
        expect({ page, banner: /<aside aria-label="Test mode"[^>]*>.*TEST MODE/s.test(res.body) }).toEqual({
          page,
          banner: true,
        });
      }
      expect((await rawRequest(server.url, { path: '/' })).body).toContain('No films yet');
    });

    it('says so in the start banner: TEST MODE, no demo sign-ins, how to create the first admin', async () => {
      const { readFile } = await import('node:fs/promises');
      const log = await readFile(server.logFile, 'utf8');
      expect(log).toContain('TEST MODE');
      expect(log).not.toContain('Demo sign-ins');
      expect(log).toContain('npm run user:create -- --email you@example.com --role ADMIN');
    });

    it('lets the operator create the first admin with user:create (password on stdin), who can then get a token', async () => {
      const password = 'a long operator passphrase';
      const weak = await createUserCli(
        dirs.dataDir,
        ['--email', 'ops@example.com', '--role', 'ADMIN'],
        'short\n',
      );
      expect(weak.code).toBe(2);
      expect(weak.out).toContain('Use at least 10 characters');
      const argv = await createUserCli(
        dirs.dataDir,
        ['--email', 'ops@example.com', '--role', 'ADMIN', `--password=${password}`],
        '',
      );
      expect(argv.code).toBe(2);
      expect(argv.out).toContain('never taken on the command line');
      expect(argv.out).not.toContain(password);

      const created = await createUserCli(
        dirs.dataDir,
        ['--email', 'Ops@Example.com', '--role', 'ADMIN', '--name', 'Asha Rao'],
        `${password}\n`,
      );
      expect(created).toMatchObject({
        code: 0,
        out: expect.stringContaining('Created ADMIN ops@example.com'),
      });
      const res = await token(server.url, 'ops@example.com', password);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toMatchObject({ tokenType: 'Bearer', accessToken: expect.any(String) });

      const again = await createUserCli(
        dirs.dataDir,
        ['--email', 'ops@example.com', '--role', 'ADMIN'],
        `${password}\n`,
      );
      expect(again.code).toBe(1);
      expect(again.out).toContain('already exists');

      const client = new pg.Client({ connectionString: (await cluster()).url });
      await client.connect();
      try {
        const { rows } = await client.query(
          "SELECT actor_id, action, request_id, after FROM audit_log WHERE action = 'user.created'",
        );
        expect(rows).toEqual([
          {
            actor_id: null,
            action: 'user.created',
            request_id: 'cli',
            after: { role: 'ADMIN', cinemas: [], via: 'cli' },
          },
        ]);
      } finally {
        await client.end();
      }
    });
  });
});
