import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import type http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { RawResponse } from '@/bench/lib/http';
import { type AppServer, freePort, startAppServer } from '@/bench/lib/server';
import { buildIsCurrent, ensureBuild } from '@/server/build';

// The real launcher (server/main.ts, what `npm start` runs) as a child process, for tests of what
// only the whole server does: refusing a bad production configuration, the requests the custom
// server answers before Next. Each gets a DATA_DIR (and so an embedded PostgreSQL) of its own in a
// temporary directory, and a clean environment: nothing of the test run's (its DATABASE_URL,
// NODE_ENV=test, AUTH_SECRET) leaks into the child.

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Only what a process needs to run; everything else is given by the test. */
export function cleanEnv(): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'LANG', 'TMPDIR', 'TZ', 'CI', 'NODE_OPTIONS'];
  // NODE_ENV is left out on purpose (the test run's is `test`); each caller sets its own.
  return Object.fromEntries(
    keep.filter((k) => process.env[k] !== undefined).map((k) => [k, process.env[k]]),
  ) as NodeJS.ProcessEnv;
}

/**
 * `next build` once, if the build is missing or older than the sources. Several test files may ask
 * at once: a lock directory lets one build while the others wait. In CI the build step runs
 * before the tests (.ci/run), so this finds the build current and returns at once.
 */
async function ensureProductionBuild(): Promise<void> {
  if (await buildIsCurrent(ROOT)) return;
  const lock = path.join(
    os.tmpdir(),
    `marquee-build-${createHash('sha256').update(ROOT).digest('hex').slice(0, 12)}.lock`,
  );
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      // Someone else is building. A lock whose process is gone was left by a killed run.
      let owner = 0;
      try {
        owner = Number(readFileSync(lock, 'utf8'));
      } catch {
        continue; // released meanwhile: try again
      }
      if (owner && !alive(owner)) rmSync(lock, { force: true });
      else await new Promise((r) => setTimeout(r, 1_000));
    }
  }
  try {
    if (await buildIsCurrent(ROOT)) return;
    process.stdout.write('building the production bundle for the server-process tests (next build)\n');
    await ensureBuild(() => {}, ROOT, {
      ...cleanEnv(),
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
    });
  } finally {
    rmSync(lock, { force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export type AppDirs = { dataDir: string; logFile: string; remove(): Promise<void> };

export async function appDirs(name: string): Promise<AppDirs> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `marquee-${name}-`));
  // The embedded PostgreSQL runs as the postgres user when we are root: it must reach the data.
  await chmod(dir, 0o755);
  return {
    dataDir: path.join(dir, 'data'),
    logFile: path.join(dir, 'server.log'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Preferred ports for a test file's servers; the next free ones are used. */
export async function appPorts(offset: number): Promise<{ http: number; postgres: number }> {
  const base = Number(process.env.MARQUEE_TEST_APP_PORT ?? 3390);
  const pgBase = Number(process.env.MARQUEE_TEST_APP_PG_PORT ?? 23390);
  return { http: await freePort(base + offset), postgres: await freePort(pgBase + offset) };
}

/** Runs the launcher and waits for it to stop by itself (a refused start). */
export function runLauncherToExit(
  env: NodeJS.ProcessEnv,
  timeoutMs = 60_000,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', '--import', './server/preload.mjs', 'server/main.ts'],
      { cwd: ROOT, env: { ...cleanEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString();
    });
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the launcher did not exit within ${timeoutMs} ms:\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The production server (no --demo) with a fresh database in its own DATA_DIR. */
export async function startProductionApp(options: {
  name: string;
  portOffset: number;
  env: Record<string, string>;
}): Promise<{ server: AppServer; dirs: AppDirs; env: Record<string, string> }> {
  await ensureProductionBuild();
  const dirs = await appDirs(options.name);
  const ports = await appPorts(options.portOffset);
  const env = {
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    DATA_DIR: dirs.dataDir,
    EMBEDDED_PG_PORT: String(ports.postgres),
    LOG_LEVEL: 'warn',
    // Tests stop servers often; the drain (readiness 503 before closing) is tested on its own.
    SHUTDOWN_DRAIN_SECONDS: '0',
    ...options.env,
  };
  const server = await startAppServer({
    port: ports.http,
    env,
    baseEnv: cleanEnv(),
    launcherArgs: [],
    logFile: dirs.logFile,
    startTimeoutMs: 120_000,
  });
  return { server, dirs, env };
}

/** Bytes straight onto a socket, for what no HTTP client will send (CONNECT, unknown methods). */
export function rawSocket(base: string, request: string): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(url.port), url.hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(15_000, () => socket.destroy(new Error('timeout')));
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString();
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers: http.IncomingHttpHeaders = {};
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body });
    });
    socket.end(request);
  });
}
