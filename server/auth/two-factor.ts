import 'server-only';
import { createHmac, randomInt } from 'node:crypto';
import QRCode from 'qrcode';
import { AppError } from '@/lib/errors';
import { recordAudit } from '@/server/audit/record-audit';
import { verifyPassword } from '@/server/auth/password';
import { derivedKey } from '@/server/auth/secret';
import { open, seal } from '@/server/auth/secret-box';
import type { Viewer } from '@/server/auth/session';
import { base32Encode, generateTotpSecret, matchTotp, otpauthUri } from '@/server/auth/totp';
import { db, type Tx } from '@/server/db';

// Two-factor authentication with an authenticator app (TOTP) and single-use recovery codes.
// The TOTP seed is stored sealed (AES-256-GCM, server/auth/secret-box.ts) and shown once, at
// enrolment. Replay: TotpCredential.lastUsedStep only moves forward, by a conditional UPDATE, so
// one code (one 30-second step) signs in once even when two requests race with it. Recovery codes
// are stored as HMACs and die on use, by a conditional UPDATE too.

const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'; // no 0/o, 1/l/i

const WRONG_CODE =
  'That code is not right. Use the current code from your authenticator app, or a recovery code.';

type Actor = Pick<Viewer, 'id' | 'role'>;

function recoveryHash(userId: string, code: string): string {
  return createHmac('sha256', derivedKey('one-time-code')).update(`recovery:${userId}:${code}`).digest('hex');
}

function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/** Stores a fresh set of recovery codes (hashed) in place of the old ones, and audits why. */
async function replaceRecoveryCodes(tx: Tx, actor: Actor, codes: string[], action: string): Promise<void> {
  await tx.recoveryCode.deleteMany({ where: { userId: actor.id } });
  await tx.recoveryCode.createMany({
    data: codes.map((c) => ({
      userId: actor.id,
      codeHash: recoveryHash(actor.id, normaliseRecoveryCode(c)),
    })),
  });
  await recordAudit(tx, { actor, action, entityType: 'user', entityId: actor.id });
}

function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    let s = '';
    for (let i = 0; i < 10; i++) s += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
    return `${s.slice(0, 5)}-${s.slice(5)}`;
  });
}

export async function twoFactorStatus(
  userId: string,
): Promise<{ enabled: boolean; recoveryCodesLeft: number }> {
  const [totp, left] = await Promise.all([
    db().totpCredential.findUnique({ where: { userId }, select: { enabledAt: true } }),
    db().recoveryCode.count({ where: { userId, usedAt: null } }),
  ]);
  return { enabled: !!totp?.enabledAt, recoveryCodesLeft: totp?.enabledAt ? left : 0 };
}

/** Step 1: a new (not yet active) seed, as a QR code and as text for manual entry. */
export async function startTotpEnrolment(viewer: Pick<Viewer, 'id' | 'email'>): Promise<{
  manualKey: string;
  otpauthUri: string;
  qrSvg: string;
}> {
  const existing = await db().totpCredential.findUnique({
    where: { userId: viewer.id },
    select: { enabledAt: true },
  });
  if (existing?.enabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already on.');
  const secret = generateTotpSecret();
  await db().totpCredential.upsert({
    where: { userId: viewer.id },
    create: { userId: viewer.id, secretEncrypted: seal(secret, viewer.id) },
    update: { secretEncrypted: seal(secret, viewer.id), enabledAt: null, lastUsedStep: null },
  });
  const uri = otpauthUri({ secret, account: viewer.email ?? viewer.id });
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return {
    manualKey: base32Encode(secret)
      .replace(/(.{4})/g, '$1 ')
      .trim(),
    otpauthUri: uri,
    qrSvg,
  };
}

/** Accepts the code for a step after the last one used; returns that step. */
async function acceptTotp(userId: string, code: string, requireEnabled: boolean): Promise<boolean> {
  const cred = await db().totpCredential.findUnique({
    where: { userId },
    select: { secretEncrypted: true, enabledAt: true, lastUsedStep: true },
  });
  if (!cred || (requireEnabled && !cred.enabledAt)) return false;
  const step = matchTotp(open(cred.secretEncrypted, userId), code);
  if (step === null) return false;
  const moved = await db().$executeRaw`
    UPDATE totp_credentials SET last_used_step = ${step}
     WHERE user_id = ${userId}::uuid AND (last_used_step IS NULL OR last_used_step < ${step})`;
  return moved === 1;
}

/** Step 2: the first code proves the app has the seed; 2FA is on, and here are the recovery codes. */
export async function confirmTotpEnrolment(o: {
  actor: Actor;
  code: string;
}): Promise<{ recoveryCodes: string[] }> {
  const cred = await db().totpCredential.findUnique({
    where: { userId: o.actor.id },
    select: { enabledAt: true },
  });
  if (!cred) throw new AppError('CONFLICT', 'Start again: scan a new QR code.');
  if (cred.enabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already on.');
  if (!(await acceptTotp(o.actor.id, o.code.trim(), false))) throw new AppError('INVALID_CODE', WRONG_CODE);
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    const enabled = await tx.totpCredential.updateMany({
      where: { userId: o.actor.id, enabledAt: null },
      data: { enabledAt: new Date() },
    });
    if (enabled.count !== 1) throw new AppError('CONFLICT', 'Two-factor authentication is already on.');
    await replaceRecoveryCodes(tx, o.actor, codes, 'account.2fa.enabled');
  });
  return { recoveryCodes: codes };
}

