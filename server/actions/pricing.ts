'use server';

import { priceCardInputSchema } from '@/lib/schemas/pricing-admin';
import { action } from '@/server/http/action';
import { savePriceCard } from '@/server/pricing/save-price-card';

// Server actions of the prices page; each is the twin of a REST operation in
// server/api/operations/price-card.ts and calls the same use case.

export const savePriceCardAction = action(
  { input: priceCardInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, ...body }, { viewer }) => savePriceCard({ viewer, cinemaId, body }),
);
