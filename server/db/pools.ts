import type pg from 'pg';
import { singleton } from '@/server/singleton';

// The process's connection pools by name, so the metrics can read how many connections each has
// in use, idle and waited for at scrape time (server/metrics/registry.ts) without the pools'
// owners knowing about metrics. Process-wide: Next's bundle and the custom server both make pools.

const pools = singleton('db-pools', () => new Map<string, pg.Pool>());

export function trackPool(name: string, pool: pg.Pool): void {
  pools.set(name, pool);
}

/** Forgets a pool being ended (only if it is still the one under that name). */
export function untrackPool(name: string, pool?: pg.Pool): void {
  if (!pool || pools.get(name) === pool) pools.delete(name);
}

export function trackedPools(): ReadonlyMap<string, pg.Pool> {
  return pools;
}
