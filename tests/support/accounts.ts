import { randomUUID } from 'node:crypto';
import { hashPassword } from '@/server/auth/password';
import { db } from '@/server/db';

// Users with a password, for the sign-in and account tests. Verified unless asked otherwise.

export const PASSWORD = 'correct horse battery staple';

let cachedHash: Promise<string> | undefined;

export async function createAccount(
  options: {
    verified?: boolean;
    role?: 'CUSTOMER' | 'STAFF' | 'MANAGER' | 'ADMIN';
    password?: string;
    name?: string;
  } = {},
) {
  const email = `acct-${randomUUID().slice(0, 8)}@test.local`;
  cachedHash ??= hashPassword(PASSWORD);
  const passwordHash =
    options.password === undefined ? await cachedHash : await hashPassword(options.password);
  const user = await db().user.create({
    data: {
      email,
      name: options.name ?? 'Asha Rao',
      role: options.role ?? 'CUSTOMER',
      emailVerifiedAt: options.verified === false ? null : new Date(),
      credential: { create: { passwordHash } },
    },
    select: { id: true, email: true, name: true, role: true, sessionVersion: true },
  });
  return { ...user, email, password: options.password ?? PASSWORD };
}

let ipCounter = 0;
/** A fresh client address, so per-IP limits of one test do not touch another's. */
export function freshIp(): string {
  ipCounter++;
  return `10.${(process.pid >> 8) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}
