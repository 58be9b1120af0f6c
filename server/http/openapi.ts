import 'server-only';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '@/lib/errors';
import { apiTokenRequestSchema } from '@/lib/schemas/account';
import {
  checkInRequestSchema,
  refundIdSchema,
  refundListQuerySchema,
  refundRowSchema,
} from '@/lib/schemas/admin';
import {
  bookingListQuerySchema,
  bookingResponseSchema,
  cancelRequestSchema,
  cancelShowtimeRequestSchema,
  cardSchema,
  checkoutRequestSchema,
  holdRequestSchema,
  holdResponseSchema,
  idempotencyKeySchema,
  idParamsSchema,
  MAX_SEATS_PER_HOLD,
  paymentIdParamsSchema,
  paymentInputSchema,
  paymentStartRequestSchema,
  paymentStartResponseSchema,
  promoCodeSchema,
  quoteRequestSchema,
  referenceParamsSchema,
  seatIdsSchema,
  ticketSchema,
  tokenResponseSchema,
} from '@/lib/schemas/booking';
import {
  cinemasNearQuerySchema,
  cinemasNearResponseSchema,
  movieSlugParamsSchema,
  searchQuerySchema,
  searchResponseSchema,
} from '@/lib/schemas/discover';
import { screenLayoutSchema } from '@/lib/schemas/layout';
import { priceBreakdownSchema, seatPriceSchema } from '@/lib/schemas/pricing';
import {
  reviewInputSchema,
  reviewListQuerySchema,
  reviewListResponseSchema,
  reviewUpsertResponseSchema,
} from '@/lib/schemas/reviews';
import { seatMapSchema } from '@/lib/schemas/seat-map';
import { joinWaitlistRequestSchema, waitlistEntrySchema } from '@/lib/schemas/waitlist';
import { TEST_CARD_RULES, TEST_CARDS } from '@/lib/test-cards';
import type { issueApiToken } from '@/server/auth/issue-api-token';
import type { cancelBooking } from '@/server/booking/cancel-booking';
import type { cancelShowtime } from '@/server/booking/cancel-showtime';
import type { expireHolds } from '@/server/booking/expire-holds';
import type { listBookings } from '@/server/booking/list-bookings';
import type { handleStripeWebhook } from '@/server/booking/stripe-webhook';
import type { checkHealth } from '@/server/health/check-health';

// The REST API's OpenAPI 3.1 document, generated from the same zod schemas the route handlers
// parse with. API_OPERATIONS is the one explicit list of operations; tests/unit/openapi.test.ts
// proves it has exactly one entry per exported handler under app/api and none without one.

export type ApiAuth = 'public' | 'optional' | 'user' | 'manager' | 'cron' | 'stripe-signature';
export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type ApiOperation = {
  operationId: string;
  method: HttpMethod;
  /** With `{param}` placeholders, as in the document. */
  path: string;
  tag: ApiTag;
  summary: string;
  /** Markdown. */
  description: string;
  auth: ApiAuth;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The handler reads the raw body itself (no JSON parsing, size or content-type checks by route()). */
  rawBody?: boolean;
  /** Accepts `Idempotency-Key`; replays carry `Idempotent-Replayed: true`. */
  idempotent?: boolean;
  headers?: { name: string; required: boolean; description: string; example: string }[];
  success: {
    status: number;
    description: string;
    /** JSON response body. */
    schema?: z.ZodType;
    /** A non-JSON body (the schema is then omitted). */
    contentType?: 'application/pdf' | 'text/calendar';
    /** Set for attachments. */
    disposition?: string;
  };
  /** Codes besides INTERNAL, which any operation may return. */
  errors: readonly ErrorCode[];
  /** A valid request, used in the document, the curl examples, and checked by the tests. */
  example?: {
    params?: Record<string, string>;
    query?: Record<string, string | number>;
    body?: unknown;
  };
};

export const API_TAGS = {
  Auth: 'API tokens for server-to-server and mobile clients.',
  Showtimes: 'Live seat maps; cancelling a whole showtime (managers).',
  Holds: 'Holding seats while the customer pays, releasing them, and checking out.',
  Pricing: 'Price quotes: the same computation a hold locks in.',
  Bookings: "The caller's bookings, their tickets and calendar files, and cancellation.",
  Catalog: 'Finding films and cinemas: search suggestions, reviews and ratings, cinemas near a place.',
  Tickets: 'At the door: checking a ticket in by its signed QR code (cinema staff).',
  Operations: 'Health, scheduled jobs, payment webhooks and this document.',
} as const;
export type ApiTag = keyof typeof API_TAGS;

/** What each code means to a client; a new ErrorCode does not compile until it is described here. */
export const ERROR_DESCRIPTIONS: Record<ErrorCode, string> = {
  BAD_REQUEST: 'The request is malformed (e.g. the body is not valid JSON, or a signature is missing).',
  VALIDATION_FAILED: 'Some fields are invalid; `details` lists `{ path, message }` for each.',
  UNAUTHENTICATED: 'No valid credentials: sign in or send a valid bearer token.',
  INVALID_CREDENTIALS: 'The email and password do not match an account.',
  TOTP_REQUIRED:
    'The password is right and the account has two-factor authentication: send the current 6-digit code (or a recovery code) as `totp`.',
  INVALID_CODE: 'The one-time code is wrong, used, or expired (each code allows a few attempts).',
  EMAIL_NOT_VERIFIED:
    'The password is right but the email address is not verified yet: finish sign-up with the code we emailed.',
  FORBIDDEN: 'Signed in, but not allowed to do this.',
  NOT_FOUND: "It does not exist, or it is not the caller's (never distinguished).",
  METHOD_NOT_ALLOWED: 'This path does not support this method.',
  CONFLICT: 'The change conflicts with the current state; reload and retry (honour `Retry-After` if sent).',
  SEATS_UNAVAILABLE: 'One or more seats are taken or blocked; `details` has `seatIds` and `labels`.',
  HOLD_EXPIRED: 'The hold ended before checkout; hold the seats again.',
  IDEMPOTENCY_CONFLICT:
    'The Idempotency-Key was used for a different request, or its first request is still running (`Retry-After`).',
  EMAIL_TAKEN: 'An account with this email already exists.',
  SHOWTIME_OVERLAP: 'Another showtime already uses this screen at that time.',
  PAYLOAD_TOO_LARGE: 'The body is larger than the 32 KiB this API accepts.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the body as `application/json`.',
  SEAT_RULE_VIOLATION:
    'The selection breaks a seating rule (a single seat left on its own, a reserved wheelchair space); `details` has `rule`, `seatIds`, `labels`.',
  UNKNOWN_SEAT: "A seat id is not in this showtime's screen; `details.seatIds` lists them.",
  HOLD_NOT_ACTIVE: 'The hold was already converted into a booking.',
  SHOWTIME_NOT_BOOKABLE: 'The showtime was cancelled or has started.',
  PROMO_INVALID: 'The promo code does not apply; `details.reason` says why.',
  PAYMENT_DECLINED:
    'The payment was declined and the seats were released; `details` has `declineCode` and `seatsReleased`.',
  PAYMENT_ACTION_REQUIRED:
    'The bank asks the customer to authenticate (3-D Secure): `details` has `paymentId` and `clientSecret`; finish it with Stripe.js `handleNextAction`, then call `POST /api/v1/payments/{id}/confirm`.',
  PAYMENT_PENDING:
    'A payment for these seats is under way, or the bank has not answered yet; retry after `Retry-After` seconds (the booking is emailed when it completes).',
  CANCELLATION_CLOSED: 'The booking is already cancelled, or past the cinema’s cancellation cut-off.',
  RATE_LIMITED: 'Too many requests; wait `Retry-After` seconds.',
  BUSY: 'Temporarily overloaded or a dependency did not answer; retry after `Retry-After` seconds.',
  INTERNAL: 'A bug or outage on our side; the message carries a reference to quote.',
};

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

