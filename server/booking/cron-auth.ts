import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';
import { env } from '@/server/env';

/** Bearer CRON_SECRET, compared in constant time. With no secret configured nothing is authorized. */
export function authorizeCron(authorization: string | null): void {
  const secret = env().CRON_SECRET;
  const given = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
  if (!secret || !given) throw new AppError('UNAUTHENTICATED', 'A valid cron bearer token is required.');
  // Hash both sides so the comparison takes the same time whatever the lengths.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(secret).digest();
  if (!timingSafeEqual(a, b)) throw new AppError('UNAUTHENTICATED', 'A valid cron bearer token is required.');
}
