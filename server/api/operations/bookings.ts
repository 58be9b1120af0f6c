import 'server-only';
import { z } from 'zod';
import {
  counterRefundSettledSchema,
  refundIdSchema,
  refundListQuerySchema,
  refundRowSchema,
} from '@/lib/schemas/admin';
import {
  bookingListQuerySchema,
  bookingResponseSchema,
  cancelRequestSchema,
  creditNoteParamsSchema,
  referenceParamsSchema,
  ticketParamsSchema,
  ticketsPdfQuerySchema,
} from '@/lib/schemas/booking';
import { BODY_ERRORS, file, operation } from '@/server/api/operation';
import {
  bookingListResponseSchema,
  cancelBookingResponseSchema,
  EXAMPLE,
  refundRetryResponseSchema,
} from '@/server/api/responses';
import {
  bookingCalendar,
  bookingCreditNotePdf,
  bookingInvoicePdf,
  bookingTicketsPdf,
} from '@/server/booking/booking-documents';
import { bookingView } from '@/server/booking/booking-view';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { listBookings } from '@/server/booking/list-bookings';
import { settleCounterRefund } from '@/server/boxoffice/settle-counter-refund';
import { listRefunds } from '@/server/refunds/list-refunds';
import { retryRefund } from '@/server/refunds/retry-refund';
import { ticketWalletPass } from '@/server/tickets/wallet-pass';