// Response shapes of use cases that have no schema of their own in lib/schemas. The type checks
// below fail to compile if a use case's return type drifts from what is documented here.
const bookingListResponseSchema = z.object({
  bookings: z.array(bookingResponseSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
const cancelBookingResponseSchema = z.object({
  booking: bookingResponseSchema,
  refund: z.object({ amountMinor: z.number().int(), status: z.string() }).nullable(),
});
const checkInResponseSchema = z.object({
  ticketId: z.uuid(),
  reference: z.string(),
  seat: z.string(),
  movie: z.string(),
  screen: z.string(),
  startsAt: z.iso.datetime(),
  checkedInAt: z.iso.datetime(),
});

const cancelShowtimeResponseSchema = z.object({
  bookingsCancelled: z.number().int(),
  holdsReleased: z.number().int(),
  refundsSucceeded: z.number().int(),
  refundsPending: z.number().int(),
});
const expireHoldsResponseSchema = z.object({ holds: z.number().int(), showtimes: z.number().int() });
const healthResponseSchema = z.object({
  status: z.literal('ok'),
  database: z.literal('ok'),
  time: z.iso.datetime(),
});
const webhookResponseSchema = z.object({ received: z.literal(true) });
const openApiResponseSchema = z.record(z.string(), z.unknown());

// Request bodies defined inside their route files (app/api/v1/showtimes/[id]/{holds,cancel}),
// mirrored here; moving them to lib/schemas would let both import one copy.
const holdSeatsBodySchema = holdRequestSchema;
const cancelShowtimeBodySchema = cancelShowtimeRequestSchema;

/** The body Stripe posts; only documented, the handler verifies the raw bytes. */
const stripeEventSchema = z
  .object({
    id: z.string(),
    object: z.literal('event'),
    type: z.string(),
    data: z.object({ object: z.record(z.string(), z.unknown()) }),
  })
  .loose();

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Check<T extends true> = T;
export type DocumentedResponsesAgree = [
  Check<Same<z.output<typeof bookingListResponseSchema>, Awaited<ReturnType<typeof listBookings>>>>,
  Check<Same<z.output<typeof cancelBookingResponseSchema>, Awaited<ReturnType<typeof cancelBooking>>>>,
  Check<Same<z.output<typeof cancelShowtimeResponseSchema>, Awaited<ReturnType<typeof cancelShowtime>>>>,
  Check<Same<z.output<typeof expireHoldsResponseSchema>, Awaited<ReturnType<typeof expireHolds>>>>,
  Check<Same<z.output<typeof healthResponseSchema>, Awaited<ReturnType<typeof checkHealth>>>>,
  Check<Same<z.output<typeof webhookResponseSchema>, Awaited<ReturnType<typeof handleStripeWebhook>>>>,
  Check<Same<z.output<typeof tokenResponseSchema>, Awaited<ReturnType<typeof issueApiToken>>>>,
];

// Names and descriptions for the document only: a registry of our own, so lib/schemas stays
// free of documentation metadata. Schemas with an `id` become components.schemas entries.
type DocMeta = { id?: string; description?: string; uniqueItems?: boolean; 'x-enum-descriptions'?: string[] };
const docs = z.registry<DocMeta>();
docs.add(errorEnvelopeSchema, {
  id: 'Error',
  description: 'The one error envelope: switch on `error.code`; `error.message` is for people.',
});
docs.add(errorEnvelopeSchema.shape.error.shape.code, {
  id: 'ErrorCode',
  description: 'Stable, machine-readable error codes; the HTTP status follows from the code.',
  'x-enum-descriptions': ERROR_CODES.map((c) => `${ERROR_STATUS[c]}: ${ERROR_DESCRIPTIONS[c]}`),
});
docs.add(errorEnvelopeSchema.shape.error.shape.details, {
  description: 'Code-specific: a list of `{ path, message }` for VALIDATION_FAILED; an object otherwise.',
});
docs.add(priceBreakdownSchema, {
  id: 'PriceBreakdown',
  description: 'A price computed on the server. Amounts are integer minor units (paise).',
});
docs.add(priceBreakdownSchema.shape.feeMinor, {
  description: 'Booking (convenience) fee, per seat; not refunded when the customer cancels.',
});
docs.add(priceBreakdownSchema.shape.feeTaxMinor, {
  description: 'The part of `taxMinor` charged on the fee (kept with the fee on cancellation).',
});
docs.add(priceBreakdownSchema.shape.taxRateBps, { description: 'GST rate in basis points (1800 = 18 %).' });
docs.add(priceBreakdownSchema.shape.currency, { description: 'ISO 4217 code, e.g. `INR`.' });
docs.add(seatPriceSchema.shape.baseMinor, {
  description: "The showtime's price for the seat's category, in paise.",
});
docs.add(seatPriceSchema.shape.adjustmentBps, {
  description: 'Net adjustment from pricing rules, in basis points of the base (-2000 = 20 % off).',
});
docs.add(holdResponseSchema, { id: 'Hold', description: 'Seats held for the caller until `expiresAt`.' });
docs.add(holdResponseSchema.shape.versions, {
  description:
    'The seat version of each row of seats this hold changed (row index → version), after the change: the live map has caught up with the hold once its versions of these rows are at least these.',
});
docs.add(bookingResponseSchema, { id: 'Booking' });
docs.add(bookingResponseSchema.shape.reference, { description: 'Booking reference, e.g. `MQ-7K3F9X2`.' });
docs.add(bookingResponseSchema.shape.cancellation, {
  description: 'Whether the customer may still cancel, until when, and what they would get back.',
});
docs.add(bookingResponseSchema.shape.totalMinor, { description: 'Amount paid, in paise.' });
docs.add(ticketSchema, { id: 'Ticket' });
docs.add(ticketSchema.shape.qr, {
  description: 'Signed payload to render as a QR code; verifiable offline at the door.',
});
docs.add(seatMapSchema, {
  id: 'SeatMap',
  description:
    'Every seat of a showtime with its state, read in one snapshot. `versions` (the seat version of each row of seats, by row index; a row not listed is at 0) orders it against the live updates pushed over Socket.IO, which carry the new version of each row they change.',
});
docs.add(seatMapSchema.shape.myHold, { description: "The caller's live hold on this showtime, if any." });
docs.add(seatMapSchema.shape.seats.element.shape.mine, {
  description: 'Held by the caller (only with a signed-in caller).',
});
docs.add(screenLayoutSchema, { id: 'ScreenLayout', description: 'How the screen is drawn.' });
docs.add(screenLayoutSchema.shape.aisleCols, { description: 'Column indices that are walkways.' });
docs.add(screenLayoutSchema.shape.screenAt, { description: 'Where the screen is, relative to row 0.' });
docs.add(waitlistEntrySchema, {
  id: 'WaitlistEntry',
  description: "The caller's place on a showtime's waitlist, and the seats held for them once offered.",
});
docs.add(tokenResponseSchema, { id: 'ApiToken' });
docs.add(apiTokenRequestSchema.shape.totp, {
  description:
    'Only for accounts with two-factor authentication: the current 6-digit code from the authenticator app, or an unused recovery code (`xxxxx-xxxxx`).',
});
docs.add(tokenResponseSchema.shape.expiresIn, { description: 'Seconds until the token expires.' });
docs.add(tokenResponseSchema.shape.accessToken, {
  description: 'Send as `Authorization: Bearer <accessToken>`.',
});
docs.add(cardSchema, { id: 'Card', description: 'Card details, for the sandbox provider.' });
docs.add(cardSchema.shape.number, { description: '12–19 digits; spaces and dashes are ignored.' });
docs.add(cardSchema.shape.expYear, { description: 'Four digits, or two (`30` means 2030).' });
docs.add(paymentInputSchema, {
  id: 'PaymentInput',
  description:
    '`card` for the built-in sandbox provider (see the test cards); `stripe` with a PaymentMethod id when Stripe is configured.',
});
docs.add(seatIdsSchema, {
  description: `1–${MAX_SEATS_PER_HOLD} seat ids of the showtime's screen, each at most once.`,
  uniqueItems: true,
});
docs.add(promoCodeSchema, { description: 'Case-insensitive; surrounding spaces are ignored.' });
docs.add(referenceParamsSchema.shape.reference, {
  description: 'Booking reference, e.g. `MQ-7K3F9X2` (case-insensitive).',
});
docs.add(holdSeatsBodySchema.shape.accessible, {
  description:
    'The customer confirmed they need a wheelchair space (needed to hold one while they are reserved).',
});
docs.add(bookingListQuerySchema.shape.scope, {
  description: '`upcoming` (soonest first), `past` or `all` (latest first).',
});
docs.add(bookingListQuerySchema.shape.cursor, {
  description: '`nextCursor` from the previous page.',
});
docs.add(bookingListResponseSchema.shape.nextCursor, {
  description: 'Pass as `cursor` for the next page; null on the last page.',
});
docs.add(cancelRequestSchema.shape.reason, { description: 'Optional note, kept with the cancellation.' });
docs.add(cancelShowtimeBodySchema.shape.reason, {
  description: 'Shown to the customers whose bookings are cancelled.',
});
docs.add(idempotencyKeySchema, {
  description: '8–255 printable ASCII characters; a fresh UUID per checkout attempt is ideal.',
});

const USER_BODY = [
  'VALIDATION_FAILED',
  'BAD_REQUEST',
  'UNSUPPORTED_MEDIA_TYPE',
  'PAYLOAD_TOO_LARGE',
] as const;

const EXAMPLE = {
  showtimeId: '0d6f1f5e-8c4b-4f7a-9a39-2f1d7c3b5a10',
  seatA: '5b0b7c52-1e0d-4d8e-9d3c-6c9b8e2f4a01',
  seatB: '5b0b7c52-1e0d-4d8e-9d3c-6c9b8e2f4a02',
  holdId: '8e2a4c1d-3b5f-4e6a-8c7d-9f0a1b2c3d4e',
  paymentId: '3c9d2e7f-6a1b-4c8d-9e0f-1a2b3c4d5e6f',
  refundId: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910',
  reference: 'MQ-7K3F9X2',
} as const;

const testCard = TEST_CARDS.find((c) => c.outcome === 'succeeded') ?? TEST_CARDS[0];

export const API_OPERATIONS: readonly ApiOperation[] = [
  {
    operationId: 'createApiToken',
    method: 'post',
    path: '/api/v1/auth/token',
    tag: 'Auth',
    summary: 'Get an API token',
    description:
      'Exchanges an email and password for a bearer token, valid for `expiresIn` seconds (one hour). There is no refresh token: ask for a new one when it expires. Changing the password or being removed invalidates outstanding tokens within seconds.\n\nAn account with two-factor authentication must also send `totp`: the current 6-digit code from its authenticator app, or one of its recovery codes. Without it the answer is `401 TOTP_REQUIRED` (the password was right); a wrong code is `400 INVALID_CODE`. The email address must be verified (`403 EMAIL_NOT_VERIFIED`, only after the right password). Five failures for one account or from one address lock it for 15 minutes (`429 RATE_LIMITED` with `Retry-After`, the same answer whether or not the account exists).',
    auth: 'public',
    body: apiTokenRequestSchema,
    success: { status: 200, description: 'A bearer token.', schema: tokenResponseSchema },
    errors: [
      ...USER_BODY,
      'INVALID_CREDENTIALS',
      'TOTP_REQUIRED',
      'INVALID_CODE',
      'EMAIL_NOT_VERIFIED',
      'RATE_LIMITED',
    ],
    example: { body: { email: 'customer@marquee.test', password: 'marquee-demo' } },
  },
  {
    operationId: 'getSeatMap',
    method: 'get',
    path: '/api/v1/showtimes/{id}/seats',
    tag: 'Showtimes',
    summary: 'Get the seat map of a showtime',
    description:
      "Every seat with its state (`available`, `held`, `sold`, `blocked`), the prices per category and the screen layout. Signed in, the caller's own held seats have `mine: true` and `myHold` is set. Subscribe to the showtime's Socket.IO room for changes after `versions`.",
    auth: 'optional',
    params: idParamsSchema,
    success: { status: 200, description: 'The seat map.', schema: seatMapSchema },
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
    example: { params: { id: EXAMPLE.showtimeId } },
  },
  // Waitlist (sold out → waitlist).
  {
    operationId: 'joinWaitlist',
    method: 'post',
    path: '/api/v1/showtimes/{id}/waitlist',
    tag: 'Showtimes',
    summary: 'Join the waitlist of a sold-out showtime',
    description:
      'For a showtime that is on sale but has no `seats` free side by side (ordinary seats, same row, no aisle between): when that many come free, the people waiting are offered them in the order they joined, each offer an ordinary hold for the normal hold time (pay at `offer.checkoutPath`, or with `POST /api/v1/holds/{id}/checkout`). A later, smaller request may be served before an earlier one only with seats the earlier one cannot use. If that many seats are free right now, 409 `CONFLICT` with `details.reason` `seats-available` (book them instead). One live entry per user and showtime: joining again is 409 `CONFLICT` with `details.reason` `already-on-waitlist`; to change the number of seats, leave and join again (at the back of the line).',
    auth: 'user',
    params: idParamsSchema,
    body: joinWaitlistRequestSchema,
    success: {
      status: 201,
      description: 'On the waitlist; `position` 1 is next.',
      schema: waitlistEntrySchema,
    },
    errors: [...USER_BODY, 'UNAUTHENTICATED', 'NOT_FOUND', 'SHOWTIME_NOT_BOOKABLE', 'CONFLICT'],
    example: { params: { id: EXAMPLE.showtimeId }, body: { seats: 2 } },
  },
  {
    operationId: 'getWaitlistEntry',
    method: 'get',
    path: '/api/v1/showtimes/{id}/waitlist',
    tag: 'Showtimes',
    summary: "Get the caller's waitlist entry",
    description:
      "The caller's latest entry for the showtime: `WAITING` with its `position`, `OFFERED` with the held seats in `offer`, or how it ended (`FULFILLED`: the offer was booked; `EXPIRED`: it lapsed, or the show went off sale). 404 when the caller never joined or left. Poll it to follow an entry; each read settles the caller's offer first.",
    auth: 'user',
    params: idParamsSchema,
    success: { status: 200, description: 'The entry.', schema: waitlistEntrySchema },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
    example: { params: { id: EXAMPLE.showtimeId } },
  },
  {
    operationId: 'leaveWaitlist',
    method: 'delete',
    path: '/api/v1/showtimes/{id}/waitlist',
    tag: 'Showtimes',
    summary: 'Leave the waitlist',
    description:
      'Leaves the waitlist; seats on offer are released at once and go to the next person waiting. Leaving when not on the waitlist is a no-op (still 204).',
    auth: 'user',
    params: idParamsSchema,
    success: { status: 204, description: 'Left (or was not on the waitlist).' },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'BUSY'],
    example: { params: { id: EXAMPLE.showtimeId } },
  },
  {
    operationId: 'holdSeats',
    method: 'post',
    path: '/api/v1/showtimes/{id}/holds',
    tag: 'Holds',
    summary: 'Hold seats',
    description: `Holds 1–${MAX_SEATS_PER_HOLD} seats for the caller, all or nothing, for a few minutes (8 by default) while they pay. It replaces the caller's previous hold on the same showtime. The price is computed and locked into the hold. Seating rules apply: where the cinema enforces it, a selection may not leave a single seat on its own; wheelchair spaces are kept for wheelchair users (\`accessible: true\`) until shortly before the show; companion seats go with a wheelchair space. A violation is 422 \`SEAT_RULE_VIOLATION\` with \`details.rule\` (\`orphan-seat\`, \`wheelchair-reserved\`, \`companion-needs-wheelchair\`).`,
    auth: 'user',
    params: idParamsSchema,
    body: holdSeatsBodySchema,
    success: { status: 201, description: 'The seats are held.', schema: holdResponseSchema },
    errors: [
      ...USER_BODY,
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'SHOWTIME_NOT_BOOKABLE',
      'UNKNOWN_SEAT',
      'SEATS_UNAVAILABLE',
      'SEAT_RULE_VIOLATION',
      'BUSY',
    ],
    example: { params: { id: EXAMPLE.showtimeId }, body: { seatIds: [EXAMPLE.seatA, EXAMPLE.seatB] } },
  },
  {
    operationId: 'releaseHold',
    method: 'delete',
    path: '/api/v1/holds/{id}',
    tag: 'Holds',
    summary: 'Release a hold',
    description:
      "Gives the held seats back at once. Releasing a hold that already ended is a no-op (still 204). Someone else's hold is 404.",
    auth: 'user',
    params: idParamsSchema,
    success: { status: 204, description: 'Released (or already ended).' },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'HOLD_NOT_ACTIVE', 'BUSY'],
    example: { params: { id: EXAMPLE.holdId } },
  },
  {
    operationId: 'checkoutHold',
    method: 'post',
    path: '/api/v1/holds/{id}/checkout',
    tag: 'Holds',
    summary: 'Pay for a hold and book it',
    description:
      'Charges the payment method for the held seats (with the promo code, if any) and turns the hold into a confirmed booking with tickets. A declined payment releases the seats (402 PAYMENT_DECLINED). If the booking cannot be completed after a successful charge, the charge is reversed in full. Send an `Idempotency-Key` so that a retry after a timeout returns the same booking instead of charging twice.',
    auth: 'user',
    idempotent: true,
    params: idParamsSchema,
    body: checkoutRequestSchema,
    success: { status: 201, description: 'The confirmed booking.', schema: bookingResponseSchema },
    errors: [
      ...USER_BODY,
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'HOLD_NOT_ACTIVE',
      'HOLD_EXPIRED',
      'SHOWTIME_NOT_BOOKABLE',
      'CONFLICT',
      'IDEMPOTENCY_CONFLICT',
      'PROMO_INVALID',
      'PAYMENT_DECLINED',
      'BUSY',
    ],
    example: {
      params: { id: EXAMPLE.holdId },
      body: {
        payment: {
          method: 'card',
          card: {
            number: testCard?.number ?? '4242 4242 4242 4242',
            expMonth: 12,
            expYear: 2030,
            cvc: '123',
          },
        },
      },
    },
  },
  {
    operationId: 'startPayment',
    method: 'post',
    path: '/api/v1/holds/{id}/payment',
    tag: 'Holds',
    summary: 'Start paying with Stripe in the browser',
    description:
      "When Stripe takes payments: creates a PaymentIntent for the hold's final price (with the promo code, if any; the amount comes from the server only) for Stripe's Payment Element to confirm with `stripe.confirmPayment({ elements, clientSecret })`; then call `POST /api/v1/payments/{paymentId}/confirm`. The hold is kept for the bank's 3-D Secure challenge; while the payment is open the hold cannot be released or replaced. Calling it again stops the open attempt and starts a new one, unless that attempt already paid (then `status: booked` with the reference). With the sandbox provider: 409 CONFLICT (pay with `POST /api/v1/holds/{id}/checkout`).",
    auth: 'user',
    params: idParamsSchema,
    body: paymentStartRequestSchema,
    success: {
      status: 201,
      description: 'A PaymentIntent to confirm, or the booking an earlier attempt made.',
      schema: paymentStartResponseSchema,
    },
    errors: [
      ...USER_BODY,
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'HOLD_NOT_ACTIVE',
      'HOLD_EXPIRED',
      'SHOWTIME_NOT_BOOKABLE',
      'CONFLICT',
      'PAYMENT_PENDING',
      'PROMO_INVALID',
      'BUSY',
    ],
    example: { params: { id: EXAMPLE.holdId }, body: { promoCode: 'WELCOME10' } },
  },
  {
    operationId: 'confirmPayment',
    method: 'post',
    path: '/api/v1/payments/{id}/confirm',
    tag: 'Holds',
    summary: 'Book a payment the browser confirmed',
    description:
      "After Stripe.js confirmed the PaymentIntent (successfully or not), ask the server to settle it: it reads the PaymentIntent from Stripe and books the seats exactly once, whether or not Stripe's webhook was first (then it returns that booking). A decline is 402 PAYMENT_DECLINED (the seats are released); a payment the bank is still deciding is 409 PAYMENT_PENDING (retry, or wait for the confirmation email); if the hold ended before the payment completed, the money is refunded in full and the answer says so.",
    auth: 'user',
    params: paymentIdParamsSchema,
    success: { status: 201, description: 'The confirmed booking.', schema: bookingResponseSchema },
    errors: [
      'VALIDATION_FAILED',
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'PAYMENT_DECLINED',
      'PAYMENT_PENDING',
      'HOLD_EXPIRED',
      'SHOWTIME_NOT_BOOKABLE',
      'CONFLICT',
      'BUSY',
    ],
    example: { params: { id: EXAMPLE.paymentId } },
  },
  {
    operationId: 'quotePrice',
    method: 'post',
    path: '/api/v1/pricing/quote',
    tag: 'Pricing',
    summary: 'Quote a price',
    description:
      'What these seats would cost now, with an optional promo code, without holding them: the same computation a hold locks in (occupancy-based rules may change it by the time you hold).',
    auth: 'user',
    body: quoteRequestSchema,
    success: { status: 200, description: 'The price.', schema: priceBreakdownSchema },
    errors: [
      ...USER_BODY,
      'UNAUTHENTICATED',
      'NOT_FOUND',
      'SHOWTIME_NOT_BOOKABLE',
      'UNKNOWN_SEAT',
      'PROMO_INVALID',
    ],
    example: { body: { showtimeId: EXAMPLE.showtimeId, seatIds: [EXAMPLE.seatA], promoCode: 'WELCOME10' } },
  },
  {
    operationId: 'listBookings',
    method: 'get',
    path: '/api/v1/bookings',
    tag: 'Bookings',
    summary: "List the caller's bookings",
    description:
      'Newest show first (`upcoming`: soonest first), `limit` per page. Page on with `cursor` = the previous page’s `nextCursor`.',
    auth: 'user',
    query: bookingListQuerySchema,
    success: { status: 200, description: 'A page of bookings.', schema: bookingListResponseSchema },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED'],
    example: { query: { scope: 'upcoming', limit: 10 } },
  },
  {
    operationId: 'getBooking',
    method: 'get',
    path: '/api/v1/bookings/{reference}',
    tag: 'Bookings',
    summary: 'Get a booking',
    description:
      "Visible to its customer, the cinema's staff and managers, and admins; to anyone else it does not exist (404).",
    auth: 'user',
    params: referenceParamsSchema,
    success: { status: 200, description: 'The booking.', schema: bookingResponseSchema },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
    example: { params: { reference: EXAMPLE.reference } },
  },
  {
    operationId: 'cancelBooking',
    method: 'post',
    path: '/api/v1/bookings/{reference}/cancel',
    tag: 'Bookings',
    summary: 'Cancel a booking',
    description:
      "The customer cancels their own booking, up to the cinema's cut-off before the show. The seats go back on sale and the refund (everything but the booking fee and its tax; see `cancellation.refundMinor`) is sent to the payment provider. Staff cannot cancel a customer's booking (403); managers cancel whole showtimes. The body may be `{}`, but must be sent as `application/json`.",
    auth: 'user',
    params: referenceParamsSchema,
    body: cancelRequestSchema,
    success: {
      status: 200,
      description: 'The cancelled booking, and the refund (null when nothing is refundable).',
      schema: cancelBookingResponseSchema,
    },
    errors: [...USER_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CANCELLATION_CLOSED', 'BUSY'],
    example: { params: { reference: EXAMPLE.reference }, body: { reason: 'Plans changed' } },
  },
  {
    operationId: 'downloadTickets',
    method: 'get',
    path: '/api/v1/bookings/{reference}/tickets.pdf',
    tag: 'Bookings',
    summary: 'Download the tickets (PDF)',
    description:
      'One page per seat with its QR code. Same access as the booking; a cancelled booking has no valid tickets (409).',
    auth: 'user',
    params: referenceParamsSchema,
    success: {
      status: 200,
      description: 'The tickets as a PDF attachment.',
      contentType: 'application/pdf',
      disposition: 'attachment; filename="marquee-MQ-7K3F9X2.pdf"',
    },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'CONFLICT'],
    example: { params: { reference: EXAMPLE.reference } },
  },
  {
    operationId: 'downloadInvoice',
    method: 'get',
    path: '/api/v1/bookings/{reference}/invoice.pdf',
    tag: 'Bookings',
    summary: 'Download the GST tax invoice (PDF)',
    description:
      "The booking's tax invoice: the cinema's legal name, address and GSTIN, a gapless invoice number per cinema and financial year (e.g. `BOM1/2627/00042`), the place of supply, SAC codes, taxable value and CGST/SGST per line. Issued on first request (or when the confirmation email is sent) and never changed afterwards; a cancelled booking keeps its invoice. Same access as the booking.",
    auth: 'user',
    params: referenceParamsSchema,
    success: {
      status: 200,
      description: 'The invoice as a PDF attachment.',
      contentType: 'application/pdf',
      disposition: 'attachment; filename="invoice-BOM1-2627-00042.pdf"',
    },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
    example: { params: { reference: EXAMPLE.reference } },
  },
  {
    operationId: 'downloadCalendar',
    method: 'get',
    path: '/api/v1/bookings/{reference}/calendar.ics',
    tag: 'Bookings',
    summary: 'Download a calendar event (iCalendar)',
    description:
      'The show as an iCalendar event with the cinema, screen and seats. Same access as the booking.',
    auth: 'user',
    params: referenceParamsSchema,
    success: {
      status: 200,
      description: 'An iCalendar (`.ics`) attachment.',
      contentType: 'text/calendar',
      disposition: 'attachment; filename="marquee-MQ-7K3F9X2.ics"',
    },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
    example: { params: { reference: EXAMPLE.reference } },
  },
  {
    operationId: 'cancelShowtime',
    method: 'post',
    path: '/api/v1/showtimes/{id}/cancel',
    tag: 'Showtimes',
    summary: 'Cancel a showtime',
    description:
      "Takes the showtime off sale and frees its screen slot; releases every hold and cancels every booking with a full refund, in one transaction; then sends the refunds (failed ones are retried in the background). For managers of the showtime's cinema, and admins.",
    auth: 'manager',
    params: idParamsSchema,
    body: cancelShowtimeBodySchema,
    success: { status: 200, description: 'What was cancelled.', schema: cancelShowtimeResponseSchema },
    errors: [...USER_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
    example: { params: { id: EXAMPLE.showtimeId }, body: { reason: 'Projector failure' } },
  },
  {
    operationId: 'listRefunds',
    method: 'get',
    path: '/api/v1/refunds',
    tag: 'Bookings',
    summary: "List the cinemas' refunds",
    description:
      "Refunds of the caller's cinemas (every cinema for admins), newest first. By default the FAILED ones: the payment provider would not take them after every automatic retry (about half an hour), so they need a person; `status=PENDING` lists those still being retried, `SUCCEEDED` the done ones. A refund without a booking reference reverses a charge whose booking could not be made. For managers and admins.",
    auth: 'manager',
    query: refundListQuerySchema,
    success: { status: 200, description: 'The refunds.', schema: z.array(refundRowSchema) },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'BUSY'],
    example: { query: { status: 'FAILED' } },
  },
  {
    operationId: 'retryRefund',
    method: 'post',
    path: '/api/v1/refunds/{id}/retry',
    tag: 'Bookings',
    summary: 'Send a failed refund again',
    description:
      "Sends a FAILED refund to the payment provider again, with a fresh round of automatic retries; recorded in the audit log. For managers of the refund's cinema (another cinema's refund is 404) and admins, after two-factor authentication. A refund that is not FAILED is 409.",
    auth: 'manager',
    params: refundIdSchema,
    success: {
      status: 200,
      description: "The refund's status after this send.",
      schema: z.object({ id: z.uuid(), status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']) }),
    },
    errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
    example: { params: { id: EXAMPLE.refundId } },
  },
  {
    operationId: 'checkInTicket',
    method: 'post',
    path: '/api/v1/tickets/check-in',
    tag: 'Tickets',
    summary: 'Check a ticket in at the door',
    description:
      "Verifies the ticket's signed QR payload (the signature proves Marquee issued it), then admits it once: VALID → CHECKED_IN, recorded with who checked it in and in the audit log. For staff and managers of the ticket's cinema, and admins; managers and admins need a session or token that passed two-factor authentication. Doors open 90 minutes before the show. A second scan, a cancelled ticket, or a show that has not opened or has ended is 409 with a message to read to the customer.",
    auth: 'manager',
    body: checkInRequestSchema,
    success: { status: 200, description: 'Admit: the seat and show.', schema: checkInResponseSchema },
    errors: [...USER_BODY, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
    example: { body: { qr: 'MQT1.WyJ4IiwieSJd.c2lnbmF0dXJl' } },
  },
  {
    operationId: 'searchMovies',
    method: 'get',
    path: '/api/v1/search',
    tag: 'Catalog',
    summary: 'Search films',
    description:
      'Films whose title or cast matches `q`, tolerant of typos and partial names (`madurai thundr`, `priyanka`), then films whose synopsis mentions it. Ranked: exact or prefix title match, then title similarity, then cast names, then the synopsis; `match` and `castName` say why each film is there. Cacheable for a minute.',
    auth: 'public',
    query: searchQuerySchema,
    success: { status: 200, description: 'Matching films, best first.', schema: searchResponseSchema },
    errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
    example: { query: { q: 'madurai thundr', limit: 8 } },
  },
  {
    operationId: 'listMovieReviews',
    method: 'get',
    path: '/api/v1/movies/{slug}/reviews',
    tag: 'Catalog',
    summary: "List a film's reviews",
    description:
      'Newest first, `limit` per page, with the rating summary. Page on with `cursor` = the previous page’s `nextCursor`. `verified` marks authors who held a ticket for a show of the film that has started.',
    auth: 'public',
    params: movieSlugParamsSchema,
    query: reviewListQuerySchema,
    success: { status: 200, description: 'A page of reviews.', schema: reviewListResponseSchema },
    errors: ['VALIDATION_FAILED', 'NOT_FOUND', 'RATE_LIMITED'],
    example: { params: { slug: 'madurai-thunder' }, query: { limit: 10 } },
  },
  {
    operationId: 'saveMovieReview',
    method: 'post',
    path: '/api/v1/movies/{slug}/reviews',
    tag: 'Catalog',
    summary: 'Review a film (or edit your review)',
    description:
      'One review per user per film: posting again replaces the caller’s earlier review (`created: false`). `rating` is 1–5 stars; `title` and `body` are optional.',
    auth: 'user',
    params: movieSlugParamsSchema,
    body: reviewInputSchema,
    success: { status: 200, description: 'The saved review.', schema: reviewUpsertResponseSchema },
    errors: [...USER_BODY, 'UNAUTHENTICATED', 'NOT_FOUND'],
    example: {
      params: { slug: 'madurai-thunder' },
      body: { rating: 4, title: 'Great with friends', body: 'The interval block had the hall cheering.' },
    },
  },
  {
    operationId: 'listCinemasNear',
    method: 'get',
    path: '/api/v1/cinemas/near',
    tag: 'Catalog',
    summary: 'Cinemas near a point',
    description:
      'Cinemas within `radiusKm` (default 50) of `lat`,`lng`, nearest first, with the great-circle distance in kilometres.',
    auth: 'public',
    query: cinemasNearQuerySchema,
    success: { status: 200, description: 'Cinemas, nearest first.', schema: cinemasNearResponseSchema },
    errors: ['VALIDATION_FAILED', 'RATE_LIMITED'],
    example: { query: { lat: 19.0596, lng: 72.8295, radiusKm: 25 } },
  },
  {
    operationId: 'expireHolds',
    method: 'post',
    path: '/api/cron/expire-holds',
    tag: 'Operations',
    summary: 'Expire overdue holds',
    description:
      'For an external scheduler. The server already runs this sweep every few seconds; overdue holds never block seats even before it runs, the sweep makes their state explicit and tells live viewers. Authenticated with `Authorization: Bearer <CRON_SECRET>`; without `CRON_SECRET` configured every call is refused.',
    auth: 'cron',
    success: { status: 200, description: 'How many holds were expired.', schema: expireHoldsResponseSchema },
    errors: ['UNAUTHENTICATED'],
  },
  {
    operationId: 'stripeWebhook',
    method: 'post',
    path: '/api/webhooks/stripe',
    tag: 'Operations',
    summary: 'Receive Stripe events',
    description:
      "Called by Stripe, not by clients. Verified by the `Stripe-Signature` header over the raw body (`STRIPE_WEBHOOK_SECRET`). `payment_intent.succeeded`, `payment_intent.payment_failed` and `payment_intent.canceled` settle the payment exactly as the browser's confirmation would (the PaymentIntent's state is read from Stripe): the booking is made once, whichever comes first; a decline releases the seats; other events are acknowledged and ignored. Redeliveries and late events are harmless. 404 when Stripe webhooks are not configured.",
    auth: 'stripe-signature',
    rawBody: true,
    body: stripeEventSchema,
    headers: [
      {
        name: 'Stripe-Signature',
        required: true,
        description: "Stripe's signature of the raw body.",
        example: 't=1767225600,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd',
      },
    ],
    success: { status: 200, description: 'Acknowledged.', schema: webhookResponseSchema },
    errors: ['BAD_REQUEST', 'NOT_FOUND', 'BUSY'],
    example: {
      body: {
        id: 'evt_1Q0example',
        object: 'event',
        type: 'payment_intent.succeeded',
        data: {
          object: {
            id: 'pi_3Q0example',
            object: 'payment_intent',
            amount: 59000,
            currency: 'inr',
            metadata: { holdId: EXAMPLE.holdId, paymentId: '2f6c1a9e-7d4b-4c3a-8e5f-0a1b2c3d4e5f' },
          },
        },
      },
    },
  },
  {
    operationId: 'getHealth',
    method: 'get',
    path: '/api/health',
    tag: 'Operations',
    summary: 'Health check',
    description:
      'For load balancers and uptime checks: 200 when the app can reach its database, 500 otherwise.',
    auth: 'public',
    success: { status: 200, description: 'Healthy.', schema: healthResponseSchema },
    errors: [],
  },
  {
    operationId: 'getOpenApiDocument',
    method: 'get',
    path: '/api/openapi.json',
    tag: 'Operations',
    summary: 'This API description (OpenAPI 3.1)',
    description: 'This document, for code generators and API tools. Readable at `/api/docs`.',
    auth: 'public',
    success: { status: 200, description: 'An OpenAPI 3.1 document.', schema: openApiResponseSchema },
    errors: [],
  },
];

/** Every code an operation may answer with, INTERNAL included. */
export function operationErrorCodes(op: ApiOperation): ErrorCode[] {
  return [...new Set<ErrorCode>([...op.errors, 'INTERNAL'])];
}

export const AUTH_LABELS: Record<ApiAuth, string> = {
  public: 'None',
  optional: 'Optional (bearer token or session)',
  user: 'Signed-in user (bearer token or session)',
  manager: "Manager of the showtime's cinema, or admin",
  cron: 'Cron secret (bearer)',
  'stripe-signature': 'Stripe signature',
};

// --- the conventions, once: rendered into info.description (Markdown) and by /api/docs ----------

export type GuideBlock =
  | { kind: 'p'; text: string }
  | { kind: 'list'; items: string[] }
  | { kind: 'code'; text: string }
  | { kind: 'table'; caption: string; head: string[]; rows: string[][] };
export type GuideSection = { id: string; title: string; blocks: GuideBlock[] };

export const API_GUIDE: readonly GuideSection[] = [
  {
    id: 'basics',
    title: 'Basics',
    blocks: [
      {
        kind: 'p',
        text: 'The API is JSON over HTTPS under `/api/v1`, plus a few operational endpoints. Send bodies as `Content-Type: application/json`, at most 32 KiB. The server computes every price and decides every seat; clients display what it returns.',
      },
      {
        kind: 'list',
        items: [
          'Money is an integer number of minor units (paise for INR) in fields ending in `Minor`: `25000` is ₹250.00. Rates are basis points, in fields ending in `Bps`: `1800` is 18 %.',
          'Timestamps are ISO-8601 strings in UTC (`2026-05-01T13:30:00.000Z`). Cinemas are in India: show times in `Asia/Kolkata`.',
          'Ids are UUIDs; booking references look like `MQ-7K3F9X2`.',
          'Every response carries `X-Request-Id`; quote it when reporting a problem.',
        ],
      },
      {
        kind: 'p',
        text: 'A typical booking: get the seat map (`GET /api/v1/showtimes/{id}/seats`), hold seats (`POST /api/v1/showtimes/{id}/holds`), optionally quote a promo code (`POST /api/v1/pricing/quote`), pay (`POST /api/v1/holds/{id}/checkout`), then fetch the tickets (`GET /api/v1/bookings/{reference}/tickets.pdf`).',
      },
    ],
  },
  {
    id: 'authentication',
    title: 'Authentication',
    blocks: [
      {
        kind: 'p',
        text: 'Get a token from `POST /api/v1/auth/token` with an email and password, and send it as `Authorization: Bearer <token>`. The token is an encrypted JWT (JWE), valid for one hour. Requests from the Marquee website are authenticated by its sign-in session cookie (`next-auth.session-token`, or `__Secure-next-auth.session-token` over HTTPS) instead; both carry the same token.',
      },
      {
        kind: 'list',
        items: [
          'Roles are re-read from the database on every request (cached for at most 5 seconds), so a changed role, a changed password or a removed account takes effect at once, not when the token expires.',
          'Missing or invalid credentials: `401 UNAUTHENTICATED`. Signed in but not allowed: `403 FORBIDDEN`. Another customer’s booking or hold is `404 NOT_FOUND`, never 403, so references cannot be probed.',
          '`POST /api/cron/expire-holds` takes `Authorization: Bearer <CRON_SECRET>` instead; Stripe’s webhook is authenticated by its signature.',
        ],
      },
      {
        kind: 'p',
        text: 'The curl examples on this page read `$MARQUEE_URL` and `$MARQUEE_TOKEN`. Locally, the demo accounts that `npm start` seeds work (for example `customer@marquee.test`, password `marquee-demo`; `manager@marquee.test` for manager operations).',
      },
      {
        kind: 'code',
        text: [
          'export MARQUEE_URL=http://localhost:3000',
          'curl "$MARQUEE_URL/api/v1/auth/token" \\',
          '  -H "Content-Type: application/json" \\',
          `  -d '{"email":"customer@marquee.test","password":"marquee-demo"}'`,
          '# then, with the accessToken from the answer:',
          'export MARQUEE_TOKEN=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..…',
        ].join('\n'),
      },
    ],
  },
  {
    id: 'errors',
    title: 'Errors',
    blocks: [
      {
        kind: 'p',
        text: 'Every error has the same envelope: `{ "error": { "code": "SEATS_UNAVAILABLE", "message": "A4 is no longer available.", "details": { … } } }`. Switch on `code`, which is stable; show `message`, which is written for people and may change. `details` is optional and code-specific. `429` and `503` responses, and 409s worth retrying, carry `Retry-After` (seconds).',
      },
      {
        kind: 'table',
        caption: 'Error codes',
        head: ['Code', 'Status', 'Meaning'],
        rows: ERROR_CODES.map((code) => [
          `\`${code}\``,
          String(ERROR_STATUS[code]),
          ERROR_DESCRIPTIONS[code],
        ]),
      },
    ],
  },
  {
    id: 'idempotency',
    title: 'Idempotency',
    blocks: [
      {
        kind: 'p',
        text: '`POST /api/v1/holds/{id}/checkout` accepts an `Idempotency-Key` header (8–255 printable ASCII characters; use a fresh UUID per checkout attempt). Keys belong to the user and are kept for 24 hours.',
      },
      {
        kind: 'list',
        items: [
          'Same key, same body: the stored result comes back, the same booking with `201` and `Idempotent-Replayed: true`, and nothing is charged again. A stored client error (such as `402 PAYMENT_DECLINED`) is returned again too.',
          'Same key, different body or hold: `409 IDEMPOTENCY_CONFLICT`.',
          'Same key while the first request is still running: `409 IDEMPOTENCY_CONFLICT` with `Retry-After`; retry after that many seconds.',
          'A server error (5xx) frees the key, so retrying with the same key is always safe.',
        ],
      },
    ],
  },
  {
    id: 'test-cards',
    title: 'Sandbox payments and test cards',
    blocks: [
      {
        kind: 'p',
        text: 'Unless Stripe is configured, payments go to the built-in sandbox provider: pay with `{ "method": "card", "card": { "number", "expMonth", "expYear", "cvc" } }`. No real card is charged. With Stripe configured, pay with `{ "method": "stripe", "paymentMethodId": "pm_…" }` instead.',
      },
      {
        kind: 'table',
        caption: 'Sandbox test cards',
        head: ['Card number', 'Outcome'],
        rows: TEST_CARDS.map((c) => [`\`${c.number}\``, c.description]),
      },
      { kind: 'list', items: [...TEST_CARD_RULES] },
    ],
  },
];

function guideMarkdown(): string {
  const out: string[] = [];
  for (const section of API_GUIDE) {
    out.push(`## ${section.title}`);
    for (const block of section.blocks) {
      if (block.kind === 'p') out.push(block.text);
      else if (block.kind === 'list') out.push(block.items.map((i) => `- ${i}`).join('\n'));
      else if (block.kind === 'code') out.push(`\`\`\`sh\n${block.text}\n\`\`\``);
      else {
        const row = (cells: string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
        out.push([row(block.head), row(block.head.map(() => '---')), ...block.rows.map(row)].join('\n'));
      }
    }
  }
  return out.join('\n\n');
}

// --- building the document -------------------------------------------------------------------

export type JsonSchema = { [key: string]: unknown };

const SCHEMA_REF = '#/components/schemas/';

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    const out: JsonSchema = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = k === '$ref' && typeof v === 'string' ? v.replace(/^#\/\$defs\//, SCHEMA_REF) : rewriteRefs(v);
    }
    return out;
  }
  return value;
}

/** Descriptions on plain fields by naming convention, unless the schema says more. */
function describeByName(ctx: { jsonSchema: JsonSchema; path: (string | number)[]; zodSchema: unknown }) {
  const global = z.globalRegistry.get(ctx.zodSchema as z.ZodType);
  if (global?.description && !ctx.jsonSchema.description) ctx.jsonSchema.description = global.description;
  const key = ctx.path.at(-2) === 'properties' ? ctx.path.at(-1) : undefined;
  if (typeof key !== 'string' || ctx.jsonSchema.description || ctx.jsonSchema.type !== 'integer') return;
  if (key.endsWith('Minor')) ctx.jsonSchema.description = 'Amount in minor units (paise).';
  else if (key.endsWith('Bps')) ctx.jsonSchema.description = 'Basis points (100 = 1 %).';
}

class DocumentBuilder {
  readonly components: Record<string, JsonSchema> = {};

  /** A zod schema as JSON Schema; registered sub-schemas are lifted into components.schemas. */
  schema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
    const json = z.toJSONSchema(schema, {
      target: 'draft-2020-12',
      io,
      metadata: docs,
      // A transform's output has no JSON Schema: documented as "any" rather than failing.
      unrepresentable: 'any',
      override: (ctx) => describeByName(ctx as Parameters<typeof describeByName>[0]),
    }) as JsonSchema;
    const { $schema: _dialect, $defs, ...rest } = json;
    for (const [id, def] of Object.entries(($defs ?? {}) as Record<string, JsonSchema>)) {
      const lifted = rewriteRefs(def) as JsonSchema;
      const existing = this.components[id];
      if (existing && JSON.stringify(existing) !== JSON.stringify(lifted)) {
        throw new Error(`OpenAPI component ${id} differs between uses (input vs output?)`);
      }
      this.components[id] = lifted;
    }
    return rewriteRefs(rest) as JsonSchema;
  }
}

function parametersFor(b: DocumentBuilder, op: ApiOperation): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', op.params],
    ['query', op.query],
  ] as const) {
    if (!schema) continue;
    const json = b.schema(schema, 'input');
    const props = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required ?? []) as string[]);
    const examples = where === 'path' ? op.example?.params : op.example?.query;
    for (const [name, prop] of Object.entries(props)) {
      const { description, ...propSchema } = prop;
      out.push({
        name,
        in: where,
        required: where === 'path' || required.has(name),
        ...(description ? { description } : {}),
        schema: propSchema,
        ...(examples?.[name] !== undefined ? { example: examples[name] } : {}),
      });
    }
  }
  if (op.idempotent) out.push({ $ref: '#/components/parameters/IdempotencyKey' });
  for (const h of op.headers ?? []) {
    out.push({
      name: h.name,
      in: 'header',
      required: h.required,
      description: h.description,
      schema: { type: 'string' },
      example: h.example,
    });
  }
  return out;
}

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  402: 'Payment declined',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable',
  429: 'Too many requests',
  500: 'Internal error',
  503: 'Busy',
};

