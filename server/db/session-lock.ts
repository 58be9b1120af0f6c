import 'server-only';
import type pg from 'pg';

// A PostgreSQL session advisory lock held for the length of a piece of work, on a connection of a
// pool kept for locks alone. The work queries through db() meanwhile: it must never hold one
// connection of a pool while it waits for another of the same pool, or as many concurrent holders
// as the pool has connections wait for each other forever (issue 11: twenty waitlist runs each
// held one of db()'s twenty connections in a transaction and waited for a second; health, holds
// and checkout then all waited for the 120 s transaction timeout).
//
// The lock lives as long as its session: a connection that breaks mid-run (a database restart)
// takes the lock with it, and a connection whose unlock did not run is destroyed rather than given
// back to the pool still holding it.

export type LockKey = readonly [namespace: string, name: string];

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** Waits for the lock, runs `work` holding it, and releases it. */
export async function withSessionLock<T>(pool: pg.Pool, key: LockKey, work: () => Promise<T>): Promise<T> {
  const outcome = await locked(pool, key, work, true);
  if (!outcome.acquired) throw new Error('pg_advisory_lock returned without the lock');
  return outcome.value;
}

/** Runs `work` holding the lock if it is free right now; otherwise does nothing. */
export function trySessionLock<T>(
  pool: pg.Pool,
  key: LockKey,
  work: () => Promise<T>,
): Promise<LockOutcome<T>> {
  return locked(pool, key, work, false);
}

async function locked<T>(
  pool: pg.Pool,
  key: LockKey,
  work: () => Promise<T>,
  wait: boolean,
): Promise<LockOutcome<T>> {
  const client = await pool.connect();
  let broken: Error | undefined;
  // A checked-out pg client that loses its connection emits 'error'; with no listener that
  // would crash the process. The failed query reports it too, so noting it is enough.
  const onError = (error: Error) => {
    broken ??= error;
  };
  client.on('error', onError);
  try {
    let acquired: boolean;
    try {
      const { rows } = await client.query<{ ok: boolean }>(
        wait
          ? 'SELECT true AS ok FROM pg_advisory_lock(hashtext($1), hashtext($2))'
          : 'SELECT pg_try_advisory_lock(hashtext($1), hashtext($2)) AS ok',
        [...key],
      );
      acquired = rows[0]?.ok === true;
    } catch (error) {
      broken ??= error as Error;
      throw error;
    }
    if (!acquired) return { acquired: false };
    try {
      return { acquired: true, value: await work() };
    } finally {
      await client
        .query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', [...key])
        .catch((error: Error) => {
          broken ??= error;
        });
    }
  } finally {
    client.removeListener('error', onError);
    client.release(broken);
  }
}