export const listBookingsOp = operation({
  operationId: 'listBookings',
  method: 'get',
  path: '/api/v1/bookings',
  tag: 'Bookings',
  summary: "List the caller's bookings",
  description:
    'Newest show first (`upcoming` and `cancelled`: soonest first), `limit` per page. `upcoming` lists confirmed bookings of shows to come, `cancelled` the cancelled ones of shows to come, `past` every booking of a show that has started. Page on with `cursor` = the previous page’s `nextCursor`.',
  auth: {},
  query: bookingListQuerySchema,
  success: { status: 200, description: 'A page of bookings.', schema: bookingListResponseSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED'],
  example: { query: { scope: 'upcoming', limit: 10 } },
  handler: ({ query, viewer }) => listBookings({ userId: viewer.id, ...query }),
});

export const getBookingOp = operation({
  operationId: 'getBooking',
  method: 'get',
  path: '/api/v1/bookings/{reference}',
  tag: 'Bookings',
  summary: 'Get a booking',
  description:
    "Visible to its customer, the cinema's staff and managers, and admins; to anyone else it does not exist (404).",
  auth: {},
  params: referenceParamsSchema,
  success: { status: 200, description: 'The booking.', schema: bookingResponseSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: { reference: EXAMPLE.reference } },
  handler: ({ params, viewer }) => bookingView({ reference: params.reference, viewer }),
});

export const cancelBookingOp = operation({
  operationId: 'cancelBooking',
  method: 'post',
  path: '/api/v1/bookings/{reference}/cancel',
  tag: 'Bookings',
  summary: 'Cancel a booking',
  description:
    "The customer cancels their own booking, up to the cinema's cut-off before the show. The seats go back on sale and the refund (everything but the booking fee and its tax; see `cancellation.refundMinor`) is sent to the payment provider. Staff cannot cancel a customer's booking (403); managers cancel whole showtimes. The body may be `{}`, but must be sent as `application/json`.",
  auth: {},
  params: referenceParamsSchema,
  body: cancelRequestSchema,
  success: {
    status: 200,
    description: 'The cancelled booking, and the refund (null when nothing is refundable).',
    schema: cancelBookingResponseSchema,
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CANCELLATION_CLOSED', 'BUSY'],
  example: { params: { reference: EXAMPLE.reference }, body: { reason: 'Plans changed' } },
  handler: ({ params, body, viewer }) =>
    cancelBooking({ reference: params.reference, viewer, reason: body.reason }),
});

export const downloadTicketsOp = operation({
  operationId: 'downloadTickets',
  method: 'get',
  path: '/api/v1/bookings/{reference}/tickets.pdf',
  tag: 'Bookings',
  summary: 'Download the tickets (PDF)',
  description:
    "One page per seat with its QR code and the ticket code printed under it. `layout`: `a6` (default, one A6 page per seat), `a4` (those pages four to a sheet of A4, for an office printer) or `thermal` (one 80 mm roll-paper ticket per seat, black only, for the box office's receipt printer). Same access as the booking (staff and managers of its cinema may print it); a cancelled booking has no valid tickets (409).",
  auth: {},
  params: referenceParamsSchema,
  query: ticketsPdfQuerySchema,
  success: {
    status: 200,
    description: 'The tickets as a PDF attachment.',
    contentType: 'application/pdf',
    disposition: 'attachment; filename="marquee-MQ-7K3F9X2.pdf"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT'],
  example: { params: { reference: EXAMPLE.reference } },
  handler: async ({ params, query, viewer }) =>
    file(
      await bookingTicketsPdf({ reference: params.reference, viewer, layout: query.layout }),
      'application/pdf',
      `marquee-${params.reference}${query.layout === 'a6' ? '' : `-${query.layout}`}.pdf`,
    ),
});

export const downloadInvoiceOp = operation({
  operationId: 'downloadInvoice',
  method: 'get',
  path: '/api/v1/bookings/{reference}/invoice.pdf',
  tag: 'Bookings',
  summary: 'Download the GST tax invoice (PDF)',
  description:
    "The booking's tax invoice: the cinema's legal name, address and GSTIN, a gapless invoice number per cinema and financial year (e.g. `BOM1/2627/00042`), the place of supply, SAC codes, taxable value and CGST/SGST per line. Issued on first request (or when the confirmation email is sent) and never changed afterwards; a cancelled booking keeps its invoice. Same access as the booking.",
  auth: {},
  params: referenceParamsSchema,
  success: {
    status: 200,
    description: 'The invoice as a PDF attachment.',
    contentType: 'application/pdf',
    disposition: 'attachment; filename="invoice-BOM1-2627-00042.pdf"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: { reference: EXAMPLE.reference } },
  handler: async ({ params, viewer }) => {
    const { pdf, filename } = await bookingInvoicePdf({ reference: params.reference, viewer });
    return file(pdf, 'application/pdf', filename);
  },
});

export const downloadCreditNoteOp = operation({
  operationId: 'downloadCreditNote',
  method: 'get',
  path: '/api/v1/bookings/{reference}/credit-notes/{number}.pdf',
  tag: 'Bookings',
  summary: 'Download a GST credit note (PDF)',
  description:
    "A credit note the booking's refunds issued (CGST Act s.34), listed in the booking's `creditNotes` with its `pdfUrl`: its own gapless number per cinema and financial year (`BOM1CN2627/00042`, written with `-` for `/` in the path), the date, the original invoice's number and date, and the taxable value and CGST/SGST it reverses per SAC line. Issued when the refund is recorded, never changed; none when the cinema's invoice is not a tax invoice (no GSTIN). Same access as the booking and its invoice.",
  auth: {},
  params: creditNoteParamsSchema,
  success: {
    status: 200,
    description: 'The credit note as a PDF attachment.',
    contentType: 'application/pdf',
    disposition: 'attachment; filename="credit-note-BOM1CN2627-00042.pdf"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: { reference: EXAMPLE.reference, number: 'BOM1CN2627-00042' } },
  handler: async ({ params, viewer }) => {
    const { pdf, filename } = await bookingCreditNotePdf({ ...params, viewer });
    return file(pdf, 'application/pdf', filename);
  },
});

export const downloadCalendarOp = operation({
  operationId: 'downloadCalendar',
  method: 'get',
  path: '/api/v1/bookings/{reference}/calendar.ics',
  tag: 'Bookings',
  summary: 'Download a calendar event (iCalendar)',
  description:
    'The show as an iCalendar event with the cinema, screen and seats. Same access as the booking.',
  auth: {},
  params: referenceParamsSchema,
  success: {
    status: 200,
    description: 'An iCalendar (`.ics`) attachment.',
    contentType: 'text/calendar',
    disposition: 'attachment; filename="marquee-MQ-7K3F9X2.ics"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: { reference: EXAMPLE.reference } },
  handler: async ({ params, viewer }) =>
    file(
      await bookingCalendar({ reference: params.reference, viewer }),
      'text/calendar; charset=utf-8',
      `marquee-${params.reference}.ics`,
    ),
});

export const downloadWalletPassOp = operation({
  operationId: 'downloadWalletPass',
  method: 'get',
  path: '/api/v1/bookings/{reference}/tickets/{ticketId}/wallet.pkpass',
  tag: 'Bookings',
  summary: 'Download a ticket as an Apple Wallet pass',
  description:
    "One seat's ticket as a signed Apple Wallet event ticket (`.pkpass`): the film, show time, cinema, screen and seat, the same QR code as the ticket page (what the door scanner reads) with the ticket code under it, and the show's start as its relevant date. Only when the server has a pass type certificate configured (`WALLET_*`); otherwise 404 with `details.reason` `wallet-not-configured`. Same access as the booking; a cancelled booking or ticket has no pass (409).",
  auth: {},
  params: ticketParamsSchema,
  success: {
    status: 200,
    description: 'The pass as an attachment.',
    contentType: 'application/vnd.apple.pkpass',
    disposition: 'attachment; filename="marquee-MQ-7K3F9X2-F7.pkpass"',
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT'],
  example: { params: { reference: EXAMPLE.reference, ticketId: '5b1e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b' } },
  handler: async ({ params, viewer }) => {
    const { pass, filename } = await ticketWalletPass({
      reference: params.reference,
      ticketId: params.ticketId,
      viewer,
    });
    return file(pass, 'application/vnd.apple.pkpass', filename);
  },
});

export const listRefundsOp = operation({
  operationId: 'listRefunds',
  method: 'get',
  path: '/api/v1/refunds',
  tag: 'Bookings',
  summary: "List the cinemas' refunds",
  description:
    "Refunds of the caller's cinemas (every cinema for admins), newest first. By default the FAILED ones: the payment provider would not take them after every automatic retry (about half an hour), so they need a person; `status=PENDING` lists those still being retried, `SUCCEEDED` the done ones. A refund without a booking reference reverses a charge whose booking could not be made. For managers and admins.",
  auth: { roles: ['MANAGER'] },
  query: refundListQuerySchema,
  success: { status: 200, description: 'The refunds.', schema: z.array(refundRowSchema) },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'BUSY'],
  example: { query: { status: 'FAILED' } },
  handler: ({ query, viewer }) => listRefunds({ viewer, status: query.status, limit: query.limit }),
});

export const settleCounterRefundOp = operation({
  operationId: 'settleCounterRefund',
  method: 'post',
  path: '/api/v1/refunds/{id}/paid-at-counter',
  tag: 'Box office',
  summary: 'Mark a counter refund as paid back',
  description:
    'A refund owed on a sale paid at the box office (cash, card terminal or UPI), which cancelling a show records but no gateway can pay: whoever hands the money back marks it paid, out of their open till (cash needs one: 409 with `details.reason` `till-closed`). For staff and managers of the cinema and admins; managers and admins after two-factor authentication; audited. A refund of another cinema is 404; one already paid back, or one that goes back to a card, is 409.',
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: refundIdSchema,
  success: { status: 200, description: 'Paid back.', schema: counterRefundSettledSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { params: { id: EXAMPLE.refundId } },
  handler: ({ params, viewer }) => settleCounterRefund({ viewer, refundId: params.id }),
});

export const retryRefundOp = operation({
  operationId: 'retryRefund',
  method: 'post',
  path: '/api/v1/refunds/{id}/retry',
  tag: 'Bookings',
  summary: 'Send a failed refund again',
  description:
    "Sends a FAILED refund to the payment provider again, with a fresh round of automatic retries; recorded in the audit log. For managers of the refund's cinema (another cinema's refund is 404) and admins, after two-factor authentication. A refund that is not FAILED is 409.",
  auth: { roles: ['MANAGER'] },
  strongAuth: true,
  params: refundIdSchema,
  success: {
    status: 200,
    description: "The refund's status after this send.",
    schema: refundRetryResponseSchema,
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { params: { id: EXAMPLE.refundId } },
  handler: ({ params, viewer }) => retryRefund({ viewer, refundId: params.id }),
});
