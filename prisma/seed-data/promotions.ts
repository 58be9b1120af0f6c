import { DiscountKind, PricingRuleKind } from '@/prisma/generated/enums';

// Dynamic pricing rules and promo codes. All rules are global (cinemaSlug null); money is paise,
// adjustments are basis points of the base price.

export type PricingRuleSeed = {
  name: string;
  kind: PricingRuleKind;
  adjustmentBps: number;
  daysOfWeek?: number[];
  startMinute?: number;
  endMinute?: number;
  minOccupancyBps?: number;
  capBps?: number;
};

export const PRICING_RULES: readonly PricingRuleSeed[] = [
  {
    name: 'Matinee saver (shows before noon)',
    kind: PricingRuleKind.TIME_OF_DAY,
    adjustmentBps: -2000,
    startMinute: 0,
    endMinute: 12 * 60,
  },
  {
    name: 'Weekend',
    kind: PricingRuleKind.DAY_OF_WEEK,
    adjustmentBps: 1000,
    // ISO weekdays: Saturday and Sunday.
    daysOfWeek: [6, 7],
  },
  {
    name: 'High demand',
    kind: PricingRuleKind.OCCUPANCY,
    adjustmentBps: 1500,
    minOccupancyBps: 7000,
    capBps: 2500,
  },
];

export type PromoCodeSeed = {
  code: string;
  description: string;
  kind: DiscountKind;
  value: number;
  maxDiscountMinor?: number;
  minSeats?: number;
  maxRedemptions?: number;
  maxPerUser?: number;
  /** Scopes the code to one cinema. */
  cinemaSlug?: string;
};

export const PROMO_CODES: readonly PromoCodeSeed[] = [
  {
    code: 'WELCOME10',
    description: '10% off your booking, up to ₹150',
    kind: DiscountKind.PERCENT,
    value: 1000,
    maxDiscountMinor: 15_000,
  },
  {
    code: 'FLAT100',
    description: '₹100 off when you book 2 or more seats',
    kind: DiscountKind.FIXED,
    value: 10_000,
    minSeats: 2,
  },
  {
    code: 'MUMBAI50',
    description: '50% off at Marquee Mill Compound, Lower Parel (first 100 bookings)',
    kind: DiscountKind.PERCENT,
    value: 5000,
    maxRedemptions: 100,
    cinemaSlug: 'marquee-mill-compound-lower-parel',
  },
];

/** Promo codes are valid from a day before the seed to this many days after it. */
export const PROMO_VALID_DAYS = 60;
