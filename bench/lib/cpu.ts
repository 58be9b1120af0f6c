import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// Where the CPU goes during a measurement window, from /proc (Linux only; elsewhere the
// figures are NaN): the app server process, the PostgreSQL processes of one postmaster, this
// load generator, and everything else on the machine (other jobs sharing the cores).

export type CpuSample = { at: number; machine: number; app: number; db: number; gen: number };
export type CpuShare = { app: number; db: number; gen: number; other: number };

let ticksPerSecond: number | undefined;
function hz(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

function fields(stat: string): string[] {
  // After "pid (comm) ": state, ppid, … utime (11), stime (12), cutime (13), cstime (14).
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** utime + stime of one process (all its threads), plus reaped children's if asked, in seconds. */
function procSeconds(stat: string, withReapedChildren = false): number {
  const f = fields(stat);
  const own = Number(f[11]) + Number(f[12]);
  return (withReapedChildren ? own + Number(f[13]) + Number(f[14]) : own) / hz();
}

function readStat(pid: number | string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
}

function machineSeconds(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
    const [, user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).map(Number);
    return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / hz();
  } catch {
    return Number.NaN;
  }
}

/**
 * The postmaster and its children (backends, walwriter, checkpointer, io workers…). A backend
 * that exits is reaped by the postmaster and its time moves into the postmaster's cutime, so
 * the sum keeps counting it.
 */
function postgresSeconds(postmasterPid: number): number {
  const postmaster = readStat(postmasterPid);
  if (!postmaster) return Number.NaN;
  let total = procSeconds(postmaster, true);
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return Number.NaN;
  }
  for (const name of entries) {
    if (!/^\d+$/.test(name)) continue;
    const stat = readStat(name);
    if (stat && Number(fields(stat)[1]) === postmasterPid) total += procSeconds(stat);
  }
  return total;
}

export function cpuSample(appPid: number | undefined, postmasterPid: number | undefined): CpuSample {
  const appStat = appPid ? readStat(appPid) : undefined;
  const own = process.cpuUsage();
  return {
    at: performance.now(),
    machine: machineSeconds(),
    app: appStat ? procSeconds(appStat) : Number.NaN,
    db: postmasterPid ? postgresSeconds(postmasterPid) : Number.NaN,
    gen: (own.user + own.system) / 1e6,
  };
}

/** Percent of one core used by each party between two samples (100 = one core busy). */
export function cpuShare(a: CpuSample, b: CpuSample): CpuShare {
  const wall = (b.at - a.at) / 1000;
  const pct = (x: number) => (100 * x) / wall;
  const app = pct(b.app - a.app);
  const db = pct(b.db - a.db);
  const gen = pct(b.gen - a.gen);
  return { app, db, gen, other: Math.max(0, pct(b.machine - a.machine) - app - db - gen) };
}
