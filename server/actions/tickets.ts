'use server';

import { checkInRequestSchema } from '@/lib/schemas/admin';
import { action } from '@/server/http/action';
import { checkInTicket } from '@/server/tickets/check-in-ticket';

/** Door staff, managers and admins, after 2FA. */
export const checkInAction = action(
  { input: checkInRequestSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => checkInTicket({ viewer, qr: input.qr, door: input.door }),
);
