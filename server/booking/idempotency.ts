import 'server-only';
import { createHash } from 'node:crypto';
import { AppError, type ErrorCode, isAppError } from '@/lib/errors';
import type { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { env } from '@/server/env';

// Makes an unsafe request safe to retry. The first request with a key claims it (the primary key
// (user_id, key) lets exactly one of two concurrent requests insert); it runs, and its outcome,
// success or a client error, is stored. A retry with the same key gets the stored outcome back
// instead of running again: the same booking, never a second charge. A retry while the first is
// still running gets 409; a different request under the same key gets 422.
//
// The claim is a lease: a request that dies mid-way (kill -9, a crashed instance) cannot store an
// outcome or free its key, so once the lease (IDEMPOTENCY_LEASE_SECONDS) has passed a retry takes the key over and runs again.
// Running again is safe because the operation itself settles whatever the dead request left
// (checkout asks the payment provider what became of the open payment before charging anew).

const TTL_MS = 24 * 60 * 60 * 1000;
/** Longer than any request holding a key can take (a card charge with the provider's retries). */
const leaseMs = () => env().IDEMPOTENCY_LEASE_SECONDS * 1000;

export type Outcome<T> = { status: number; body: T };

export function requestHash(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex');
}

export async function withIdempotency<T>(
  options: { userId: string; key: string | undefined; scope: string; hash: string },
  run: () => Promise<Outcome<T>>,
): Promise<Outcome<T> & { replayed: boolean }> {
  if (!options.key) return { ...(await run()), replayed: false };
  const where = { userId_key: { userId: options.userId, key: options.key } };
  try {
    await db().idempotencyKey.create({
      data: {
        userId: options.userId,
        key: options.key,
        scope: options.scope,
        requestHash: options.hash,
        expiresAt: new Date(Date.now() + TTL_MS),
        leaseExpiresAt: new Date(Date.now() + leaseMs()),
      },
    });
  } catch (error) {
    if (!isConstraintViolation(error)) throw error;
    const existing = await db().idempotencyKey.findUnique({ where });
    if (!existing) throw new AppError('CONFLICT', 'Please retry this request.');
    if (existing.scope !== options.scope || existing.requestHash !== options.hash) {
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        'This Idempotency-Key was already used for a different request.',
        {
          details: { reason: 'key-reused' },
        },
      );
    }
    if (existing.state === 'IN_PROGRESS') {
      // The lease decides: while it runs the first request is presumed alive; once it has lapsed,
      // exactly one retry (the conditional update) takes the key over and runs.
      const taken = await db().$executeRaw`
        UPDATE idempotency_keys SET lease_expires_at = ${new Date(Date.now() + leaseMs())}
        WHERE user_id = ${options.userId}::uuid AND key = ${options.key}
          AND state = 'IN_PROGRESS' AND lease_expires_at < now()`;
      if (taken === 0) {
        throw new AppError(
          'IDEMPOTENCY_CONFLICT',
          'A request with this Idempotency-Key is still being processed.',
          {
            details: { reason: 'in-progress' },
            retryAfter: Math.max(
              1,
              Math.min(5, Math.ceil((existing.leaseExpiresAt.getTime() - Date.now()) / 1000)),
            ),
          },
        );
      }
      return runAndStore(where, run);
    }
    const status = existing.statusCode ?? 200;
    if (status >= 400) {
      const stored = existing.response as {
        error?: { code?: string; message?: string; details?: unknown };
      } | null;
      throw new AppError(
        (stored?.error?.code as ErrorCode | undefined) ?? 'CONFLICT',
        stored?.error?.message ?? 'Failed.',
        {
          details: stored?.error?.details,
        },
      );
    }
    return { status, body: existing.response as T, replayed: true };
  }
  return runAndStore(where, run);
}

async function runAndStore<T>(
  where: { userId_key: { userId: string; key: string } },
  run: () => Promise<Outcome<T>>,
): Promise<Outcome<T> & { replayed: boolean }> {
  // updateMany: a key whose lease lapsed may have been taken over (and freed) by a retry meanwhile;
  // storing this request's outcome must not turn its success into an error.
  const byKey = { userId: where.userId_key.userId, key: where.userId_key.key };
  try {
    const outcome = await run();
    await db().idempotencyKey.updateMany({
      where: byKey,
      data: {
        state: 'COMPLETED',
        statusCode: outcome.status,
        response: outcome.body as Prisma.InputJsonValue,
      },
    });
    return { ...outcome, replayed: false };
  } catch (error) {
    // A definite answer (declined card, expired hold) is the key's answer for good. A temporary
    // one (another payment in progress, a rate limit: anything that says "retry after") is not:
    // the client is told to retry with the same key, and must then get the real outcome.
    const definite =
      isAppError(error) &&
      error.status < 500 &&
      error.retryAfter === undefined &&
      error.code !== 'RATE_LIMITED';
    if (definite) {
      await db().idempotencyKey.updateMany({
        where: byKey,
        data: {
          state: 'COMPLETED',
          statusCode: error.status,
          response: error.toBody() as Prisma.InputJsonValue,
        },
      });
    } else {
      // Not a definite answer (busy, crash): free the key so a retry can run.
      await db()
        .idempotencyKey.deleteMany({ where: { ...byKey, state: 'IN_PROGRESS' } })
        .catch(() => {});
    }
    throw error;
  }
}
