import 'server-only';
import { operation, reply } from '@/server/api/operation';
import {
  EXAMPLE,
  expireHoldsResponseSchema,
  healthResponseSchema,
  openApiResponseSchema,
  stripeEventSchema,
  webhookResponseSchema,
} from '@/server/api/responses';
import { expireHolds } from '@/server/booking/expire-holds';
import { handleStripeWebhook } from '@/server/booking/stripe-webhook';
import { checkHealth } from '@/server/health/check-health';

export const getHealthOp = operation({
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
  handler: () => checkHealth(),
});

export const getOpenApiDocumentOp = operation({
  operationId: 'getOpenApiDocument',
  method: 'get',
  path: '/api/openapi.json',
  tag: 'Operations',
  summary: 'This API description (OpenAPI 3.1)',
  description: 'This document, for code generators and API tools. Readable at `/api/docs`.',
  auth: 'public',
  success: { status: 200, description: 'An OpenAPI 3.1 document.', schema: openApiResponseSchema },
  errors: [],
  handler: async () => {
    // Imported here: the document is built from the registry that lists this operation.
    const { openApiDocument } = await import('@/server/api/openapi');
    return reply({ json: openApiDocument(), headers: { 'cache-control': 'public, max-age=300' } });
  },
});

export const expireHoldsOp = operation({
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
  // For an external scheduler; the custom server also runs the same sweep every few seconds.
  handler: () => expireHolds(),
});

export const stripeWebhookOp = operation({
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
  handler: ({ rawBody, headers }) => handleStripeWebhook(rawBody, headers.get('stripe-signature')),
});
