import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { isPortFree } from '@/server/db/embedded';

// Runs the production server (server/main.ts, the same launcher as `npm start`) as a child
// process against a given database, and stops it with SIGTERM so it shuts down in order (and so
// --cpu-prof, when asked for, writes its profile on exit).

export type AppServer = {
  url: string;
  pid: number;
  logFile: string;
  stop(): Promise<void>;
  /** The exit code once the process has exited (null: killed by a signal). */
  exited: Promise<number | null>;
};

export type AppServerOptions = {
  port: number;
  env: Record<string, string>;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  logFile: string;
  startTimeoutMs?: number;
  /** Launcher flags; default `--demo` (demo data, sandbox payments, a generated AUTH_SECRET). */
  launcherArgs?: string[];
  /** The environment `env` is laid over; default this process's. */
  baseEnv?: NodeJS.ProcessEnv;
};

export async function freePort(preferred: number): Promise<number> {
  for (let p = preferred; p < preferred + 50; p++) if (await isPortFree(p)) return p;
  throw new Error(`no free port in ${preferred}..${preferred + 49}`);
}

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

export async function startAppServer(options: AppServerOptions): Promise<AppServer> {
  const log = createWriteStream(options.logFile);
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeArgs ?? []),
      // BENCH_PROFILE=<dir>: a V8 CPU profile of the server, written when it stops (open it in
      // Chrome's DevTools or speedscope to see where each millisecond of app CPU goes).
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
      '--import',
      'tsx',
      '--import',
      './server/preload.mjs',
      'server/main.ts',
      ...(options.launcherArgs ?? ['--demo']),
    ],
    {
      cwd: process.cwd(),
      env: { ...(options.baseEnv ?? process.env), ...options.env, PORT: String(options.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group: a terminal's Ctrl-C reaches the benchmark, which then stops the
      // server with one SIGTERM (a second signal would make the launcher skip its shutdown).
      detached: true,
    },
  );
  // Last resort if the benchmark itself dies without unwinding.
  const onExit = () => {
    if (!exited(child)) child.kill('SIGTERM');
  };
  process.once('exit', onExit);
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const url = `http://127.0.0.1:${options.port}`;
  const exitCode = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= new Promise<void>((resolve) => {
      const finish = () => {
        process.removeListener('exit', onExit);
        log.end();
        resolve();
      };
      if (exited(child)) return finish();
      // The launcher waits up to 10 s for open requests; after 20 s something is stuck.
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      child.once('exit', () => {
        clearTimeout(force);
        finish();
      });
      child.kill('SIGTERM');
    });
    return stopping;
  };

  const deadline = Date.now() + (options.startTimeoutMs ?? 120_000);
  while (true) {
    if (exited(child)) {
      await stop();
      throw new Error(`the server exited during start-up (code ${child.exitCode}); see ${options.logFile}`);
    }
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not become healthy in time; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, pid: child.pid as number, logFile: options.logFile, stop, exited: exitCode };
}
