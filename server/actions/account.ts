'use server';

import { z } from 'zod';
import {
  changeEmailSchema,
  changePasswordSchema,
  confirmEmailChangeSchema,
  deleteAccountSchema,
} from '@/lib/schemas/account';
import { confirmEmailChange, requestEmailChange } from '@/server/account/change-email';
import { changePassword } from '@/server/account/change-password';
import { deleteAccount } from '@/server/account/delete-account';
import { signOutEverywhere } from '@/server/account/sign-out-everywhere';
import { sessionCookie } from '@/server/auth/cookies';
import { getSessionToken, mfaState } from '@/server/auth/session';
import { writeSessionCookie } from '@/server/auth/session-cookie';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

export const changePasswordAction = action(
  { input: changePasswordSchema, auth: {} },
  async (input, { viewer }) => {
    const mfa = mfaState(await getSessionToken());
    const user = await changePassword({ viewer, ...input, ip: await requestIp() });
    // Every other session died with the old sessionVersion; this one carries on with the new one.
    await writeSessionCookie(user, mfa);
    return { changed: true };
  },
);

export const requestEmailChangeAction = action(
  { input: changeEmailSchema, auth: {} },
  async (input, { viewer }) => requestEmailChange({ viewer, ...input, ip: await requestIp() }),
);

export const confirmEmailChangeAction = action(
  { input: confirmEmailChangeSchema, auth: {} },
  async (input, { viewer }) => confirmEmailChange({ viewer, ...input, ip: await requestIp() }),
);

export const deleteAccountAction = action(
  { input: deleteAccountSchema, auth: {} },
  async (input, { viewer }) => {
    await deleteAccount({ viewer, password: input.password, ip: await requestIp() });
    const { cookies } = await import('next/headers');
    (await cookies()).delete(sessionCookie().name);
    return { deleted: true };
  },
);

/** Every session ends, this one included: the cookie goes, and the page sends the user to sign in. */
export const signOutEverywhereAction = action(
  { input: z.object({}), auth: {} },
  async (_input, { viewer }) => {
    const result = await signOutEverywhere({ viewer });
    const { cookies } = await import('next/headers');
    (await cookies()).delete(sessionCookie().name);
    return result;
  },
);
