'use server';

import { signUpSchema } from '@/lib/schemas/auth';
import { registerUser } from '@/server/auth/register-user';
import { action } from '@/server/http/action';

export const signUpAction = action({ input: signUpSchema, auth: 'public' }, async (input) => {
  const user = await registerUser(input);
  return { email: user.email };
});
