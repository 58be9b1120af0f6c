import 'server-only';
import { AppError } from '@/lib/errors';
import type { SignUpInput } from '@/lib/schemas/auth';
import { hashPassword } from '@/server/auth/password';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';

export async function registerUser(input: SignUpInput): Promise<{ id: string; email: string; name: string }> {
  const passwordHash = await hashPassword(input.password);
  try {
    // The unique index on users.email decides races between two sign-ups with one address.
    return (await db().user.create({
      data: { name: input.name, email: input.email, credential: { create: { passwordHash } } },
      select: { id: true, email: true, name: true },
    })) as { id: string; email: string; name: string };
  } catch (error) {
    if (isConstraintViolation(error, 'users_email_key')) {
      throw new AppError('EMAIL_TAKEN', 'An account with this email already exists. Sign in instead.');
    }
    throw error;
  }
}