/**
 * A second factor for sign-in: a 6-digit TOTP code (not replayed) or an unused recovery code.
 * Throws INVALID_CODE otherwise.
 */
export async function verifySecondFactor(o: { userId: string; code: string }): Promise<'totp' | 'recovery'> {
  const code = o.code.trim();
  if (/^\d{6}$/.test(code)) {
    if (await acceptTotp(o.userId, code, true)) return 'totp';
    throw new AppError('INVALID_CODE', WRONG_CODE);
  }
  const normalised = normaliseRecoveryCode(code);
  if (/^[a-z0-9]{10}$/.test(normalised)) {
    const enabled = await db().totpCredential.findFirst({
      where: { userId: o.userId, enabledAt: { not: null } },
      select: { userId: true },
    });
    const used = enabled
      ? await db().recoveryCode.updateMany({
          where: { userId: o.userId, codeHash: recoveryHash(o.userId, normalised), usedAt: null },
          data: { usedAt: new Date() },
        })
      : { count: 0 };
    if (used.count === 1) return 'recovery';
  }
  throw new AppError('INVALID_CODE', WRONG_CODE);
}

async function assertPassword(userId: string, password: string): Promise<void> {
  const cred = await db().userCredential.findUnique({ where: { userId }, select: { passwordHash: true } });
  if (!(await verifyPassword(cred?.passwordHash, password))) {
    throw new AppError('INVALID_CREDENTIALS', 'That password is not right.');
  }
}

/** Turning 2FA off takes the password and a current code (or a recovery code). */
export async function disableTotp(o: { actor: Actor; password: string; code: string }): Promise<void> {
  await assertPassword(o.actor.id, o.password);
  await verifySecondFactor({ userId: o.actor.id, code: o.code });
  await db().$transaction(async (tx) => {
    await tx.totpCredential.deleteMany({ where: { userId: o.actor.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: o.actor.id } });
    await recordAudit(tx, {
      actor: o.actor,
      action: 'account.2fa.disabled',
      entityType: 'user',
      entityId: o.actor.id,
    });
  });
}

/** New recovery codes (the old ones die), for a current TOTP code. */
export async function regenerateRecoveryCodes(o: {
  actor: Actor;
  code: string;
}): Promise<{ recoveryCodes: string[] }> {
  if (!/^\d{6}$/.test(o.code.trim()) || !(await acceptTotp(o.actor.id, o.code.trim(), true))) {
    throw new AppError(
      'INVALID_CODE',
      'That code is not right. Use the current code from your authenticator app.',
    );
  }
  const codes = newRecoveryCodes();
  await db().$transaction(async (tx) => {
    await replaceRecoveryCodes(tx, o.actor, codes, 'account.2fa.recovery-codes-regenerated');
  });
  return { recoveryCodes: codes };
}
