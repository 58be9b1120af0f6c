'use server';

import { z } from 'zod';
import {
  changeEmailSchema,
  changePasswordSchema,
  confirmEmailChangeSchema,
  deleteAccountSchema,
} from '@/lib/schemas/account';
import { updateProfileSchema } from '@/lib/schemas/account-api';
import { confirmEmailChange, requestEmailChange } from '@/server/account/change-email';
import { changePassword } from '@/server/account/change-password';
import { deleteAccount } from '@/server/account/delete-account';
import { signOutEverywhere } from '@/server/account/sign-out-everywhere';
import { updateProfile } from '@/server/account/update-profile';
import { sessionCookie } from '@/server/auth/cookies';
import { getSessionToken, mfaState } from '@/server/auth/session';
import { writeSessionCookie } from '@/server/auth/session-cookie';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

/**
 * The web twin of `PATCH /api/v1/me`: same schema, same use case (audited there). The session
 * cookie carries the name too, so it is re-issued with the new one (same session version and
 * second-factor state): nothing that reads the token shows the old name.
 */
export const updateProfileAction = action(
  { input: updateProfileSchema, auth: {} },
  async (input, { viewer }) => {
    const token = await getSessionToken();
    const result = await updateProfile({ viewer, name: input.name });
    if (token) {
      await writeSessionCookie(
        {
          id: viewer.id,
          name: result.name,
          email: viewer.email,
          role: viewer.role,
          sessionVersion: typeof token.sv === 'number' ? token.sv : 0,
        },
        mfaState(token),
      );
    }
    return result;
  },
);

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
