'use server';

import { deskMoveActionSchema, deskReferenceSchema, deskRefundActionSchema } from '@/lib/schemas/desk';
import { moveDeskBooking } from '@/server/desk/move-booking';
import { refundDeskBooking } from '@/server/desk/refund-booking';
import { resendDeskTickets } from '@/server/desk/resend-tickets';
import { action } from '@/server/http/action';

// The bookings desk's changes (issue 14.2), twins of the REST operations in
// server/api/operations/desk.ts: staff and managers of the booking's cinema and admins, managers
// and admins after 2FA.

export const refundDeskBookingAction = action(
  { input: deskRefundActionSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => refundDeskBooking({ viewer, reference: input.reference, request: input.request }),
);

export const moveDeskBookingAction = action(
  { input: deskMoveActionSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => moveDeskBooking({ viewer, reference: input.reference, request: input.request }),
);

export const resendDeskTicketsAction = action(
  { input: deskReferenceSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => resendDeskTickets({ viewer, reference: input.reference }),
);
