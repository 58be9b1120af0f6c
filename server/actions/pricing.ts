'use server';

import {
  globalRuleParamsSchema,
  priceCardInputSchema,
  pricingRuleParamsSchema,
  savePricingRuleBodySchema,
  savePricingRuleInputSchema,
  seatPricePreviewInputSchema,
} from '@/lib/schemas/pricing-admin';
import { action } from '@/server/http/action';
import { deletePricingRule, previewSeatPrice, savePricingRule } from '@/server/pricing/pricing-rules';
import { savePriceCard } from '@/server/pricing/save-price-card';

// Server actions of the prices page; each is the twin of a REST operation in
// server/api/operations/price-card.ts and calls the same use case.

export const savePriceCardAction = action(
  { input: priceCardInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, ...body }, { viewer }) => savePriceCard({ viewer, cinemaId, body }),
);

export const savePricingRuleAction = action(
  { input: savePricingRuleInputSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, ...body }, { viewer }) => savePricingRule({ viewer, cinemaId, body }),
);

export const deletePricingRuleAction = action(
  { input: pricingRuleParamsSchema, auth: { roles: ['MANAGER'] }, strongAuth: true },
  ({ cinemaId, ruleId }, { viewer }) => deletePricingRule({ viewer, cinemaId, ruleId }),
);

/** Rules of every cinema: admins only. */
export const saveGlobalPricingRuleAction = action(
  { input: savePricingRuleBodySchema, auth: { roles: ['ADMIN'] }, strongAuth: true },
  (body, { viewer }) => savePricingRule({ viewer, cinemaId: null, body }),
);

export const deleteGlobalPricingRuleAction = action(
  { input: globalRuleParamsSchema, auth: { roles: ['ADMIN'] }, strongAuth: true },
  ({ ruleId }, { viewer }) => deletePricingRule({ viewer, cinemaId: null, ruleId }),
);

/** A read: no second factor (the page asks for it anyway). */
export const previewSeatPriceAction = action(
  { input: seatPricePreviewInputSchema, auth: { roles: ['MANAGER'] } },
  ({ cinemaId, ...query }, { viewer }) => previewSeatPrice({ viewer, cinemaId, query }),
);
