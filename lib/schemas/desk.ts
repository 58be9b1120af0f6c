import { z } from 'zod';
import { seatIdsSchema } from '@/lib/schemas/booking';
import { creditNoteRefSchema } from '@/lib/schemas/invoice';
import { text } from '@/lib/schemas/text';

// The bookings desk (/admin/bookings, /api/v1/desk/...): staff and managers find a booking of
// their cinemas, refund it in full or in part, move it to other seats or another show of the
// film, and send its tickets again. Shared by the forms, the server actions and the REST API.

export const DESK_PAGE_SIZE = 20;

export const deskSearchQuerySchema = z.object({
  /** A booking reference or ticket code (typed loosely), an email, a phone number or a name. */
  q: text().trim().max(200).optional(),
  status: z.enum(['CONFIRMED', 'CANCELLED']).optional(),
  page: z.coerce.number().int().min(1).max(500).default(1),
});
export type DeskSearchQuery = z.infer<typeof deskSearchQuerySchema>;

const moneySchema = z.number().int();

export const deskBookingRowSchema = z.object({
  reference: z.string(),
  status: z.enum(['CONFIRMED', 'CANCELLED']),
  createdAt: z.iso.datetime(),
  customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  showtime: z.object({
    id: z.uuid(),
    startsAt: z.iso.datetime(),
    movieTitle: z.string(),
    screen: z.string(),
    cinema: z.string(),
    timeZone: z.string(),
  }),
  seats: z.array(z.string()),
  totalMinor: moneySchema,
  currency: z.string(),
});
export type DeskBookingRow = z.infer<typeof deskBookingRowSchema>;

export const deskBookingListSchema = z.object({
  /** How the query was read: a booking reference, an email, a phone number, a name, or nothing. */
  matchedBy: z.enum(['reference', 'email', 'phone', 'name', 'all']),
  bookings: z.array(deskBookingRowSchema),
  page: z.number().int(),
  pageSize: z.number().int(),
  total: z.number().int(),
});
export type DeskBookingList = z.infer<typeof deskBookingListSchema>;

export const deskTicketSchema = z.object({
  id: z.uuid(),
  seatId: z.uuid(),
  seat: z.string(),
  category: z.string(),
  /** The code printed under the ticket's QR (lib/ticket-code.ts). */
  code: z.string(),
  priceMinor: moneySchema,
  status: z.enum(['VALID', 'CHECKED_IN', 'CANCELLED']),
  checkedInAt: z.iso.datetime().nullable(),
  door: z.string().nullable(),
  showtimeId: z.uuid(),
});

export const deskBookingDetailSchema = z.object({
  reference: z.string(),
  status: z.enum(['CONFIRMED', 'CANCELLED']),
  createdAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().nullable(),
  cancelReason: z.string().nullable(),
  customer: z.object({
    name: z.string().nullable(),
    /** Only for managers and admins (door staff need names, not addresses), as on the manifest. */
    email: z.string().nullable(),
    hasAccount: z.boolean(),
  }),
  showtime: z.object({
    id: z.uuid(),
    movieId: z.uuid(),
    startsAt: z.iso.datetime(),
    movieTitle: z.string(),
    screen: z.string(),
    cinemaId: z.uuid(),
    cinema: z.string(),
    timeZone: z.string(),
  }),
  amounts: z.object({
    subtotalMinor: moneySchema,
    discountMinor: moneySchema,
    feeMinor: moneySchema,
    taxMinor: moneySchema,
    totalMinor: moneySchema,
    paidMinor: moneySchema,
    refundedMinor: moneySchema,
    /** What may still be refunded: paid less refunds that did not fail. */
    refundableMinor: moneySchema,
    currency: z.string(),
  }),
  tickets: z.array(deskTicketSchema),
  payments: z.array(
    z.object({
      id: z.uuid(),
      provider: z.string(),
      status: z.string(),
      amountMinor: moneySchema,
      refundedMinor: moneySchema,
      cardLast4: z.string().nullable(),
      createdAt: z.iso.datetime(),
    }),
  ),
  refunds: z.array(
    z.object({
      id: z.uuid(),
      amountMinor: moneySchema,
      status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']),
      reason: z.string(),
      requestedBy: z.string().nullable(),
      lastError: z.string().nullable(),
      createdAt: z.iso.datetime(),
      /** Its GST credit note; null where none was issued (no tax invoice, a cinema without a GSTIN). */
      creditNote: creditNoteRefSchema.nullable(),
    }),
  ),
  history: z.array(
    z.object({
      id: z.string(),
      action: z.string(),
      actor: z.string().nullable(),
      actorRole: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
      createdAt: z.iso.datetime(),
    }),
  ),
});
export type DeskBookingDetail = z.infer<typeof deskBookingDetailSchema>;

