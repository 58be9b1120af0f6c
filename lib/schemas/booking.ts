import { z } from 'zod';
import { accessFeatureSchema } from '@/lib/accessibility';
import { creditNoteRefSchema, creditNoteSlugSchema } from '@/lib/schemas/invoice';
import { priceBreakdownSchema } from '@/lib/schemas/pricing';
import { rowVersionsSchema } from '@/lib/schemas/seat-map';
import { text } from '@/lib/schemas/text';

// Request and response shapes shared by the REST API (/api/v1), the server actions and the forms.
// The OpenAPI document (/api/openapi.json) is generated from these.

export const MAX_SEATS_PER_HOLD = 10;

export const seatIdsSchema = z
  .array(z.uuid('each seat id must be a UUID'))
  .min(1, 'choose at least one seat')
  .max(MAX_SEATS_PER_HOLD, `choose at most ${MAX_SEATS_PER_HOLD} seats`)
  .refine((ids) => new Set(ids).size === ids.length, 'each seat may appear only once');

export const idParamsSchema = z.object({ id: z.uuid() });

/** How printed tickets are laid out: A6 per seat (default), four to an A4 sheet, or 80 mm thermal roll. */
export const ticketsPdfQuerySchema = z.object({ layout: z.enum(['a6', 'a4', 'thermal']).default('a6') });
export const referenceParamsSchema = z.object({
  reference: z
    .string()
    .toUpperCase()
    .regex(/^MQ-[0-9A-Z]{4,12}$/, 'not a booking reference'),
});

export const holdRequestSchema = z.object({
  seatIds: seatIdsSchema,
  /** The customer needs a wheelchair space (wheelchair spaces are kept for them until shortly before the show). */
  accessible: z.boolean().optional(),
});
export type HoldRequest = z.infer<typeof holdRequestSchema>;

/** "Best N seats in one tap": the server picks the block and holds it (server/booking/hold-best-seats.ts). */
export const holdBestSeatsRequestSchema = z.object({
  count: z.coerce
    .number('say how many seats')
    .int('a whole number of seats')
    .min(1, 'at least one seat')
    .max(MAX_SEATS_PER_HOLD, `at most ${MAX_SEATS_PER_HOLD} seats`),
  /** Only seats of this category. */
  category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']).optional(),
  /** A wheelchair space with its companion seat (and the rest of the party beside them). */
  wheelchair: z.boolean().optional(),
});
export type HoldBestSeatsRequest = z.infer<typeof holdBestSeatsRequestSchema>;

export const cancelShowtimeRequestSchema = z.object({
  reason: text().trim().min(3, 'Say why, for the customers').max(500),
});

export const promoCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9_-]{3,32}$/, 'promo codes are 3–32 letters, digits, - or _');

export const quoteRequestSchema = z.object({
  showtimeId: z.uuid(),
  seatIds: seatIdsSchema,
  promoCode: promoCodeSchema.optional(),
});
export type QuoteRequest = z.infer<typeof quoteRequestSchema>;

export const cardSchema = z.object({
  number: z
    .string()
    .transform((s) => s.replace(/[\s-]/g, ''))
    .pipe(z.string().regex(/^\d{12,19}$/, 'card numbers have 12–19 digits')),
  expMonth: z.coerce.number().int().min(1).max(12),
  expYear: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .or(
      z.coerce
        .number()
        .int()
        .min(0)
        .max(99)
        .transform((y) => 2000 + y),
    ),
  cvc: z.string().regex(/^\d{3,4}$/, 'the security code has 3 or 4 digits'),
  name: text().trim().max(100).optional(),
});
export type CardInput = z.infer<typeof cardSchema>;

export const paymentInputSchema = z.discriminatedUnion('method', [
  z.object({ method: z.literal('card'), card: cardSchema }),
  z.object({ method: z.literal('stripe'), paymentMethodId: z.string().regex(/^pm_[A-Za-z0-9_]+$/) }),
]);
export type PaymentInput = z.infer<typeof paymentInputSchema>;

export const checkoutRequestSchema = z.object({
  promoCode: promoCodeSchema.optional(),
  payment: paymentInputSchema,
});
export type CheckoutRequest = z.infer<typeof checkoutRequestSchema>;

/** Stripe in the browser: start paying for a hold (a PaymentIntent the Payment Element confirms). */
export const paymentStartRequestSchema = z.object({ promoCode: promoCodeSchema.optional() });

