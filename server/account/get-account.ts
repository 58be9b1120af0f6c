import 'server-only';
import type { RoleName } from '@/lib/schemas/auth';
import { twoFactorStatus } from '@/server/auth/two-factor';
import { db } from '@/server/db';

export type AccountOverview = {
  name: string;
  email: string | null;
  emailVerified: boolean;
  role: RoleName;
  passwordChangedAt: string | null;
  twoFactor: { enabled: boolean; recoveryCodesLeft: number };
  pendingEmailChange: string | null;
};

export async function getAccount(userId: string): Promise<AccountOverview> {
  const [user, twoFactor, pending] = await Promise.all([
    db().user.findUniqueOrThrow({
      where: { id: userId },
      select: {
        name: true,
        email: true,
        emailVerifiedAt: true,
        role: true,
        credential: { select: { passwordChangedAt: true } },
      },
    }),
    twoFactorStatus(userId),
    db().oneTimeCode.findFirst({
      where: {
        userId,
        purpose: 'CHANGE_EMAIL',
        consumedAt: null,
        expiresAt: { gt: new Date() },
        attempts: { lt: 5 },
      },
      select: { target: true },
    }),
  ]);
  return {
    name: user.name,
    email: user.email,
    emailVerified: user.emailVerifiedAt !== null,
    role: user.role,
    passwordChangedAt: user.credential?.passwordChangedAt.toISOString() ?? null,
    twoFactor,
    pendingEmailChange: pending?.target ?? null,
  };
}
