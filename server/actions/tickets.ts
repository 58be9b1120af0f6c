'use server';

import { checkInRequestSchema } from '@/lib/schemas/admin';
import { showtimeCheckInsActionSchema, showtimeIdActionSchema } from '@/lib/schemas/check-in';
import { action } from '@/server/http/action';
import { checkInTicket } from '@/server/tickets/check-in-ticket';
import { getOfflineDoorList } from '@/server/tickets/get-offline-door-list';
import { syncOfflineCheckIns } from '@/server/tickets/sync-offline-check-ins';

/** Door staff, managers and admins, after 2FA. */
export const checkInAction = action(
  { input: checkInRequestSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => checkInTicket({ viewer, qr: input.qr, door: input.door }),
);

/** A show's tickets for checking in offline: as check-in (the REST twin is getOfflineDoorList). */
export const downloadCheckInListAction = action(
  { input: showtimeIdActionSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => getOfflineDoorList({ viewer, showtimeId: input.showtimeId }),
);

/** The scans a door admitted offline, decided by the server (the REST twin is syncOfflineCheckIns). */
export const syncCheckInsAction = action(
  { input: showtimeCheckInsActionSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => syncOfflineCheckIns({ viewer, showtimeId: input.showtimeId, scans: input.scans }),
);