export const paymentStartResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('requires_confirmation'),
    paymentId: z.uuid(),
    /** For stripe.confirmPayment; secret to this customer, never logged. */
    clientSecret: z.string(),
    amountMinor: z.number().int(),
    currency: z.string(),
    price: priceBreakdownSchema,
    /** The hold now lasts at least until then, for the bank's authentication to finish. */
    expiresAt: z.iso.datetime(),
  }),
  /** An earlier attempt on this hold had already paid: here is its booking. */
  z.object({ status: z.literal('booked'), reference: z.string() }),
]);
export type PaymentStartResponse = z.infer<typeof paymentStartResponseSchema>;

export const paymentIdParamsSchema = z.object({ id: z.uuid() });

export const idempotencyKeySchema = z
  .string()
  .min(8, 'Idempotency-Key must be 8–255 characters')
  .max(255, 'Idempotency-Key must be 8–255 characters')
  .regex(/^[\x21-\x7e]+$/, 'Idempotency-Key must be printable ASCII');

const holdSeatSchema = z.object({
  id: z.uuid(),
  label: z.string(),
  category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']),
  priceMinor: z.number().int(),
});

export const holdResponseSchema = z.object({
  holdId: z.uuid(),
  showtimeId: z.uuid(),
  expiresAt: z.iso.datetime(),
  seats: z.array(holdSeatSchema),
  price: priceBreakdownSchema,
  versions: rowVersionsSchema,
});
export type HoldResponse = z.infer<typeof holdResponseSchema>;

export const ticketSchema = z.object({
  id: z.uuid(),
  seat: z.object({ id: z.uuid(), label: z.string(), category: z.enum(['STANDARD', 'PREMIUM', 'RECLINER']) }),
  priceMinor: z.number().int(),
  status: z.enum(['VALID', 'CHECKED_IN', 'CANCELLED']),
  /** Signed payload to render as a QR code; verifiable offline at the door. */
  qr: z.string(),
});

export const bookingResponseSchema = z.object({
  reference: z.string(),
  status: z.enum(['CONFIRMED', 'CANCELLED']),
  createdAt: z.iso.datetime(),
  cancelledAt: z.iso.datetime().nullable(),
  showtime: z.object({
    id: z.uuid(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    format: z.string(),
    language: z.string(),
    /** Accessible-showing features, and whether the screen has wheelchair spaces (lib/accessibility.ts). */
    accessibility: z.array(accessFeatureSchema),
    wheelchairAccessible: z.boolean(),
    movie: z.object({ title: z.string(), slug: z.string(), certificate: z.string(), posterUrl: z.string() }),
    cinema: z.object({ name: z.string(), slug: z.string(), address: z.string() }),
    screen: z.string(),
  }),
  tickets: z.array(ticketSchema),
  price: priceBreakdownSchema,
  totalMinor: z.number().int(),
  currency: z.string(),
  payment: z.object({ provider: z.string(), cardLast4: z.string().nullable() }).nullable(),
  refunds: z.array(
    z.object({ amountMinor: z.number().int(), status: z.string(), createdAt: z.iso.datetime() }),
  ),
  /** Whether the customer may still cancel, and what they would get back. */
  cancellation: z.object({ allowed: z.boolean(), deadline: z.iso.datetime(), refundMinor: z.number().int() }),
  /** GST credit notes of its refunds, oldest first (none where the invoice is not a tax invoice). */
  creditNotes: z.array(creditNoteRefSchema),
});
export type BookingResponse = z.infer<typeof bookingResponseSchema>;

export const bookingListQuerySchema = z.object({
  /**
   * upcoming: confirmed bookings of shows to come; cancelled: cancelled bookings of shows to come
   * (so a cancellation is not taken for a ticket); past: shows that have started, whatever their
   * state; all: everything.
   */
  scope: z.enum(['upcoming', 'cancelled', 'past', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: text().max(200).optional(),
});

export const cancelRequestSchema = z.object({ reason: text().trim().max(500).optional() });

export const tokenRequestSchema = z.object({
  email: z.email().transform((e) => e.trim().toLowerCase()),
  password: z.string().min(1).max(200),
});
export const tokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  /** Opaque; exchange it at POST /api/v1/auth/refresh for a new pair. Each one works once. */
  refreshToken: z.string(),
  refreshExpiresIn: z.number().int(),
});

/** One ticket of a booking (its Apple Wallet pass). */
export const ticketParamsSchema = referenceParamsSchema.extend({ ticketId: z.uuid() });

/** A credit note of a booking, by its number with `-` for `/` (BOM1CN2627-00042). */
export const creditNoteParamsSchema = referenceParamsSchema.extend({ number: creditNoteSlugSchema });