const reasonSchema = text()
  .trim()
  .min(3, 'Say why, in a few words (the customer and the audit log see it)')
  .max(300, 'At most 300 characters');

/**
 * full: cancel every ticket, free the seats, refund (by default all that is left of the payment).
 * tickets: cancel these tickets, free their seats, refund (by default their share of the price).
 * amount: a goodwill refund of this amount; the tickets stay.
 */
export const deskRefundRequestSchema = z.discriminatedUnion('mode', [
  z.object({
    mode: z.literal('full'),
    reason: reasonSchema,
    amountMinor: z.number().int().min(0).optional(),
  }),
  z.object({
    mode: z.literal('tickets'),
    reason: reasonSchema,
    ticketIds: z
      .array(z.uuid())
      .min(1, 'Choose at least one ticket')
      .max(50)
      .refine((ids) => new Set(ids).size === ids.length, 'each ticket may appear only once'),
    amountMinor: z.number().int().min(0).optional(),
  }),
  z.object({
    mode: z.literal('amount'),
    reason: reasonSchema,
    amountMinor: z.number().int().min(1, 'Enter an amount above zero'),
  }),
]);
export type DeskRefundRequest = z.infer<typeof deskRefundRequestSchema>;

export const deskRefundResultSchema = z.object({
  reference: z.string(),
  status: z.enum(['CONFIRMED', 'CANCELLED']),
  cancelledTicketIds: z.array(z.uuid()),
  refund: z
    .object({ id: z.uuid(), amountMinor: moneySchema, status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']) })
    .nullable(),
});
export type DeskRefundResult = z.infer<typeof deskRefundResultSchema>;

export const deskMoveRequestSchema = z.object({
  /** The booking's own show, or another show of the same film at the same cinema. */
  showtimeId: z.uuid(),
  /** The new seats, one per moved ticket, in the same order. */
  seatIds: seatIdsSchema,
  /** The tickets to move (default: every live ticket; another show takes all of them). */
  ticketIds: z.array(z.uuid()).min(1, 'Choose at least one ticket to move').max(10).optional(),
});
export type DeskMoveRequest = z.infer<typeof deskMoveRequestSchema>;

export const deskMoveResultSchema = z.object({
  reference: z.string(),
  showtimeId: z.uuid(),
  tickets: z.array(z.object({ id: z.uuid(), seat: z.string(), replaces: z.uuid() })),
  /** List price of the old seats less that of the new ones (≥ 0; it is not refunded unless asked). */
  cheaperByMinor: moneySchema,
});
export type DeskMoveResult = z.infer<typeof deskMoveResultSchema>;

export const deskResendResultSchema = z.object({
  reference: z.string(),
  /** The address (masked for door staff, who see names, not addresses). */
  recipient: z.string(),
  /** False when the same mail was still waiting in the outbox: it was not queued twice. */
  queued: z.boolean(),
});

/** A booking reference as typed at the desk: any case, dash optional, O for 0, I or L for 1. */
export const deskReferenceSchema = z.object({ reference: text().trim().min(6).max(40) });
export const deskRefundActionSchema = deskReferenceSchema.extend({ request: deskRefundRequestSchema });
export const deskMoveActionSchema = deskReferenceSchema.extend({ request: deskMoveRequestSchema });
