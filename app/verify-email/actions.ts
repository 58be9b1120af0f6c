'use server';

import { resendVerificationSchema, verifyEmailSchema } from '@/lib/schemas/account';
import { resendVerificationCode, verifyEmail } from '@/server/account/verify-email';
import { action } from '@/server/http/action';
import { requestIp } from '@/server/security/client-ip';

export const verifyEmailAction = action({ input: verifyEmailSchema, auth: 'public' }, async (input) => {
  await verifyEmail({ ...input, ip: await requestIp() });
  return { verified: true };
});

/** A new code, for the account's email and password (so it cannot probe which addresses exist). */
export const resendVerificationAction = action(
  { input: resendVerificationSchema, auth: 'public' },
  async (input) => resendVerificationCode({ ...input, ip: await requestIp() }),
);
