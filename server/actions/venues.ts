'use server';

import {
  createScreenInputSchema,
  editScreenLayoutInputSchema,
  seatBlockApplyInputSchema,
  seatBlockPreviewInputSchema,
  updateScreenActionSchema,
} from '@/lib/schemas/venues';
import { action } from '@/server/http/action';
import { blockSeats } from '@/server/venues/block-seats';
import { createScreen } from '@/server/venues/create-screen';
import { editScreenLayout } from '@/server/venues/edit-screen-layout';
import { previewSeatBlock } from '@/server/venues/preview-seat-block';
import { updateScreen } from '@/server/venues/update-screen';

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

/** What taking seats out of service on coming shows would touch; reads only (no 2FA asked). */
export const previewSeatBlockAction = action(
  { input: seatBlockPreviewInputSchema, auth: { roles: ['MANAGER'] } },
  (input, { viewer }) => previewSeatBlock({ viewer, input }),
);

/** Applies it, once the preview's tickets were seen. Managers of the cinema and admins, after 2FA. */
export const blockSeatsAction = action(
  { input: seatBlockApplyInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => blockSeats({ viewer, input }),
);

/** A screen's name, formats and cleaning minutes. Managers of the cinema and admins, after 2FA. */
export const updateScreenAction = action(
  { input: updateScreenActionSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, screenId, ...changes }, { viewer }) => updateScreen({ viewer, cinemaId, screenId, changes }),
);
