import 'server-only';
import {
  bookingResponseSchema,
  checkoutRequestSchema,
  idParamsSchema,
  paymentIdParamsSchema,
  paymentStartRequestSchema,
  paymentStartResponseSchema,
} from '@/lib/schemas/booking';
import { TEST_CARDS } from '@/lib/test-cards';
import { BODY_ERRORS, operation, reply } from '@/server/api/operation';
import { EXAMPLE } from '@/server/api/responses';
import { checkout, confirmPayment, startPayment } from '@/server/booking/checkout';
import { releaseHold } from '@/server/booking/release-hold';

const testCard = TEST_CARDS.find((c) => c.outcome === 'succeeded') ?? TEST_CARDS[0];

export const releaseHoldOp = operation({
  operationId: 'releaseHold',
  method: 'delete',
  path: '/api/v1/holds/{id}',
  tag: 'Holds',
  summary: 'Release a hold',
  description:
    "Gives the held seats back at once. Releasing a hold that already ended is a no-op (still 204). Someone else's hold is 404.",
  auth: {},
  params: idParamsSchema,
  success: { status: 204, description: 'Released (or already ended).' },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND', 'HOLD_NOT_ACTIVE', 'BUSY'],
  example: { params: { id: EXAMPLE.holdId } },
  handler: async ({ params, viewer }) => {
    await releaseHold({ userId: viewer.id, holdId: params.id });
  },
});

export const checkoutHoldOp = operation({
  operationId: 'checkoutHold',
  method: 'post',
  path: '/api/v1/holds/{id}/checkout',
  tag: 'Holds',
  summary: 'Pay for a hold and book it',
  description:
    'Charges the payment method for the held seats (with the promo code, if any) and turns the hold into a confirmed booking with tickets. A declined payment releases the seats (402 PAYMENT_DECLINED). If the booking cannot be completed after a successful charge, the charge is reversed in full. Send an `Idempotency-Key` so that a retry after a timeout returns the same booking instead of charging twice.',
  auth: {},
  idempotent: true,
  params: idParamsSchema,
  body: checkoutRequestSchema,
  success: { status: 201, description: 'The confirmed booking.', schema: bookingResponseSchema },
  errors: [
    ...BODY_ERRORS,
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
  handler: async ({ params, body, viewer, idempotencyKey }) => {
    const result = await checkout({ userId: viewer.id, holdId: params.id, ...body, idempotencyKey });
    return reply({
      status: result.status,
      json: result.booking,
      headers: result.replayed ? { 'idempotent-replayed': 'true' } : {},
    });
  },
});

export const startPaymentOp = operation({
  operationId: 'startPayment',
  method: 'post',
  path: '/api/v1/holds/{id}/payment',
  tag: 'Holds',
  summary: 'Start paying with Stripe in the browser',
  description:
    "When Stripe takes payments: creates a PaymentIntent for the hold's final price (with the promo code, if any; the amount comes from the server only) for Stripe's Payment Element to confirm with `stripe.confirmPayment({ elements, clientSecret })`; then call `POST /api/v1/payments/{paymentId}/confirm`. The hold is kept for the bank's 3-D Secure challenge; while the payment is open the hold cannot be released or replaced. Calling it again stops the open attempt and starts a new one, unless that attempt already paid (then `status: booked` with the reference). With the sandbox provider: 409 CONFLICT (pay with `POST /api/v1/holds/{id}/checkout`).",
  auth: {},
  params: idParamsSchema,
  body: paymentStartRequestSchema,
  success: {
    status: 201,
    description: 'A PaymentIntent to confirm, or the booking an earlier attempt made.',
    schema: paymentStartResponseSchema,
  },
  errors: [
    ...BODY_ERRORS,
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
  handler: ({ params, body, viewer }) =>
    startPayment({ userId: viewer.id, holdId: params.id, promoCode: body.promoCode }),
});

export const confirmPaymentOp = operation({
  operationId: 'confirmPayment',
  method: 'post',
  path: '/api/v1/payments/{id}/confirm',
  tag: 'Holds',
  summary: 'Book a payment the browser confirmed',
  description:
    "After Stripe.js confirmed the PaymentIntent (successfully or not), ask the server to settle it: it reads the PaymentIntent from Stripe and books the seats exactly once, whether or not Stripe's webhook was first (then it returns that booking). A decline is 402 PAYMENT_DECLINED (the seats are released); a payment the bank is still deciding is 409 PAYMENT_PENDING (retry, or wait for the confirmation email); if the hold ended before the payment completed, the money is refunded in full and the answer says so.",
  auth: {},
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
  handler: ({ params, viewer }) => confirmPayment({ userId: viewer.id, paymentId: params.id }),
});
