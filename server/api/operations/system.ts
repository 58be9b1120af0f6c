import 'server-only';
import { operation, reply } from '@/server/api/operation';
import {
  EXAMPLE,
  expireHoldsResponseSchema,
  livenessResponseSchema,
  openApiResponseSchema,
  readinessResponseSchema,
  stripeEventSchema,
  webhookResponseSchema,
} from '@/server/api/responses';
import { expireHolds } from '@/server/booking/expire-holds';
import { handleStripeWebhook } from '@/server/booking/stripe-webhook';
import { checkLiveness, checkReadiness } from '@/server/health/readiness';

/** 503 with the same report when a check fails or the instance is draining. */
async function readiness() {
  const report = await checkReadiness();
  return report.status === 'ok' ? report : reply({ status: 503, json: report });
}

const READINESS_CHECKS =
  'Checks, each with its state and time: `database` (answers within 2 s), `migrations` (every migration shipped with this build is applied), `scheduler` (the job timers are alive and no job run is stuck), `redis` (Upstash answers a ping, when configured), `smtp` (the mail server accepts a connection and greeting, when configured; cached 30 s, as is Redis), `shutdown` (fails from SIGTERM on, while the instance drains). The body names no host, address or secret.';

const READINESS_SUCCESS = {
  status: 200,
  description: 'Ready.',
  schema: readinessResponseSchema,
  unavailable: 'Not ready: a check failed (named in `checks`) or the instance is draining.',
};

export const getReadinessOp = operation({
  operationId: 'getReadiness',
  method: 'get',
  path: '/api/health/ready',
  tag: 'Operations',
  summary: 'Readiness: may this instance take traffic?',
  description: `For load balancers and orchestrators (readiness probe). 200 when every check passes; 503 with the same report when one fails or the instance is shutting down. ${READINESS_CHECKS}`,
  auth: 'public',
  success: READINESS_SUCCESS,
  errors: [],
  handler: readiness,
});

export const getLivenessOp = operation({
  operationId: 'getLiveness',
  method: 'get',
  path: '/api/health/live',
  tag: 'Operations',
  summary: 'Liveness: is the process up?',
  description:
    'For orchestrators (liveness probe): 200 while the process answers requests, without touching the database, so a database outage never gets healthy instances restarted. Still 200 while the instance drains.',
  auth: 'public',
  success: { status: 200, description: 'The process is up.', schema: livenessResponseSchema },
  errors: [],
  handler: async () => checkLiveness(),
});

export const getHealthOp = operation({
  operationId: 'getHealth',
  method: 'get',
  path: '/api/health',
  tag: 'Operations',
  summary: 'Health check (readiness)',
  description: `The first health endpoint, kept for existing load balancers and uptime checks: the same answer as \`/api/health/ready\`. ${READINESS_CHECKS}`,
  auth: 'public',
  success: READINESS_SUCCESS,
  errors: [],
  handler: readiness,
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
