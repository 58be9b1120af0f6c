import 'server-only';
import {
  deskBookingDetailSchema,
  deskBookingListSchema,
  deskMoveRequestSchema,
  deskMoveResultSchema,
  deskReferenceSchema,
  deskRefundRequestSchema,
  deskRefundResultSchema,
  deskResendResultSchema,
  deskSearchQuerySchema,
} from '@/lib/schemas/desk';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { getDeskBooking } from '@/server/desk/get-desk-booking';
import { moveDeskBooking } from '@/server/desk/move-booking';
import { refundDeskBooking } from '@/server/desk/refund-booking';
import { resendDeskTickets } from '@/server/desk/resend-tickets';
import { searchDeskBookings } from '@/server/desk/search-bookings';

// The bookings desk (issue 14.2). Staff and managers of the booking's cinema, and admins; another
// cinema's booking is 404. Reads need no second factor; changes by managers and admins do.

const WHO =
  "For staff and managers of the booking's cinema, and admins (another cinema's booking is 404); customers' email addresses only for managers and admins.";

export const searchDeskBookingsOp = operation({
  operationId: 'searchDeskBookings',
  method: 'get',
  path: '/api/v1/desk/bookings',
  tag: 'Bookings desk',
  summary: 'Find bookings at the desk',
  description: `Bookings of the caller's cinemas (every cinema for admins), newest first, 20 a page (\`page\`). \`q\` is read as a booking reference or ticket code when it is one (any case, dash optional, O for 0, I or L for 1), else as an email when it has an @, a phone number when it is digits (the box office's customer phone; accounts have none), or else a name (the booking's or the customer's account); \`matchedBy\` says which. Without \`q\`: the latest bookings. ${WHO}`,
  auth: { roles: ['STAFF', 'MANAGER'] },
  query: deskSearchQuerySchema,
  success: { status: 200, description: 'A page of bookings.', schema: deskBookingListSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'BUSY'],
  example: { query: { q: 'mq-7k3f9x2', page: 1 } },
  handler: ({ query, viewer }) => searchDeskBookings({ viewer, query }),
});

export const getDeskBookingOp = operation({
  operationId: 'getDeskBooking',
  method: 'get',
  path: '/api/v1/desk/bookings/{reference}',
  tag: 'Bookings desk',
  summary: 'A booking as the desk sees it',
  description: `The show, every ticket (cancelled and replaced ones too) with its check-in state, payments, refunds, what may still be refunded, and the booking's audit history. ${WHO}`,
  auth: { roles: ['STAFF', 'MANAGER'] },
  params: deskReferenceSchema,
  success: { status: 200, description: 'The booking.', schema: deskBookingDetailSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: { params: { reference: EXAMPLE.reference } },
  handler: ({ params, viewer }) => getDeskBooking({ viewer, reference: params.reference }),
});

export const refundDeskBookingOp = operation({
  operationId: 'refundDeskBooking',
  method: 'post',
  path: '/api/v1/desk/bookings/{reference}/refund',
  tag: 'Bookings desk',
  summary: 'Cancel and refund a booking, in full or in part',
  description: `\`mode: full\` cancels every ticket, puts the seats back on sale and refunds (by default all that is left of the payment); \`tickets\` cancels the tickets named in \`ticketIds\`, frees their seats and refunds (by default their share of the price less the booking fee); \`amount\` refunds \`amountMinor\` as goodwill and keeps the tickets. A \`reason\` is required; the customer is told. The refund goes through the refund pipeline (sent to the provider, retried, listed in /admin/refunds if it fails). The database refuses refunds beyond what was paid (409, \`details.reason: exceeds-payment\`); a checked-in ticket cannot be cancelled (409 \`checked-in\`); a booking paid at the counter is refunded at the box office (409 \`counter-payment\`). Managers and admins need a session or token that passed two-factor authentication. Audited. ${WHO}`,
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: deskReferenceSchema,
  body: deskRefundRequestSchema,
  success: { status: 200, description: 'What was cancelled and refunded.', schema: deskRefundResultSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: {
    params: { reference: EXAMPLE.reference },
    body: { mode: 'amount', amountMinor: 5000, reason: 'Projector fault during the show' },
  },
  handler: ({ params, body, viewer }) =>
    refundDeskBooking({ viewer, reference: params.reference, request: body }),
});

export const moveDeskBookingOp = operation({
  operationId: 'moveDeskBooking',
  method: 'post',
  path: '/api/v1/desk/bookings/{reference}/move',
  tag: 'Bookings desk',
  summary: 'Move a booking to other seats or another show of the film',
  description: `Moves \`ticketIds\` (default: every live ticket) to \`seatIds\` (one each, in order) in the booking's show, or every ticket to another show of the same film at the same cinema. The payment stays; the tickets are re-issued (new ids and QR codes; the old ones no longer admit) and mailed to the customer. New seats at the same or a lower list price are allowed (the difference is reported as \`cheaperByMinor\` and not refunded unless the desk refunds it as an amount); dearer seats are refused (409, \`details.reason: dearer-seats\`). A seat someone holds or bought is 409 SEATS_UNAVAILABLE. Managers and admins need a session or token that passed two-factor authentication. Audited. ${WHO}`,
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: deskReferenceSchema,
  body: deskMoveRequestSchema,
  success: { status: 200, description: 'The new tickets.', schema: deskMoveResultSchema },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'SEATS_UNAVAILABLE',
    'UNKNOWN_SEAT',
    'SHOWTIME_NOT_BOOKABLE',
    'BUSY',
  ],
  example: {
    params: { reference: EXAMPLE.reference },
    body: { showtimeId: EXAMPLE.showtimeId, seatIds: [EXAMPLE.seatA, EXAMPLE.seatB] },
  },
  handler: ({ params, body, viewer }) =>
    moveDeskBooking({ viewer, reference: params.reference, request: body }),
});

export const resendDeskTicketsOp = operation({
  operationId: 'resendDeskTickets',
  method: 'post',
  path: '/api/v1/desk/bookings/{reference}/resend',
  tag: 'Bookings desk',
  summary: "Send a booking's tickets again",
  description: `Queues the confirmation mail (tickets, calendar file, invoice, as the booking is now) to the booking's address through the outbox; a resend still waiting is not queued twice (\`queued: false\`). A cancelled booking or one without an address is 409. Managers and admins need a session or token that passed two-factor authentication. Audited. ${WHO}`,
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: deskReferenceSchema,
  success: { status: 200, description: 'Queued.', schema: deskResendResultSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { params: { reference: EXAMPLE.reference } },
  handler: ({ params, viewer }) => resendDeskTickets({ viewer, reference: params.reference }),
});
