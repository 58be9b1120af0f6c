import 'server-only';
import { idParamsSchema, referenceParamsSchema } from '@/lib/schemas/booking';
import {
  closeTillSchema,
  counterRefundResponseSchema,
  counterSaleResponseSchema,
  counterSaleSchema,
  openTillSchema,
  refundCounterBookingSchema,
  tillListQuerySchema,
  tillListSchema,
  tillSchema,
} from '@/lib/schemas/boxoffice';
import { BODY_ERRORS, operation } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { closeTill } from '@/server/boxoffice/close-till';
import { listTills } from '@/server/boxoffice/list-tills';
import { openTill } from '@/server/boxoffice/open-till';
import { refundCounterBooking } from '@/server/boxoffice/refund-counter-booking';
import { sellAtCounter } from '@/server/boxoffice/sell-at-counter';

// The box office (issue 14.1): counter sales, tills, counter refunds. Staff of the cinema work it
// without a second factor (shared counter devices, as at the door); managers and admins need one
// for every write (strongAuth). Cinema scoping is each use case's.

const EXAMPLE_TILL_ID = '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e';

export const sellAtCounterOp = operation({
  operationId: 'sellAtCounter',
  method: 'post',
  path: '/api/v1/box-office/sales',
  tag: 'Box office',
  summary: 'Sell held seats at the counter',
  description:
    "Turns the seller's own hold (made with `holdSeats` on the same live seat map as the web, so counter and web can never sell one seat twice) into a booking paid at the counter: `CASH` with `tenderedMinor` (at least the total; the answer gives the change due), `CARD_TERMINAL` with the slip's `reference`, or `UPI` with its transaction `reference`. No gateway is called: a payment with provider `counter` is recorded as succeeded, in the seller's open till at the show's cinema (no open till: 409 `details.reason: till-closed`). The optional customer name, phone and email go on the booking (an email gets the confirmation mail); the booking belongs to no account. Audited. For staff and managers of the cinema and admins; managers and admins after two-factor authentication.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  body: counterSaleSchema,
  success: {
    status: 201,
    description: 'The booking, paid, and the change due.',
    schema: counterSaleResponseSchema,
  },
  errors: [
    ...BODY_ERRORS,
    'UNAUTHENTICATED',
    'FORBIDDEN',
    'NOT_FOUND',
    'CONFLICT',
    'HOLD_EXPIRED',
    'HOLD_NOT_ACTIVE',
    'SHOWTIME_NOT_BOOKABLE',
    'PAYMENT_PENDING',
    'BUSY',
  ],
  example: {
    body: {
      holdId: EXAMPLE.holdId,
      method: 'CASH',
      tenderedMinor: 100_000,
      customerName: 'Asha Rao',
      customerPhone: '+919820012345',
    },
  },
  handler: ({ body, viewer }) => sellAtCounter({ viewer, ...body }),
});

export const refundCounterBookingOp = operation({
  operationId: 'refundCounterBooking',
  method: 'post',
  path: '/api/v1/box-office/bookings/{reference}/refund',
  tag: 'Box office',
  summary: 'Refund a counter sale in full at the counter',
  description:
    "Cancels a booking sold at the box office (its tickets are cancelled and its seats go back on sale at once) and hands back what is left of its payment, by the method it was paid with, recorded as a refund that succeeded at once. Cash comes out of the refunding seller's open till (none: 409 `details.reason: till-closed`). Staff refund their own counter sales; managers of the cinema any; admins all. A booking paid online, or at a cinema the caller does not work at, is 404. Audited. Managers and admins after two-factor authentication.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: referenceParamsSchema,
  body: refundCounterBookingSchema.pick({ reason: true }),
  success: {
    status: 200,
    description: 'What was handed back, and the seats released.',
    schema: counterRefundResponseSchema,
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { params: { reference: EXAMPLE.reference }, body: { reason: 'Customer unwell' } },
  handler: ({ params, body, viewer }) =>
    refundCounterBooking({ viewer, reference: params.reference, reason: body.reason }),
});

export const listTillsOp = operation({
  operationId: 'listTills',
  method: 'get',
  path: '/api/v1/box-office/tills',
  tag: 'Box office',
  summary: 'List tills and their cash-up',
  description:
    'Tills newest first, each with its float, counter sales by method, refunds, the cash it should hold (float + cash sales − cash refunds), the amount counted and the difference once closed. Staff see their own; managers their own and every till of the cinemas they manage; admins all. Filter by `cinemaId` and `status` (`open`, `closed`, `all`).',
  auth: { roles: ['STAFF', 'MANAGER'] },
  query: tillListQuerySchema,
  success: { status: 200, description: 'Tills.', schema: tillListSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN'],
  example: { query: { status: 'open' } },
  handler: async ({ query, viewer }) => ({ tills: await listTills({ viewer, ...query }) }),
});

export const openTillOp = operation({
  operationId: 'openTill',
  method: 'post',
  path: '/api/v1/box-office/tills',
  tag: 'Box office',
  summary: 'Open my till at a cinema',
  description:
    "Starts the caller's shift at the cinema's counter with `openingFloatMinor` in the drawer. One open till per person per cinema (a second is 409). For staff and managers of the cinema and admins; managers and admins after two-factor authentication. Audited.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  body: openTillSchema,
  success: { status: 201, description: 'The open till.', schema: tillSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'CONFLICT'],
  example: { body: { cinemaId: EXAMPLE.cinemaId, openingFloatMinor: 200_000 } },
  handler: ({ body, viewer }) => openTill({ viewer, ...body }),
});

export const closeTillOp = operation({
  operationId: 'closeTill',
  method: 'post',
  path: '/api/v1/box-office/tills/{id}/close',
  tag: 'Box office',
  summary: 'Close a till with the cash counted (cash-up)',
  description:
    "Closes the till with `countedMinor`, the cash counted in the drawer; the answer has the cash it should have held and the difference (negative: short). Sales and refunds being written to it finish first; none can be added after. The seller closes their own; a manager of the cinema or an admin may close anyone's (a till left open). Someone else's till is 404. Audited. Managers and admins after two-factor authentication.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: idParamsSchema,
  body: closeTillSchema.omit({ tillId: true }),
  success: { status: 200, description: 'The closed till, with the difference.', schema: tillSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT'],
  example: { params: { id: EXAMPLE_TILL_ID }, body: { countedMinor: 512_300, note: 'Two ₹100 notes short' } },
  handler: ({ params, body, viewer }) => closeTill({ viewer, tillId: params.id, ...body }),
});
