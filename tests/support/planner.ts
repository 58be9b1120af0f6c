import { createPrisma, DB_SINGLETONS, db, SEAT_WRITER_OPTIONS, seatWriter } from '@/server/db';
import { env } from '@/server/env';
import { setSingleton } from '@/server/singleton';

// Runs code with both of the app's connection pools swapped for pools whose PostgreSQL planner
// may not use some join strategies. A statement whose correctness depends on the order in which
// its CTEs run can pass with the plan the planner picks today and fail with another it may pick
// tomorrow (other statistics, other data): a hold once failed only under CI load, because a merge
// join never read the CTE that ended the replaced hold. Tests run such statements under every
// join strategy instead of whichever one the statistics favour.

export const PLANNERS = ['default', 'merge joins', 'hash joins', 'nested loops'] as const;
export type Planner = (typeof PLANNERS)[number];

const SETTINGS: Record<Exclude<Planner, 'default'>, string> = {
  'merge joins': '-c enable_hashjoin=off -c enable_nestloop=off',
  'hash joins': '-c enable_mergejoin=off -c enable_nestloop=off',
  'nested loops': '-c enable_hashjoin=off -c enable_mergejoin=off',
};

type Pools = { app: ReturnType<typeof db>; writer: ReturnType<typeof seatWriter> };
const pools = new Map<Planner, Pools>();

function poolsFor(planner: Exclude<Planner, 'default'>): Pools {
  let p = pools.get(planner);
  if (!p) {
    const url = env().DATABASE_URL as string;
    // Small pools: three planners' worth must fit beside the normal ones in max_connections.
    const size = 8;
    p = {
      app: createPrisma(url, size, SETTINGS[planner]),
      writer: createPrisma(url, size, `${SEAT_WRITER_OPTIONS} ${SETTINGS[planner]}`),
    };
    pools.set(planner, p);
  }
  return p;
}

/** Runs fn with the app's queries planned under `planner` (not re-entrant; one at a time). */
export async function withPlanner<T>(planner: Planner, fn: () => Promise<T>): Promise<T> {
  if (planner === 'default') return fn();
  const normal: Pools = { app: db(), writer: seatWriter() };
  const forced = poolsFor(planner);
  setSingleton(DB_SINGLETONS.app, forced.app);
  setSingleton(DB_SINGLETONS.writer, forced.writer);
  try {
    return await fn();
  } finally {
    setSingleton(DB_SINGLETONS.app, normal.app);
    setSingleton(DB_SINGLETONS.writer, normal.writer);
  }
}

/** Closes the pools withPlanner opened (call in afterAll). */
export async function closePlannerPools(): Promise<void> {
  const all = [...pools.values()];
  pools.clear();
  await Promise.all(all.flatMap((p) => [p.app.$disconnect(), p.writer.$disconnect()]));
}
