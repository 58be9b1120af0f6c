'use server';

import {
  clashInputSchema,
  createShowtimeInputSchema,
  generateSessionsInputSchema,
  programmeTemplateInputSchema,
  updateShowtimeInputSchema,
} from '@/lib/schemas/programme';
import { action } from '@/server/http/action';
import { checkClashes } from '@/server/programme/check-clashes';
import { createShowtime } from '@/server/programme/create-showtime';
import { generateSessions } from '@/server/programme/generate-sessions';
import { saveProgrammeTemplate } from '@/server/programme/save-programme-template';
import { updateShowtime } from '@/server/programme/update-showtime';

// Server actions of the programme pages (the week grid). Each is the twin of a REST operation in
// server/api/operations/programme.ts and calls the same use case. Pages pass them as props.

/** Managers of the cinema and admins; a read, so no second factor (the page asks for it anyway). */
export const checkClashesAction = action(
  { input: clashInputSchema, auth: { roles: ['MANAGER'] } },
  ({ cinemaId, ...query }, { viewer }) => checkClashes({ viewer, cinemaId, query }),
);

export const createShowtimeAction = action(
  { input: createShowtimeInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => createShowtime({ viewer, input }),
);

export const updateShowtimeAction = action(
  { input: updateShowtimeInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ showtimeId, ...changes }, { viewer }) => updateShowtime({ viewer, showtimeId, changes }),
);

/** Preview writes nothing; apply writes the whole plan or nothing. 2FA for both, as the page asks. */
export const generateSessionsAction = action(
  { input: generateSessionsInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, ...body }, { viewer }) => generateSessions({ viewer, cinemaId, ...body }),
);

export const saveProgrammeTemplateAction = action(
  { input: programmeTemplateInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ screenId, ...body }, { viewer }) => saveProgrammeTemplate({ viewer, screenId, body }),
);
