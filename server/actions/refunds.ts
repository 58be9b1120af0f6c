'use server';

import { refundIdSchema } from '@/lib/schemas/admin';
import { settleCounterRefund } from '@/server/boxoffice/settle-counter-refund';
import { action } from '@/server/http/action';
import { retryRefund } from '@/server/refunds/retry-refund';

/** Managers and admins, after 2FA: a refund that ran out of automatic retries, tried again. */
export const retryRefundAction = action(
  { input: refundIdSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  (input, { viewer }) => retryRefund({ viewer, refundId: input.id }),
);

/** Staff and managers of the cinema (managers after 2FA), admins: a counter refund handed over. */
export const settleCounterRefundAction = action(
  { input: refundIdSchema, auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true },
  (input, { viewer }) => settleCounterRefund({ viewer, refundId: input.id }),
);
