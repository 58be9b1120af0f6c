'use server';

import { refundIdSchema } from '@/lib/schemas/admin';
import { action } from '@/server/http/action';
import { retryRefund } from '@/server/refunds/retry-refund';

/** Managers and admins, after 2FA: a refund that ran out of automatic retries, tried again. */
export const retryRefundAction = action(
  { input: refundIdSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => retryRefund({ viewer, refundId: input.id }),
);
