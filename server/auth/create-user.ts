import 'server-only';
import { AppError } from '@/lib/errors';
import type { RoleName } from '@/lib/schemas/auth';
import { hashPassword } from '@/server/auth/password';
import { db, type Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';

// An account with a password, and whatever must exist exactly when it does (a verification code,
// an audit row), in one transaction. Sign-up (register-user.ts) and the operator's
// `npm run user:create` both come through here; the unique index on users.email decides races.

export type NewUser = {
  name: string;
  email: string;
  password: string;
  role?: RoleName;
  /** Already verified (an operator vouches for the address); otherwise sign-in waits for the code. */
  verified?: boolean;
  /** Cinemas a STAFF or MANAGER account works at. */
  cinemas?: { cinemaId: string; role: 'STAFF' | 'MANAGER' }[];
};

export type CreatedUser = { id: string; email: string; name: string };

export async function createUser<T>(
  input: NewUser,
  alongside: (tx: Tx, user: CreatedUser) => Promise<T>,
): Promise<{ user: CreatedUser; alongside: T }> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db().$transaction(async (tx) => {
      const user = (await tx.user.create({
        data: {
          name: input.name,
          email: input.email,
          role: input.role ?? 'CUSTOMER',
          emailVerifiedAt: input.verified ? new Date() : null,
          credential: { create: { passwordHash } },
          cinemaRoles: input.cinemas?.length ? { create: input.cinemas } : undefined,
        },
        select: { id: true, email: true, name: true },
      })) as CreatedUser;
      return { user, alongside: await alongside(tx, user) };
    });
  } catch (error) {
    if (isConstraintViolation(error, 'users_email_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists. Sign in instead.');
    }
    throw error;
  }
}
