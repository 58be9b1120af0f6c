'use server';

import { createCinemaSchema, updateCinemaActionSchema } from '@/lib/schemas/cinemas';
import { action } from '@/server/http/action';
import { createCinema } from '@/server/venues/create-cinema';
import { updateCinema } from '@/server/venues/update-cinema';

// Server actions for cinemas' settings; the pages pass them to the admin forms as props.

/** Admins, after 2FA. */
export const createCinemaAction = action(
  { input: createCinemaSchema, auth: { roles: ['ADMIN'] }, strongAuth: true },
  (input, { viewer }) => createCinema({ viewer, input }),
);

/** Managers of the cinema and admins, after 2FA; the use case checks the cinema. */
export const updateCinemaAction = action(
  { input: updateCinemaActionSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, ...changes }, { viewer }) => updateCinema({ viewer, cinemaId, changes }),
);
