'use server';

import { createPromoInputSchema, updatePromoInputSchema } from '@/lib/schemas/promos';
import { action } from '@/server/http/action';
import { createPromo } from '@/server/promos/create-promo';
import { updatePromo } from '@/server/promos/update-promo';

// Server actions for the promo codes' admin pages, the twins of the REST operations in
// server/api/operations/promos.ts. Who may do what is the use cases' (server/promos/promo-access.ts).

const MANAGERS = { roles: ['MANAGER'] } as const;

export const createPromoAction = action(
  { input: createPromoInputSchema, auth: MANAGERS, strongAuth: true },
  (input, { viewer }) => createPromo({ viewer, input }),
);

export const updatePromoAction = action(
  { input: updatePromoInputSchema, auth: MANAGERS, strongAuth: true },
  (input, { viewer }) => updatePromo({ viewer, input }),
);
