import 'server-only';
import { type Db, db } from '@/server/db';
import { forgetEverySeat } from '@/server/events/seat-events';
import { log } from '@/server/log';

// Seat holds, releases and expiries commit asynchronously (server/db.ts): if PostgreSQL crashes,
// the last few hundred ms of them can be gone when it comes back, and the rows' versions handed
// out again with other claims. Copies of seat states (this process's caches, every live viewer's
// map) trust versions, so they must start again from the database. The sign is the one row of the
// UNLOGGED table db_epoch: crash recovery empties it, a clean restart does not (no commit is lost
// then). Each instance reads it every second; whoever finds it empty writes a new token; a token
// other than the one seen before means "recovered from a crash": forget every seat.

export type RecoveryWatch = { stop: () => void; check: () => Promise<void> };

async function currentToken(client: Db): Promise<string | null> {
  const read = () =>
    client.$queryRaw<{ token: string }[]>`SELECT token::text AS token FROM db_epoch WHERE id = 1`;
  const [row] = await read();
  if (row) return row.token;
  await client.$executeRaw`INSERT INTO db_epoch (id) VALUES (1) ON CONFLICT (id) DO NOTHING`;
  const [made] = await read();
  return made?.token ?? null;
}

export function watchDatabaseRecovery(
  options: { everyMs?: number; onRecovered?: () => void; database?: Db } = {},
): RecoveryWatch {
  const onRecovered = options.onRecovered ?? forgetEverySeat;
  let seen: string | null = null;
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const token = await currentToken(options.database ?? db());
      if (token && seen && token !== seen) {
        log.warn('the database recovered from a crash: seat states start again from it');
        onRecovered();
      }
      if (token) seen = token;
    } catch {
      // The database is down or restarting: a later check will tell.
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.everyMs ?? 1_000);
  timer.unref();
  return { stop: () => clearInterval(timer), check };
}
