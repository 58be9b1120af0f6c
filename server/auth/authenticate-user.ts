import 'server-only';
import type { RoleName, SignInInput } from '@/lib/schemas/auth';
import { verifyPassword } from '@/server/auth/password';
import { db } from '@/server/db';

export type AuthenticatedUser = {
  id: string;
  name: string;
  email: string;
  role: RoleName;
  sessionVersion: number;
  emailVerified: boolean;
  totpEnabled: boolean;
};

/** Checks email + password. Returns null for any failure, with the same cost either way. */
export async function authenticateUser(input: SignInInput): Promise<AuthenticatedUser | null> {
  const user = await db().user.findUnique({
    where: { email: input.email },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      sessionVersion: true,
      deletedAt: true,
      emailVerifiedAt: true,
      credential: { select: { passwordHash: true } },
      totp: { select: { enabledAt: true } },
    },
  });
  const ok = await verifyPassword(user?.credential?.passwordHash, input.password);
  if (!ok || !user || user.deletedAt || !user.email) return null;
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    sessionVersion: user.sessionVersion,
    emailVerified: user.emailVerifiedAt !== null,
    totpEnabled: !!user.totp?.enabledAt,
  };
}
