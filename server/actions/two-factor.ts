'use server';

import { z } from 'zod';
import { disableTwoFactorSchema, secondFactorSchema, totpCodeSchema } from '@/lib/schemas/account';
import { completeSecondFactor } from '@/server/auth/second-factor';
import { getSessionToken } from '@/server/auth/session';
import { writeSessionCookie } from '@/server/auth/session-cookie';
import {
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from '@/server/auth/two-factor';
import { db } from '@/server/db';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

// A second factor: enrolling, disabling, recovery codes, and the code step of signing in.

export const startTotpAction = action({ input: z.object({}), auth: {} }, async (_input, { viewer }) =>
  startTotpEnrolment(viewer),
);

export const confirmTotpAction = action({ input: totpCodeSchema, auth: {} }, async ({ code }, { viewer }) => {
  const result = await confirmTotpEnrolment({ actor: viewer, code });
  // The code just proved the second factor: this session has passed it (the admin area needs that).
  const user = await db().user.findUniqueOrThrow({
    where: { id: viewer.id },
    select: { id: true, name: true, email: true, role: true, sessionVersion: true },
  });
  await writeSessionCookie(user, 'done');
  return result;
});

export const disableTotpAction = action(
  { input: disableTwoFactorSchema, auth: {} },
  async (input, { viewer }) => {
    await disableTotp({ actor: viewer, ...input });
    return { disabled: true };
  },
);

export const regenerateRecoveryCodesAction = action(
  { input: totpCodeSchema, auth: {} },
  async ({ code }, { viewer }) => regenerateRecoveryCodes({ actor: viewer, code }),
);

/** The code step of sign-in: turns the pending (password-only) session into a full one. */
export const secondFactorAction = action({ input: secondFactorSchema, auth: 'public' }, async ({ code }) => {
  const user = await completeSecondFactor({ token: await getSessionToken(), code, ip: await requestIp() });
  await writeSessionCookie(user, 'done');
  return { ok: true };
});
