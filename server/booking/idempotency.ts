import 'server-only';
import { createHash } from 'node:crypto';
import { AppError, type ErrorCode, isAppError } from '@/lib/errors';
import type { Prisma } from '@/prisma/generated/client';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';

// Makes an unsafe request safe to retry. The first request with a key claims it (the primary key
// (user_id, key) lets exactly one of two concurrent requests insert); it runs, and its outcome,
// success or a client error, is stored. A retry with the same key gets the stored outcome back
// instead of running again: the same booking, never a second charge. A retry while the first is
// still running gets 409; a different request under the same key gets 422.

const TTL_MS = 24 * 60 * 60 * 1000;

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
      throw new AppError(
        'IDEMPOTENCY_CONFLICT',
        'A request with this Idempotency-Key is still being processed.',
        {
          details: { reason: 'in-progress' },
          retryAfter: 1,
        },
      );
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

  try {
    const outcome = await run();
    await db().idempotencyKey.update({
      where,
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
      await db().idempotencyKey.update({
        where,
        data: {
          state: 'COMPLETED',
          statusCode: error.status,
          response: error.toBody() as Prisma.InputJsonValue,
        },
      });
    } else {
      // Not a definite answer (busy, crash): free the key so a retry can run.
      await db()
        .idempotencyKey.delete({ where })
        .catch(() => {});
    }
    throw error;
  }
}
