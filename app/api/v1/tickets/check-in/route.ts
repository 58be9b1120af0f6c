import { checkInRequestSchema } from '@/lib/schemas/admin';
import { route } from '@/server/http/route';
import { checkInTicket } from '@/server/tickets/check-in-ticket';

// For door-scanner apps. Staff of the ticket's cinema (checked in the use case), managers, admins.
export const POST = route(
  { auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true, body: checkInRequestSchema },
  ({ body, viewer }) => checkInTicket({ viewer, qr: body.qr }),
);
