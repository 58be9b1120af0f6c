import 'server-only';
import { z } from 'zod';
import { ERROR_STATUS } from '@/lib/errors';
import { apiTokenRequestSchema } from '@/lib/schemas/account';
import {
  bookingListQuerySchema,
  bookingResponseSchema,
  cancelRequestSchema,
  cancelShowtimeRequestSchema,
  cardSchema,
  holdRequestSchema,
  holdResponseSchema,
  idempotencyKeySchema,
  MAX_SEATS_PER_HOLD,
  paymentInputSchema,
  promoCodeSchema,
  referenceParamsSchema,
  seatIdsSchema,
  ticketSchema,
  tokenResponseSchema,
} from '@/lib/schemas/booking';
import { screenLayoutSchema } from '@/lib/schemas/layout';
import { priceBreakdownSchema, seatPriceSchema } from '@/lib/schemas/pricing';
import { seatMapSchema } from '@/lib/schemas/seat-map';
import { waitlistEntrySchema } from '@/lib/schemas/waitlist';
import { ERROR_DESCRIPTIONS } from '@/server/api/error-descriptions';
import { bookingListResponseSchema, ERROR_CODES, errorEnvelopeSchema } from '@/server/api/responses';

// Names and descriptions of shared schemas, for the OpenAPI document only: registered here, in
// zod's registry (which zod-openapi reads), so lib/schemas stays free of documentation metadata.
// Schemas given an `id` become components.schemas entries.

type DocMeta = { id?: string; description?: string; uniqueItems?: boolean; 'x-enum-descriptions'?: string[] };

function annotate(schema: z.ZodType, meta: DocMeta): void {
  // Once per schema: a module evaluated again (dev reload) must not register an id twice.
  if (!z.globalRegistry.has(schema)) z.globalRegistry.add(schema, meta);
}

