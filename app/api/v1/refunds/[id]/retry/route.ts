import { refundIdSchema } from '@/lib/schemas/admin';
import { route } from '@/server/http/route';
import { retryRefund } from '@/server/refunds/retry-refund';

// Managers of the refund's cinema (checked in the use case) and admins, after 2FA.
export const POST = route(
  { auth: { roles: ['MANAGER'] }, strongAuth: true, params: refundIdSchema },
  ({ params, viewer }) => retryRefund({ viewer, refundId: params.id }),
);
