import 'server-only';
import { notFound, redirect } from 'next/navigation';
import {
  allows,
  getSessionToken,
  mfaState,
  type Policy,
  type Viewer,
  viewerFromToken,
} from '@/server/auth/session';
import { db } from '@/server/db';

// The gate of every /admin page (call it at the top of the page, never in a layout):
//   not signed in                         → /signin?callbackUrl=…
//   password given, code still due        → /signin/2fa?callbackUrl=…
//   a customer, or outside `policy`       → 404 (the admin area is not advertised)
//   MANAGER/ADMIN without 2FA             → /account/security?required=1 to turn it on
//   MANAGER/ADMIN whose session has not passed the second factor → /signin/2fa?callbackUrl=…
// STAFF need no second factor: they check tickets in at the door, on shared devices.

const STAFF_ROLES = ['STAFF', 'MANAGER', 'ADMIN'] as const;

export async function requireAdminArea(policy: Policy = {}, returnTo = '/admin'): Promise<Viewer> {
  const callback = encodeURIComponent(
    returnTo.startsWith('/') && !returnTo.startsWith('//') ? returnTo : '/admin',
  );
  const token = await getSessionToken();
  if (mfaState(token) === 'pending') redirect(`/signin/2fa?callbackUrl=${callback}`);
  const viewer = await viewerFromToken(token);
  if (!viewer) redirect(`/signin?callbackUrl=${callback}`);
  if (!(STAFF_ROLES as readonly string[]).includes(viewer.role) || !allows(viewer, policy)) notFound();
  if (viewer.role === 'MANAGER' || viewer.role === 'ADMIN') {
    const totp = await db().totpCredential.findUnique({
      where: { userId: viewer.id },
      select: { enabledAt: true },
    });
    if (!totp?.enabledAt) redirect('/account/security?required=1');
    if (mfaState(token) !== 'done') redirect(`/signin/2fa?callbackUrl=${callback}`);
  }
  return viewer;
}
