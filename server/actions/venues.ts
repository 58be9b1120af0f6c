'use server';

import { createScreenInputSchema, editScreenLayoutInputSchema } from '@/lib/schemas/venues';
import { action } from '@/server/http/action';
import { createScreen } from '@/server/venues/create-screen';
import { editScreenLayout } from '@/server/venues/edit-screen-layout';

// Server actions for cinemas' rooms. Pages pass them to the admin components as props.

/** Managers of the cinema and admins, after 2FA; the use case checks the cinema. */
export const createScreenAction = action(
  { input: createScreenInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => createScreen({ viewer, input }),
);

/** A new version of a screen's layout; showtimes already created keep theirs. As createScreenAction. */
export const editScreenLayoutAction = action(
  { input: editScreenLayoutInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => editScreenLayout({ viewer, input }),
);
