import 'server-only';
import { createHmac } from 'node:crypto';
import { env } from '@/server/env';

export function authSecret(): string {
  const secret = env().AUTH_SECRET ?? process.env.NEXTAUTH_SECRET;
  if (!secret) throw new Error('AUTH_SECRET is not set (server/main.ts generates one for local runs).');
  return secret;
}

/** A key for one purpose derived from AUTH_SECRET, so one leaked key cannot forge another kind. */
export type KeyPurpose =
  | 'ticket-qr'
  | 'totp-encryption'
  | 'one-time-code'
  | 'api-token'
  | 'staff-invitation'
  | 'invitation-mail'
  | 'wallet-pass';

export function derivedKey(purpose: KeyPurpose): Buffer {
  return createHmac('sha256', authSecret()).update(`marquee:${purpose}`).digest();
}
