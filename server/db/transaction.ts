import 'server-only';
import { AppError } from '@/lib/errors';
import { type Db, db, seatWriter, type Tx } from '@/server/db';
import { isRetryableTxError } from '@/server/db/errors';
import { log } from '@/server/log';
import { countSerializationGiveUp, countSerializationRetry } from '@/server/metrics/use-cases';

export type SerializableOptions = {
  /** Attempts in all, first try included. */
  maxAttempts?: number;
  label?: string;
  timeoutMs?: number;
};

// Seat inventory runs at SERIALIZABLE: PostgreSQL then guarantees the outcome equals some
// serial order of the transactions, and aborts one of two that would break that (SQLSTATE
// 40001, surfacing as P2034 or as a DriverAdapterError at COMMIT). The abort is the signal to
// retry from the top with fresh reads. Retries are bounded and jittered so a hot showtime
// degrades into a clean BUSY error, never a livelock.
export async function serializable<T>(
  fn: (tx: Tx) => Promise<T>,
  options: SerializableOptions = {},
): Promise<T> {
  return withSerializationRetry(
    () =>
      db().$transaction(fn, {
        isolationLevel: 'Serializable',
        maxWait: 5_000,
        timeout: options.timeoutMs ?? 10_000,
      }),
    options,
  );
}

/**
 * READ COMMITTED with the row locks the caller takes (SELECT … FOR UPDATE): for steps that must
 * not fail on a serialization conflict, such as completing a booking whose card was already
 * charged. Deadlocks (which lock order rules out, but which the database may still report) are
 * retried like serialization failures.
 */
export async function readCommitted<T>(
  fn: (tx: Tx) => Promise<T>,
  options: SerializableOptions = {},
): Promise<T> {
  return withSerializationRetry(
    () =>
      db().$transaction(fn, {
        isolationLevel: 'ReadCommitted',
        maxWait: 5_000,
        timeout: options.timeoutMs ?? 10_000,
      }),
    options,
  );
}

/** One statement, run as its own SERIALIZABLE transaction (see seatWriter), retried the same way. */
export async function serializableStatement<T>(
  fn: (db: Db) => Promise<T>,
  options: SerializableOptions = {},
): Promise<T> {
  return withSerializationRetry(() => fn(seatWriter()), options);
}

async function withSerializationRetry<T>(run: () => Promise<T>, options: SerializableOptions): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 8;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (!isRetryableTxError(error)) throw error;
      if (attempt >= maxAttempts) {
        countSerializationGiveUp(options.label);
        log.warn('serializable transaction gave up', { label: options.label, attempts: attempt });
        throw new AppError('BUSY', 'The system is busy with this showtime; please try again.', {
          retryAfter: 1,
          cause: error,
        });
      }
      countSerializationRetry(options.label);
      // Full jitter: 0..(2^attempt) ms, capped at 50 ms.
      const delay = Math.random() * Math.min(50, 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}
