import 'server-only';
import { checkInRequestSchema } from '@/lib/schemas/admin';
import { idParamsSchema } from '@/lib/schemas/booking';
import { manifestSchema } from '@/lib/schemas/manifest';
import { getShowtimeManifest } from '@/server/admin/showtime-manifest';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { checkInResponseSchema, EXAMPLE } from '@/server/api/responses';
import { checkInTicket } from '@/server/tickets/check-in-ticket';

export const checkInTicketOp = operation({
  operationId: 'checkInTicket',
  method: 'post',
  path: '/api/v1/tickets/check-in',
  tag: 'Tickets',
  summary: 'Check a ticket in at the door',
  description:
    'Takes the ticket\'s signed QR payload (the signature proves Marquee issued it) or, when a scanner cannot read it, the ticket code printed under the QR (`MQ-7K3F9X2-D6`: booking reference and seat, any case, dashes optional), then admits it once: VALID → CHECKED_IN, recorded with who checked it in, at which `door` if given, and in the audit log. For staff and managers of the ticket\'s cinema, and admins; managers and admins need a session or token that passed two-factor authentication. Doors open 90 minutes before the show. A second scan, a cancelled ticket, or a show that has not opened or has ended is 409 with a message to read out, in the cinema\'s local time ("Already used at 6:41 pm by Door 2, seat D6.", "Too early: doors open at 6:25 pm."), and `details.reason` (`already-used`, `cancelled`, `too-early`, `show-ended`) with the seat and reference.',
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  body: checkInRequestSchema,
  success: { status: 200, description: 'Admit: the seat and show.', schema: checkInResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { body: { qr: 'MQT1.WyJ4IiwieSJd.c2lnbmF0dXJl', door: 'Door 2' } },
  handler: ({ body, viewer }) => checkInTicket({ viewer, qr: body.qr, door: body.door }),
});

export const getShowtimeManifestOp = operation({
  operationId: 'getShowtimeManifest',
  method: 'get',
  path: '/api/v1/showtimes/{id}/manifest',
  tag: 'Tickets',
  summary: 'The door list of a showtime',
  description:
    "Every live ticket of the showtime in seat order: seat, the code printed under its QR, booking reference, whose it is, whether and when it was checked in and at which door, with the count checked in. For staff and managers of the show's cinema (another cinema's show is 403) and admins; customers' email addresses only for managers and admins.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  params: idParamsSchema,
  success: { status: 200, description: 'The door list.', schema: manifestSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: ({ params, viewer }) => getShowtimeManifest({ viewer, showtimeId: params.id }),
});
