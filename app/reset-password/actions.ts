'use server';

import { forgotPasswordSchema, resetPasswordSchema } from '@/lib/schemas/account';
import { requestPasswordReset, resetPassword } from '@/server/account/password-reset';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

/** Always the same answer, whether or not the address has an account. */
export const requestResetAction = action({ input: forgotPasswordSchema, auth: 'public' }, async (input) => {
  await requestPasswordReset({ ...input, ip: await requestIp() });
  return { sent: true };
});

export const resetPasswordAction = action({ input: resetPasswordSchema, auth: 'public' }, async (input) => {
  await resetPassword(input);
  return { reset: true };
});
