'use server';

import { secondFactorSchema } from '@/lib/schemas/account';
import { completeSecondFactor } from '@/server/auth/second-factor';
import { getSessionToken } from '@/server/auth/session';
import { writeSessionCookie } from '@/server/auth/session-cookie';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

/** The code step of sign-in: turns the pending (password-only) session into a full one. */
export const secondFactorAction = action({ input: secondFactorSchema, auth: 'public' }, async ({ code }) => {
  const user = await completeSecondFactor({ token: await getSessionToken(), code, ip: await requestIp() });
  await writeSessionCookie(user, 'done');
  return { ok: true };
});
