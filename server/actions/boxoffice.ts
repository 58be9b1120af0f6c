'use server';

import {
  closeTillSchema,
  counterSaleSchema,
  openTillSchema,
  refundCounterBookingSchema,
} from '@/lib/schemas/boxoffice';
import { closeTill } from '@/server/boxoffice/close-till';
import { openTill } from '@/server/boxoffice/open-till';
import { refundCounterBooking } from '@/server/boxoffice/refund-counter-booking';
import { sellAtCounter } from '@/server/boxoffice/sell-at-counter';
import { action } from '@/server/http/action';

// The box office's writes, twins of the REST operations in server/api/operations/boxoffice.ts.
// Staff sell without a second factor (as at the door: shared counter devices; they can move only
// their own till's money); managers and admins after 2FA (strongAuth exempts staff).

const COUNTER = { auth: { roles: ['STAFF', 'MANAGER'] }, strongAuth: true } as const;

export const sellAtCounterAction = action({ input: counterSaleSchema, ...COUNTER }, (input, { viewer }) =>
  sellAtCounter({ viewer, ...input }),
);

export const refundCounterBookingAction = action(
  { input: refundCounterBookingSchema, ...COUNTER },
  (input, { viewer }) => refundCounterBooking({ viewer, ...input }),
);

export const openTillAction = action({ input: openTillSchema, ...COUNTER }, (input, { viewer }) =>
  openTill({ viewer, ...input }),
);

export const closeTillAction = action({ input: closeTillSchema, ...COUNTER }, (input, { viewer }) =>
  closeTill({ viewer, ...input }),
);
