'use server';

import { createScreenInputSchema } from '@/lib/schemas/venues';
import { action } from '@/server/http/action';
import { createScreen } from '@/server/venues/create-screen';

// Server actions for cinemas' rooms. Pages pass them to the admin components as props.

/** Managers of the cinema and admins, after 2FA; the use case checks the cinema. */
export const createScreenAction = action(
  { input: createScreenInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => createScreen({ viewer, input }),
);
