import 'server-only';
import { env } from '@/server/env';
import { createLimiter, enforce, type Limiter } from '@/server/security/rate-limit';

// Marquee's rate limits, in one place. Each answers 429 RATE_LIMITED with Retry-After.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let holds: Limiter | undefined;

/** Burst guard on seat holds: a person picks a few seats a minute, a script hundreds. */
export async function limitHolds(userId: string): Promise<void> {
  const perMinute = env().HOLD_RATE_LIMIT_PER_MINUTE;
  if (perMinute === 0) return;
  if (holds?.limit !== perMinute)
    holds = createLimiter({ name: 'holds', limit: perMinute, windowMs: MINUTE });
  await enforce(holds, userId, 'You are changing your seats too quickly. Wait a moment and try again.');
}

export const PUBLIC_READS_PER_MINUTE = 300;
const publicReads = createLimiter({ name: 'public-read', limit: PUBLIC_READS_PER_MINUTE, windowMs: MINUTE });

/** Anonymous GETs of the REST API, per client IP. */
export async function limitPublicRead(ip: string | undefined): Promise<void> {
  if (!ip) return; // only in-process calls (tests) come without the header the server sets
  await enforce(publicReads, ip, 'Too many requests from this address. Slow down and try again shortly.');
}

// Wallet's error log takes posts from anyone: a phone reports a few lines now and then, so a
// client posting more than this a minute is not a phone, and its lines are not worth keeping.
export const WALLET_LOGS_PER_MINUTE = 30;
const walletLogs = createLimiter({ name: 'wallet-log', limit: WALLET_LOGS_PER_MINUTE, windowMs: MINUTE });

export async function limitWalletLog(ip: string | undefined): Promise<void> {
  if (!ip) return;
  await enforce(walletLogs, ip, 'Too many log posts from this address.');
}

// Emailing a code: at most one a minute and five an hour per account, and a cap per address
// sending requests (so one client cannot mail a thousand accounts).
const sendPerMinute = createLimiter({ name: 'code-send-minute', limit: 1, windowMs: MINUTE });
const sendPerHour = createLimiter({ name: 'code-send-hour', limit: 5, windowMs: HOUR });
const sendPerIp = createLimiter({ name: 'code-send-ip', limit: 20, windowMs: HOUR });

export async function limitCodeSend(options: { key: string; ip?: string }): Promise<void> {
  const message = 'We sent a code a moment ago. Check your inbox, or ask for a new one a little later.';
  if (options.ip) await enforce(sendPerIp, options.ip, message);
  await enforce(sendPerMinute, options.key, message);
  await enforce(sendPerHour, options.key, message);
}

// Checking a code: each code dies after 5 wrong tries (in the database); this caps the tries across
// codes, so asking for new codes does not buy unlimited guesses.
const verifyPerAccount = createLimiter({ name: 'code-verify', limit: 10, windowMs: HOUR });
const verifyPerIp = createLimiter({ name: 'code-verify-ip', limit: 50, windowMs: HOUR });

export async function limitCodeVerify(options: { key: string; ip?: string }): Promise<void> {
  const message = 'Too many attempts. Wait a while before trying another code.';
  if (options.ip) await enforce(verifyPerIp, options.ip, message);
  await enforce(verifyPerAccount, options.key, message);
}

// "Forgot password" requests per address and per email: it sends mail to strangers' inboxes.
const resetPerIp = createLimiter({ name: 'reset-ip', limit: 10, windowMs: HOUR });
const resetPerEmail = createLimiter({ name: 'reset-email', limit: 3, windowMs: HOUR });

export async function limitResetRequest(options: { emailKey: string; ip?: string }): Promise<void> {
  const message = 'Too many reset requests. Try again later.';
  if (options.ip) await enforce(resetPerIp, options.ip, message);
  await enforce(resetPerEmail, options.emailKey, message);
}
