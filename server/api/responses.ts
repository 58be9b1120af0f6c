import 'server-only';
import { z } from 'zod';
import { ERROR_STATUS, type ErrorCode } from '@/lib/errors';
import { bookingResponseSchema, type tokenResponseSchema } from '@/lib/schemas/booking';
import type { issueApiToken } from '@/server/auth/issue-api-token';
import type { cancelBooking } from '@/server/booking/cancel-booking';
import type { cancelShowtime } from '@/server/booking/cancel-showtime';
import type { expireHolds } from '@/server/booking/expire-holds';
import type { listBookings } from '@/server/booking/list-bookings';
import type { handleStripeWebhook } from '@/server/booking/stripe-webhook';
import type { checkLiveness, checkReadiness } from '@/server/health/readiness';

// Answers of operations whose use cases have no schema of their own in lib/schemas, and the error
// envelope. The type checks at the end fail to compile if a use case's return type drifts from
// what is declared here (and in tests every answer is checked against its schema at run time).

export const ERROR_CODES = Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]];

export const errorEnvelopeSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export const bookingListResponseSchema = z.object({
  bookings: z.array(bookingResponseSchema),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
});
export const cancelBookingResponseSchema = z.object({
  booking: bookingResponseSchema,
  refund: z.object({ amountMinor: z.number().int(), status: z.string() }).nullable(),
});
export const checkInResponseSchema = z.object({
  ticketId: z.uuid(),
  reference: z.string(),
  /** The short code printed under the ticket's QR code. */
  code: z.string(),
  seat: z.string(),
  /** Whose ticket, as the booking has it. */
  customer: z.string().nullable(),
  door: z.string().nullable(),
  movie: z.string(),
  screen: z.string(),
  startsAt: z.iso.datetime(),
  checkedInAt: z.iso.datetime(),
});
export const cancelShowtimeResponseSchema = z.object({
  bookingsCancelled: z.number().int(),
  holdsReleased: z.number().int(),
  refundsSucceeded: z.number().int(),
  refundsPending: z.number().int(),
});
export const expireHoldsResponseSchema = z.object({ holds: z.number().int(), showtimes: z.number().int() });
const healthCheckSchema = z.object({
  status: z.enum(['ok', 'fail', 'skipped']).meta({
    description: '`skipped`: not configured here (Redis, SMTP) or not run in this process.',
  }),
  ms: z.number().int().meta({ description: 'How long the check took.' }),
  detail: z.string().optional().meta({ description: 'Why it failed, or what it found; for people.' }),
});
export const readinessResponseSchema = z.object({
  status: z.enum(['ok', 'fail', 'draining']).meta({
    description: '`draining`: the instance is shutting down and wants no new traffic.',
  }),
  database: z.enum(['ok', 'fail']),
  time: z.iso.datetime(),
  checks: z.object({
    shutdown: healthCheckSchema,
    database: healthCheckSchema,
    migrations: healthCheckSchema,
    scheduler: healthCheckSchema,
    redis: healthCheckSchema,
    smtp: healthCheckSchema,
  }),
});
export const livenessResponseSchema = z.object({
  status: z.literal('ok'),
  uptimeSeconds: z.number().int(),
  time: z.iso.datetime(),
});
export const webhookResponseSchema = z.object({ received: z.literal(true) });
export const openApiResponseSchema = z.record(z.string(), z.unknown());
export const refundRetryResponseSchema = z.object({
  id: z.uuid(),
  status: z.enum(['PENDING', 'SUCCEEDED', 'FAILED']),
});

/** The body Stripe posts; only documented: the handler verifies the raw bytes. */
export const stripeEventSchema = z
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
  Check<Same<z.output<typeof readinessResponseSchema>, Awaited<ReturnType<typeof checkReadiness>>>>,
  Check<Same<z.output<typeof livenessResponseSchema>, ReturnType<typeof checkLiveness>>>,
  Check<Same<z.output<typeof webhookResponseSchema>, Awaited<ReturnType<typeof handleStripeWebhook>>>>,
  Check<Same<z.output<typeof tokenResponseSchema>, Awaited<ReturnType<typeof issueApiToken>>>>,
];

/** Example ids for the document. */
export const EXAMPLE = {
  showtimeId: '0d6f1f5e-8c4b-4f7a-9a39-2f1d7c3b5a10',
  seatA: '5b0b7c52-1e0d-4d8e-9d3c-6c9b8e2f4a01',
  seatB: '5b0b7c52-1e0d-4d8e-9d3c-6c9b8e2f4a02',
  holdId: '8e2a4c1d-3b5f-4e6a-8c7d-9f0a1b2c3d4e',
  paymentId: '3c9d2e7f-6a1b-4c8d-9e0f-1a2b3c4d5e6f',
  refundId: '7f6e5d4c-3b2a-4190-8f7e-6d5c4b3a2910',
  reference: 'MQ-7K3F9X2',
  cinemaId: 'a1c2e3f4-5b6d-4e7f-8a9b-0c1d2e3f4a5b',
  screenId: 'b2d3f4a5-6c7e-4f8a-9b0c-1d2e3f4a5b6c',
  movieId: 'c3e4a5b6-7d8f-4a9b-8c1d-2e3f4a5b6c7d',
  pricingRuleId: 'd4f5a6b7-8e9a-4b0c-9d2e-3f4a5b6c7d8e',
  promoCodeId: 'e5a6b7c8-9f0a-4c1d-8e3f-4a5b6c7d8e9f',
} as const;
