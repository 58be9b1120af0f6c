import { checkoutRequestSchema, idempotencyKeySchema, idParamsSchema } from '@/lib/schemas/booking';
import { checkout } from '@/server/booking/checkout';
import { json, route } from '@/server/http/route';

export const POST = route(
  { auth: {}, params: idParamsSchema, body: checkoutRequestSchema },
  async ({ req, params, body, viewer }) => {
    const header = req.headers.get('idempotency-key');
    const idempotencyKey = header === null ? undefined : idempotencyKeySchema.parse(header);
    const result = await checkout({ userId: viewer.id, holdId: params.id, ...body, idempotencyKey });
    return json(result.booking, {
      status: result.status,
      headers: result.replayed ? { 'idempotent-replayed': 'true' } : {},
    });
  },
);
