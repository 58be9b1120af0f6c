import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { derivedKey, type KeyPurpose } from '@/server/auth/secret';

// AES-256-GCM for secrets the server must read back (TOTP seeds, the token of an invitation
// waiting in the mail outbox), with a key derived from AUTH_SECRET for each purpose. The owner's id is bound in as associated data, so a
// ciphertext copied onto another user's row does not decrypt. Format: v1.<iv>.<ciphertext>.<tag>.

export function seal(plaintext: Buffer, boundTo: string, purpose: KeyPurpose = 'totp-encryption'): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', derivedKey(purpose), iv);
  cipher.setAAD(Buffer.from(boundTo));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', iv, body, cipher.getAuthTag()]
    .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
    .join('.');
}

export function open(sealed: string, boundTo: string, purpose: KeyPurpose = 'totp-encryption'): Buffer {
  const [version, iv, body, tag] = sealed.split('.');
  if (version !== 'v1' || !iv || !body || !tag) throw new Error('unreadable sealed secret');
  const decipher = createDecipheriv('aes-256-gcm', derivedKey(purpose), Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(boundTo));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]);
}