function errorResponses(op: ApiOperation): Record<string, JsonSchema> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of operationErrorCodes(op)) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const out: Record<string, JsonSchema> = {};
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const retryAfter = status === 429 || status === 503 || (status === 409 && op.idempotent);
    out[String(status)] = {
      description: `${STATUS_TEXT[status] ?? 'Error'}: ${codes.map((c) => `\`${c}\` ${ERROR_DESCRIPTIONS[c]}`).join(' ')}`,
      headers: {
        'X-Request-Id': { $ref: '#/components/headers/XRequestId' },
        ...(retryAfter ? { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } : {}),
      },
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: `${SCHEMA_REF}Error` },
              { properties: { error: { properties: { code: { enum: codes } } } } },
            ],
          },
        },
      },
      'x-error-codes': codes,
    };
  }
  return out;
}

function securityFor(auth: ApiAuth): JsonSchema[] {
  switch (auth) {
    case 'user':
    case 'manager':
      return [{ bearerAuth: [] }, { sessionCookie: [] }];
    case 'optional':
      return [{}, { bearerAuth: [] }, { sessionCookie: [] }];
    case 'cron':
      return [{ cronBearer: [] }];
    default:
      return [];
  }
}

function successResponse(b: DocumentBuilder, op: ApiOperation): JsonSchema {
  const s = op.success;
  const headers: JsonSchema = { 'X-Request-Id': { $ref: '#/components/headers/XRequestId' } };
  if (op.idempotent) headers['Idempotent-Replayed'] = { $ref: '#/components/headers/IdempotentReplayed' };
  if (s.disposition) {
    headers['Content-Disposition'] = { schema: { type: 'string' }, example: s.disposition };
  }
  const content: JsonSchema | undefined = s.schema
    ? { 'application/json': { schema: b.schema(s.schema, 'output') } }
    : s.contentType === 'application/pdf'
      ? { 'application/pdf': { schema: { type: 'string', contentMediaType: 'application/pdf' } } }
      : s.contentType
        ? { [s.contentType]: { schema: { type: 'string' } } }
        : undefined;
  return { description: s.description, headers, ...(content ? { content } : {}) };
}

function buildDocument(): JsonSchema {
  const b = new DocumentBuilder();
  b.schema(errorEnvelopeSchema, 'output');
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const op of API_OPERATIONS) {
    const parameters = parametersFor(b, op);
    const requestBody = op.body
      ? {
          required: true,
          ...(op.rawBody ? { description: 'Forwarded as received; verified by its signature.' } : {}),
          content: {
            'application/json': {
              schema: b.schema(op.body, 'input'),
              ...(op.example?.body !== undefined ? { example: op.example.body } : {}),
            },
          },
        }
      : undefined;
    const entry: JsonSchema = {
      operationId: op.operationId,
      tags: [op.tag],
      summary: op.summary,
      description: op.description,
      security: securityFor(op.auth),
      'x-auth': op.auth,
      ...(parameters.length ? { parameters } : {}),
      ...(requestBody ? { requestBody } : {}),
      responses: { [String(op.success.status)]: successResponse(b, op), ...errorResponses(op) },
    };
    const item = paths[op.path] ?? {};
    item[op.method] = entry;
    paths[op.path] = item;
  }
  const schemas = Object.fromEntries(Object.entries(b.components).sort(([x], [y]) => x.localeCompare(y)));
  return {
    openapi: '3.1.1',
    info: {
      title: 'Marquee REST API',
      version: '1.0.0',
      summary: 'Reserved-seat cinema ticketing: seat maps, holds, checkout, bookings.',
      description: guideMarkdown(),
      license: { name: 'Open source; see the repository' },
    },
    servers: [{ url: '/', description: 'This Marquee server' }],
    tags: Object.entries(API_TAGS).map(([name, description]) => ({ name, description })),
    paths: Object.fromEntries(Object.entries(paths).sort(([x], [y]) => x.localeCompare(y))),
    components: {
      schemas,
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWE',
          description:
            'A token from `POST /api/v1/auth/token`, valid for one hour. The website session cookie carries the same token (see `sessionCookie`).',
        },
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'next-auth.session-token',
          description:
            'The Marquee website’s sign-in session (`__Secure-next-auth.session-token` over HTTPS); used by browsers on the site itself.',
        },
        cronBearer: {
          type: 'http',
          scheme: 'bearer',
          description:
            'The `CRON_SECRET` configured on the server; without one, cron endpoints refuse everyone.',
        },
      },
      parameters: {
        IdempotencyKey: {
          name: 'Idempotency-Key',
          in: 'header',
          required: false,
          description:
            'Makes the request safe to retry: the same key with the same body returns the stored result (with `Idempotent-Replayed: true`); with a different body, `409 IDEMPOTENCY_CONFLICT`; while the first request runs, `409 IDEMPOTENCY_CONFLICT` with `Retry-After`. Keys are per user and kept for 24 hours.',
          schema: b.schema(idempotencyKeySchema, 'input'),
          example: '6f1c2f57-3b5e-4f8e-9d0a-7c4b2e1f9a38',
        },
      },
      headers: {
        RetryAfter: {
          description: 'Seconds to wait before retrying.',
          schema: { type: 'integer', minimum: 0 },
        },
        IdempotentReplayed: {
          description:
            'Present (`true`) when this is the stored response of an earlier request with the same Idempotency-Key.',
          schema: { type: 'string', enum: ['true'] },
        },
        XRequestId: {
          description: 'Identifies the request in the server’s logs; quote it when reporting a problem.',
          schema: { type: 'string', format: 'uuid' },
        },
      },
    },
  };
}

let memo: JsonSchema | undefined;

/** The OpenAPI 3.1 document (built once per process; treat it as read-only). */
export function openApiDocument(): JsonSchema {
  memo ??= buildDocument();
  return memo;
}

/**
 * A sample value for a JSON Schema, for example responses. Deterministic; resolves component
 * $refs; picks the first branch of a union (not null, when there is another).
 */
export function exampleFromSchema(
  schema: unknown,
  doc: JsonSchema = openApiDocument(),
  key = '',
  depth = 0,
): unknown {
  if (!schema || typeof schema !== 'object' || depth > 12) return null;
  const s = schema as JsonSchema;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.slice(SCHEMA_REF.length);
    const schemas = (doc.components as { schemas: Record<string, JsonSchema> }).schemas;
    return exampleFromSchema(schemas[name], doc, key, depth + 1);
  }
  if (s.examples && Array.isArray(s.examples) && s.examples.length) return s.examples[0];
  if (s.const !== undefined) return s.const;
  if (Array.isArray(s.enum)) return s.enum[0];
  const branches = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (branches) {
    const first = branches.find((x) => (x as JsonSchema).type !== 'null') ?? branches[0];
    return exampleFromSchema(first, doc, key, depth + 1);
  }
  if (Array.isArray(s.allOf)) {
    return exampleFromSchema(s.allOf[0], doc, key, depth + 1);
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'null') : s.type;
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      return Object.fromEntries(
        Object.entries(props).map(([k, v]) => [k, exampleFromSchema(v, doc, k, depth + 1)]),
      );
    }
    case 'array': {
      const n = Math.max(1, typeof s.minItems === 'number' ? s.minItems : 1);
      return Array.from({ length: n }, () => exampleFromSchema(s.items, doc, key, depth + 1));
    }
    case 'integer':
    case 'number': {
      const preferred = key.endsWith('Minor')
        ? 25000
        : key.endsWith('Bps')
          ? 1800
          : key === 'version'
            ? 42
            : 1;
      const min = typeof s.minimum === 'number' ? s.minimum : Number.NEGATIVE_INFINITY;
      const max = typeof s.maximum === 'number' ? s.maximum : Number.POSITIVE_INFINITY;
      return Math.min(max, Math.max(min, preferred));
    }
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'string':
      return exampleString(s, key);
    default:
      return null;
  }
}

function exampleString(s: JsonSchema, key: string): string {
  if (s.format === 'uuid') return '3f2b8c1e-5d4a-4b6c-9e8f-0a1b2c3d4e5f';
  if (s.format === 'date-time') return '2026-05-01T13:30:00.000Z';
  if (s.format === 'email') return 'customer@marquee.test';
  if (key === 'currency') return 'INR';
  if (key === 'reference') return EXAMPLE.reference;
  const min = typeof s.minLength === 'number' ? s.minLength : 0;
  const max = typeof s.maxLength === 'number' ? s.maxLength : Number.POSITIVE_INFINITY;
  const base = key || 'string';
  const padded = base.length < min ? base.padEnd(min, 'x') : base;
  return padded.slice(0, Math.min(max, padded.length));
}
