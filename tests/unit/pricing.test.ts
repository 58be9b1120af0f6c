import { describe, expect, it } from 'vitest';
import type { ContextSeat, PricingRuleRow, ShowtimeContext } from '@/server/booking/showtime-context';
import {
  applicableRules,
  customerRefundMinor,
  priceSelection,
  roundDiv,
  withDiscount,
} from '@/server/pricing/price-selection';

const seat = (id: string, category: ContextSeat['category'] = 'STANDARD') =>
  ({ id, label: id, category }) as ContextSeat;
const rules: PricingRuleRow[] = [
  {
    name: 'Matinee',
    kind: 'TIME_OF_DAY',
    adjustmentBps: -2000,
    daysOfWeek: [],
    startMinute: 0,
    endMinute: 720,
    minOccupancyBps: null,
    capBps: null,
  },
  {
    name: 'Weekend',
    kind: 'DAY_OF_WEEK',
    adjustmentBps: 1000,
    daysOfWeek: [6, 7],
    startMinute: null,
    endMinute: null,
    minOccupancyBps: null,
    capBps: null,
  },
  {
    name: 'Busy',
    kind: 'OCCUPANCY',
    adjustmentBps: 1500,
    daysOfWeek: [],
    startMinute: null,
    endMinute: null,
    minOccupancyBps: 5000,
    capBps: 2500,
  },
  {
    name: 'Packed',
    kind: 'OCCUPANCY',
    adjustmentBps: 4000,
    daysOfWeek: [],
    startMinute: null,
    endMinute: null,
    minOccupancyBps: 9000,
    capBps: 2500,
  },
];
function ctx(startsAt: string, extra: Partial<ShowtimeContext['cinema']> = {}) {
  return {
    prices: new Map([
      ['STANDARD', 25_000],
      ['PREMIUM', 35_000],
    ]),
    rules,
    startsAt: new Date(startsAt),
    cinema: { timeZone: 'Asia/Kolkata', bookingFeeMinor: 3_000, taxRateBps: 1_800, ...extra },
  } as unknown as ShowtimeContext;
}

describe('pricing', () => {
  it('rounds half up in integer arithmetic', () => {
    expect([roundDiv(5, 2), roundDiv(4, 2), roundDiv(7, 4), roundDiv(1, 3)]).toEqual([3, 2, 2, 0]);
  });

  it('applies time rules in the cinema’s local time (IST), not UTC', () => {
    // 05:30 UTC is 11:00 in India: a matinee. On a Saturday.
    const sat = applicableRules(rules, new Date('2030-01-05T05:30:00Z'), 'Asia/Kolkata', 0);
    expect(sat.map((r) => r.name)).toEqual(['Matinee', 'Weekend']);
    // 07:00 UTC is 12:30 IST: not a matinee any more, although it is still morning in UTC.
    expect(applicableRules(rules, new Date('2030-01-07T07:00:00Z'), 'Asia/Kolkata', 0)).toEqual([]);
  });

  it('lets only the strongest occupancy rule apply, never above its cap', () => {
    const mid = applicableRules(rules, new Date('2030-01-07T14:00:00Z'), 'Asia/Kolkata', 6000);
    expect(mid).toEqual([{ name: 'Busy', kind: 'OCCUPANCY', adjustmentBps: 1500 }]);
    const full = applicableRules(rules, new Date('2030-01-07T14:00:00Z'), 'Asia/Kolkata', 9500);
    expect(full).toEqual([{ name: 'Packed', kind: 'OCCUPANCY', adjustmentBps: 2500 }]);
  });

  it('builds a breakdown whose parts add up, with fee per seat and GST on the discounted price and fee', () => {
    const p = priceSelection({
      ctx: ctx('2030-01-07T14:00:00Z'),
      seats: [seat('A1'), seat('B1', 'PREMIUM')],
      occupancyBps: 0,
      discount: (subtotal) => ({ code: 'TEN', description: '10%', amountMinor: roundDiv(subtotal, 10) }),
    });
    expect(p.seats.map((s) => s.priceMinor)).toEqual([25_000, 35_000]);
    expect(p.subtotalMinor).toBe(60_000);
    expect(p.discount?.amountMinor).toBe(6_000);
    expect(p.feeMinor).toBe(6_000);
    expect(p.feeTaxMinor).toBe(1_080);
    expect(p.taxMinor).toBe(roundDiv(54_000 * 1800, 10_000) + 1_080);
    expect(p.totalMinor).toBe(60_000 - 6_000 + 6_000 + p.taxMinor);
    expect(customerRefundMinor(p)).toBe(p.totalMinor - 6_000 - 1_080);
  });

  it('rounds adjusted seat prices to whole rupees and never below zero', () => {
    const matineeWeekend = priceSelection({
      ctx: ctx('2030-01-05T05:30:00Z'),
      seats: [seat('A1')],
      occupancyBps: 0,
    });
    expect(matineeWeekend.seats[0]).toMatchObject({
      baseMinor: 25_000,
      adjustmentBps: -1000,
      priceMinor: 22_500,
    });
    const odd = priceSelection({ ctx: ctx('2030-01-07T14:00:00Z'), seats: [seat('A1')], occupancyBps: 6000 });
    expect(odd.seats[0]!.priceMinor % 100).toBe(0);
    const free = {
      ...ctx('2030-01-07T14:00:00Z'),
      rules: [{ ...rules[0]!, adjustmentBps: -20_000, startMinute: 0, endMinute: 1440 }],
    };
    expect(
      priceSelection({ ctx: free as ShowtimeContext, seats: [seat('A1')], occupancyBps: 0 }).seats[0]!
        .priceMinor,
    ).toBe(0);
  });

  it('re-prices a locked hold with a discount without touching seats or fee, and caps it at the subtotal', () => {
    const locked = priceSelection({ ctx: ctx('2030-01-07T14:00:00Z'), seats: [seat('A1')], occupancyBps: 0 });
    const huge = withDiscount(locked, () => ({ code: 'ALL', description: 'all', amountMinor: 10_000_000 }));
    expect(huge.discount?.amountMinor).toBe(locked.subtotalMinor);
    expect(huge.totalMinor).toBe(locked.feeMinor + locked.feeTaxMinor);
    expect(withDiscount(huge, null)).toEqual(locked);
  });
});
