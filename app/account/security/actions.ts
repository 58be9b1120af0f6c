'use server';

import { z } from 'zod';
import { disableTwoFactorSchema, totpCodeSchema } from '@/lib/schemas/account';
import { writeSessionCookie } from '@/server/auth/session-cookie';
import {
  confirmTotpEnrolment,
  disableTotp,
  regenerateRecoveryCodes,
  startTotpEnrolment,
} from '@/server/auth/two-factor';
import { db } from '@/server/db';
import { action } from '@/server/http/action';

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
