import 'server-only';
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { AppError } from '@/lib/errors';
import type { OneTimeCodePurpose } from '@/prisma/generated/enums';
import { derivedKey } from '@/server/auth/secret';
import { db, type Tx } from '@/server/db';

// One-time codes (6 digits, emailed) and password-reset tokens (32 random bytes, in a link).
// Only an HMAC-SHA256 of each is stored, keyed with derivedKey('one-time-code'): a database dump
// alone cannot produce a working code. A code allows MAX_ATTEMPTS tries, counted by a conditional
// UPDATE in the database, so concurrent guesses cannot exceed the limit; issuing a new code
// deletes the user's earlier ones of that purpose, so only the latest works.

const CODE_TTL_MS = 10 * 60_000;
const RESET_TTL_MS = 30 * 60_000;
const MAX_ATTEMPTS = 5;

const WRONG_CODE =
  'That code is not right, or it has expired. Check the latest email, or ask for a new code.';

export function codeHash(purpose: OneTimeCodePurpose, userId: string, secret: string): string {
  return createHmac('sha256', derivedKey('one-time-code'))
    .update(`${purpose}:${userId}:${secret}`)
    .digest('hex');
}

function sameHash(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}

function normaliseCode(code: string): string {
  return code.replace(/[\s-]/g, '');
}

async function replace(
  tx: Tx,
  o: { userId: string; purpose: OneTimeCodePurpose; secret: string; ttlMs: number; target?: string },
): Promise<string> {
  await tx.oneTimeCode.deleteMany({ where: { userId: o.userId, purpose: o.purpose } });
  const row = await tx.oneTimeCode.create({
    data: {
      userId: o.userId,
      purpose: o.purpose,
      codeHash: codeHash(o.purpose, o.userId, o.secret),
      target: o.target ?? null,
      expiresAt: new Date(Date.now() + o.ttlMs),
    },
    select: { id: true },
  });
  return row.id;
}

/** A fresh 6-digit code for VERIFY_EMAIL or CHANGE_EMAIL; returns the plain code (to email, never store). */
export async function issueCode(
  tx: Tx,
  o: { userId: string; purpose: 'VERIFY_EMAIL' | 'CHANGE_EMAIL'; target?: string },
): Promise<string> {
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await replace(tx, { ...o, secret: code, ttlMs: CODE_TTL_MS });
  return code;
}

/**
 * Spends one attempt on the user's live code of `purpose`; returns its target when `code` is right
 * (and marks it used), throws INVALID_CODE otherwise.
 */
export async function consumeCode(o: {
  userId: string;
  purpose: 'VERIFY_EMAIL' | 'CHANGE_EMAIL';
  code: string;
}): Promise<{ target: string | null }> {
  const code = normaliseCode(o.code);
  // The attempt is counted before the comparison, in one statement that also checks the code is
  // live, so a code can be tried at most MAX_ATTEMPTS times whatever the concurrency.
  const [row] = await db().$queryRaw<{ id: string; code_hash: string; target: string | null }[]>`
    UPDATE one_time_codes SET attempts = attempts + 1
     WHERE id = (
       SELECT id FROM one_time_codes
        WHERE user_id = ${o.userId}::uuid AND purpose = ${o.purpose}::"OneTimeCodePurpose"
          AND consumed_at IS NULL AND expires_at > now() AND attempts < ${MAX_ATTEMPTS}
        ORDER BY created_at DESC LIMIT 1)
       AND attempts < ${MAX_ATTEMPTS}
    RETURNING id, code_hash, target`;
  if (!row || !/^\d{6}$/.test(code) || !sameHash(row.code_hash, codeHash(o.purpose, o.userId, code))) {
    throw new AppError('INVALID_CODE', WRONG_CODE);
  }
  const used = await db().oneTimeCode.updateMany({
    where: { id: row.id, consumedAt: null },
    data: { consumedAt: new Date() },
  });
  if (used.count !== 1) throw new AppError('INVALID_CODE', WRONG_CODE);
  return { target: row.target };
}

/** A password-reset token: `<row id>.<32 random bytes>`, valid once for 30 minutes. */
export async function issueResetToken(tx: Tx, userId: string): Promise<string> {
  const secret = randomBytes(32).toString('base64url');
  const id = await replace(tx, { userId, purpose: 'PASSWORD_RESET', secret, ttlMs: RESET_TTL_MS });
  return `${id}.${secret}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Marks the reset token used, inside the caller's transaction (the one that sets the password);
 * returns its user. A token dies on use, after RESET_TTL_MS, and whenever the password changes
 * (every password change deletes the user's reset tokens, see set-password.ts).
 */
export async function consumeResetToken(tx: Tx, token: string): Promise<{ userId: string }> {
  const invalid = () =>
    new AppError('INVALID_CODE', 'This reset link is not valid any more. Ask for a new one.');
  const [id, secret] = token.split('.');
  if (!id || !secret || !UUID.test(id)) throw invalid();
  const [row] = await tx.$queryRaw<{ user_id: string; code_hash: string }[]>`
    UPDATE one_time_codes SET attempts = attempts + 1
     WHERE id = ${id}::uuid AND purpose = 'PASSWORD_RESET'
       AND consumed_at IS NULL AND expires_at > now() AND attempts < ${MAX_ATTEMPTS}
    RETURNING user_id, code_hash`;
  if (!row || !sameHash(row.code_hash, codeHash('PASSWORD_RESET', row.user_id, secret))) throw invalid();
  const used = await tx.oneTimeCode.updateMany({
    where: { id, consumedAt: null },
    data: { consumedAt: new Date() },
  });
  if (used.count !== 1) throw invalid();
  return { userId: row.user_id };
}

/** Is this reset token live? (The reset page checks before showing its form.) */
export async function peekResetToken(token: string): Promise<boolean> {
  const [id, secret] = token.split('.');
  if (!id || !secret || !UUID.test(id)) return false;
  const row = await db().oneTimeCode.findFirst({
    where: {
      id,
      purpose: 'PASSWORD_RESET',
      consumedAt: null,
      expiresAt: { gt: new Date() },
      attempts: { lt: MAX_ATTEMPTS },
    },
    select: { userId: true, codeHash: true },
  });
  return !!row && sameHash(row.codeHash, codeHash('PASSWORD_RESET', row.userId, secret));
}
