import 'server-only';
import type { JWT } from 'next-auth/jwt';
import { AppError } from '@/lib/errors';
import { mfaState, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * Managers and admins act on other people's money and bookings: every such change needs an
 * account with two-factor authentication and a session (or API token) that passed it. Staff
 * checking tickets in at the door are exempt (shared devices; they cannot change money).
 * The /admin pages get the same rule, with redirects, from server/auth/admin-access.ts.
 */
export async function assertStrongAuth(viewer: Viewer, token: JWT | null): Promise<void> {
  if (viewer.role !== 'MANAGER' && viewer.role !== 'ADMIN') return;
  const totp = await db().totpCredential.findUnique({
    where: { userId: viewer.id },
    select: { enabledAt: true },
  });
  if (!totp?.enabledAt) {
    throw new AppError(
      'FORBIDDEN',
      'Turn on two-factor authentication (Account → Security) to manage cinemas.',
      {
        details: { reason: 'two-factor-required' },
      },
    );
  }
  if (mfaState(token) !== 'done') {
    throw new AppError('FORBIDDEN', 'Confirm it is you with your authenticator code first.', {
      details: { reason: 'two-factor-step-up' },
    });
  }
}
