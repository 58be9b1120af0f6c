import 'server-only';
import { createHash } from 'node:crypto';
import { LOCKED_MESSAGE } from '@/lib/auth-messages';
import { AppError } from '@/lib/errors';
import { kv } from '@/server/security/kv';

// Sign-in lockout. Failures are counted per account and per client IP; the 5th failure within
// 15 minutes locks that account (or address) for 15 minutes. The account key is the email as
// typed (normalised and hashed), not a user id, so an address with no account locks exactly like
// one with an account: neither the answer nor its timing can tell them apart. A success clears the
// account's count, never the address's (one valid account must not launder guesses at others).

export const MAX_FAILURES = 5;
const LOCKOUT_MS = 15 * 60_000;

export { LOCKED_MESSAGE };

type Subject = { email: string; ip?: string };

const accountKey = (email: string) =>
  `signin:acct:${createHash('sha256').update(email.trim().toLowerCase()).digest('base64url')}`;
const ipKey = (ip: string) => `signin:ip:${ip}`;

function keys(s: Subject): string[] {
  return s.ip ? [accountKey(s.email), ipKey(s.ip)] : [accountKey(s.email)];
}

/** Throws RATE_LIMITED (429 with Retry-After) while the account or the address is locked. */
export async function assertNotLocked(s: Subject): Promise<void> {
  const ttls = await Promise.all(keys(s).map((k) => kv.pttl(`lock:${k}`)));
  const longest = Math.max(...ttls);
  if (longest > 0 || longest === -1) {
    throw new AppError('RATE_LIMITED', LOCKED_MESSAGE, {
      retryAfter: longest > 0 ? Math.ceil(longest / 1000) : LOCKOUT_MS / 1000,
    });
  }
}

export async function recordFailure(s: Subject): Promise<void> {
  await Promise.all(
    keys(s).map(async (k) => {
      const n = await kv.incr(`fail:${k}`, LOCKOUT_MS);
      if (n >= MAX_FAILURES) {
        await kv.set(`lock:${k}`, '1', LOCKOUT_MS);
        await kv.del(`fail:${k}`);
      }
    }),
  );
}

export async function clearFailures(email: string): Promise<void> {
  await kv.del(`fail:${accountKey(email)}`, `lock:${accountKey(email)}`);
}