annotate(errorEnvelopeSchema, {
  id: 'Error',
  description: 'The one error envelope: switch on `error.code`; `error.message` is for people.',
});
annotate(errorEnvelopeSchema.shape.error.shape.code, {
  id: 'ErrorCode',
  description: 'Stable, machine-readable error codes; the HTTP status follows from the code.',
  'x-enum-descriptions': ERROR_CODES.map((c) => `${ERROR_STATUS[c]}: ${ERROR_DESCRIPTIONS[c]}`),
});
annotate(errorEnvelopeSchema.shape.error.shape.details, {
  description: 'Code-specific: a list of `{ path, message }` for VALIDATION_FAILED; an object otherwise.',
});
annotate(priceBreakdownSchema, {
  id: 'PriceBreakdown',
  description: 'A price computed on the server. Amounts are integer minor units (paise).',
});
annotate(priceBreakdownSchema.shape.feeMinor, {
  description: 'Booking (convenience) fee, per seat; not refunded when the customer cancels.',
});
annotate(priceBreakdownSchema.shape.feeTaxMinor, {
  description: 'The part of `taxMinor` charged on the fee (kept with the fee on cancellation).',
});
annotate(priceBreakdownSchema.shape.taxRateBps, { description: 'GST rate in basis points (1800 = 18 %).' });
annotate(priceBreakdownSchema.shape.currency, { description: 'ISO 4217 code, e.g. `INR`.' });
annotate(seatPriceSchema.shape.baseMinor, {
  description: "The showtime's price for the seat's category, in paise.",
});
annotate(seatPriceSchema.shape.adjustmentBps, {
  description: 'Net adjustment from pricing rules, in basis points of the base (-2000 = 20 % off).',
});
annotate(holdResponseSchema, { id: 'Hold', description: 'Seats held for the caller until `expiresAt`.' });
annotate(holdResponseSchema.shape.versions, {
  description:
    'The seat version of each row of seats this hold changed (row index → version), after the change: the live map has caught up with the hold once its versions of these rows are at least these.',
});
annotate(bookingResponseSchema, { id: 'Booking' });
annotate(bookingResponseSchema.shape.reference, { description: 'Booking reference, e.g. `MQ-7K3F9X2`.' });
annotate(bookingResponseSchema.shape.cancellation, {
  description: 'Whether the customer may still cancel, until when, and what they would get back.',
});
annotate(bookingResponseSchema.shape.totalMinor, { description: 'Amount paid, in paise.' });
annotate(ticketSchema, { id: 'Ticket' });
annotate(ticketSchema.shape.qr, {
  description: 'Signed payload to render as a QR code; verifiable offline at the door.',
});
annotate(seatMapSchema, {
  id: 'SeatMap',
  description:
    'Every seat of a showtime with its state, read in one snapshot. `versions` (the seat version of each row of seats, by row index; a row not listed is at 0) orders it against the live updates pushed over Socket.IO, which carry the new version of each row they change.',
});
annotate(seatMapSchema.shape.myHold, { description: "The caller's live hold on this showtime, if any." });
annotate(seatMapSchema.shape.seats.element.shape.mine, {
  description: 'Held by the caller (only with a signed-in caller).',
});
annotate(screenLayoutSchema, { id: 'ScreenLayout', description: 'How the screen is drawn.' });
annotate(screenLayoutSchema.shape.aisleCols, { description: 'Column indices that are walkways.' });
annotate(screenLayoutSchema.shape.screenAt, { description: 'Where the screen is, relative to row 0.' });
annotate(waitlistEntrySchema, {
  id: 'WaitlistEntry',
  description: "The caller's place on a showtime's waitlist, and the seats held for them once offered.",
});
annotate(tokenResponseSchema, { id: 'ApiToken' });
annotate(apiTokenRequestSchema.shape.totp, {
  description:
    'Only for accounts with two-factor authentication: the current 6-digit code from the authenticator app, or an unused recovery code (`xxxxx-xxxxx`).',
});
annotate(tokenResponseSchema.shape.expiresIn, { description: 'Seconds until the token expires.' });
annotate(tokenResponseSchema.shape.accessToken, {
  description: 'Send as `Authorization: Bearer <accessToken>`.',
});
annotate(cardSchema, { id: 'Card', description: 'Card details, for the sandbox provider.' });
annotate(cardSchema.shape.number, { description: '12–19 digits; spaces and dashes are ignored.' });
annotate(cardSchema.shape.expYear, { description: 'Four digits, or two (`30` means 2030).' });
annotate(paymentInputSchema, {
  id: 'PaymentInput',
  description:
    '`card` for the built-in sandbox provider (see the test cards); `stripe` with a PaymentMethod id when Stripe is configured.',
});
annotate(seatIdsSchema, {
  description: `1–${MAX_SEATS_PER_HOLD} seat ids of the showtime's screen, each at most once.`,
  uniqueItems: true,
});
annotate(promoCodeSchema, { description: 'Case-insensitive; surrounding spaces are ignored.' });
annotate(referenceParamsSchema.shape.reference, {
  description: 'Booking reference, e.g. `MQ-7K3F9X2` (case-insensitive).',
});
annotate(holdRequestSchema.shape.accessible, {
  description:
    'The customer confirmed they need a wheelchair space (needed to hold one while they are reserved).',
});
annotate(bookingListQuerySchema.shape.scope, {
  description: '`upcoming` (soonest first), `past` or `all` (latest first).',
});
annotate(bookingListQuerySchema.shape.cursor, {
  description: '`nextCursor` from the previous page.',
});
annotate(bookingListResponseSchema.shape.nextCursor, {
  description: 'Pass as `cursor` for the next page; null on the last page.',
});
annotate(cancelRequestSchema.shape.reason, { description: 'Optional note, kept with the cancellation.' });
annotate(cancelShowtimeRequestSchema.shape.reason, {
  description: 'Shown to the customers whose bookings are cancelled.',
});
annotate(idempotencyKeySchema, {
  description: '8–255 printable ASCII characters; a fresh UUID per checkout attempt is ideal.',
});
