import 'server-only';
import type { AppliedRule, PriceBreakdown, SeatPrice } from '@/lib/schemas/pricing';
import type { ContextSeat, PricingRuleRow, ShowtimeContext } from '@/server/booking/showtime-context';

// The one place a price is computed. Integer arithmetic only: amounts are paise, rates basis
// points, and every division rounds half up explicitly.

const BPS = 10_000;

/** Rounds a / b to the nearest integer, halves up (a, b ≥ 0). */
export function roundDiv(a: number, b: number): number {
  return Math.floor((2 * a + b) / (2 * b));
}

// Building an Intl.DateTimeFormat costs more than pricing a whole selection: keep one per zone.
const clocks = new Map<string, Intl.DateTimeFormat>();

function localClock(at: Date, timeZone: string): { minute: number; isoWeekday: number } {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    clocks.set(timeZone, clock);
  }
  const parts = clock.formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const weekdays = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
  return {
    minute: Number(get('hour')) * 60 + Number(get('minute')),
    isoWeekday: weekdays.indexOf(get('weekday')) + 1,
  };
}

/** Which pricing rules apply to a show starting at `startsAt` with `occupancyBps` taken. */
export function applicableRules(
  rules: PricingRuleRow[],
  startsAt: Date,
  timeZone: string,
  occupancyBps: number,
): AppliedRule[] {
  const { minute, isoWeekday } = localClock(startsAt, timeZone);
  const applied: AppliedRule[] = [];
  let surge: AppliedRule | null = null;
  for (const r of rules) {
    if (r.kind === 'TIME_OF_DAY' && r.startMinute !== null && r.endMinute !== null) {
      if (minute >= r.startMinute && minute < r.endMinute)
        applied.push({ name: r.name, kind: r.kind, adjustmentBps: r.adjustmentBps });
    } else if (r.kind === 'DAY_OF_WEEK') {
      if (r.daysOfWeek.includes(isoWeekday))
        applied.push({ name: r.name, kind: r.kind, adjustmentBps: r.adjustmentBps });
    } else if (r.kind === 'OCCUPANCY' && r.minOccupancyBps !== null && occupancyBps >= r.minOccupancyBps) {
      // Demand pricing: only the strongest occupancy rule applies, and never above its cap.
      const bps = r.capBps === null ? r.adjustmentBps : Math.min(r.adjustmentBps, r.capBps);
      if (!surge || bps > surge.adjustmentBps) surge = { name: r.name, kind: r.kind, adjustmentBps: bps };
    }
  }
  if (surge) applied.push(surge);
  return applied;
}

export type Discount = { code: string; description: string; amountMinor: number };

export function priceSelection(options: {
  ctx: Pick<ShowtimeContext, 'prices' | 'rules' | 'startsAt' | 'cinema'>;
  seats: ContextSeat[];
  occupancyBps: number;
  discount?: (subtotalMinor: number) => Discount | null;
}): PriceBreakdown {
  const { ctx, seats } = options;
  const rules = applicableRules(ctx.rules, ctx.startsAt, ctx.cinema.timeZone, options.occupancyBps);
  // A seat never costs less than nothing, whatever the rules add up to.
  const adjustmentBps = Math.max(
    -BPS,
    rules.reduce((sum, r) => sum + r.adjustmentBps, 0),
  );
  const lines: SeatPrice[] = seats.map((seat) => {
    const base = ctx.prices.get(seat.category);
    if (base === undefined) throw new Error(`showtime has no price for ${seat.category}`);
    // Rounded to whole rupees: prices a cinema would print.
    const priceMinor = roundDiv(base * (BPS + adjustmentBps), BPS * 100) * 100;
    return {
      seatId: seat.id,
      label: seat.label,
      category: seat.category,
      baseMinor: base,
      adjustmentBps,
      priceMinor,
    };
  });
  const subtotalMinor = lines.reduce((sum, l) => sum + l.priceMinor, 0);
  const discount = options.discount?.(subtotalMinor) ?? null;
  const discountMinor = Math.min(discount?.amountMinor ?? 0, subtotalMinor);
  const feeMinor = ctx.cinema.bookingFeeMinor * seats.length;
  const taxRateBps = ctx.cinema.taxRateBps;
  const feeTaxMinor = roundDiv(feeMinor * taxRateBps, BPS);
  const ticketTaxMinor = roundDiv((subtotalMinor - discountMinor) * taxRateBps, BPS);
  const taxMinor = ticketTaxMinor + feeTaxMinor;
  return {
    currency: 'INR',
    seats: lines,
    rules,
    subtotalMinor,
    discount: discount ? { ...discount, amountMinor: discountMinor } : null,
    feeMinor,
    taxRateBps,
    taxMinor,
    feeTaxMinor,
    totalMinor: subtotalMinor - discountMinor + feeMinor + taxMinor,
  };
}

/** What a customer gets back when they cancel: everything but the booking fee and its tax. */
export function customerRefundMinor(
  price: Pick<PriceBreakdown, 'totalMinor' | 'feeMinor' | 'feeTaxMinor'>,
): number {
  return Math.max(0, price.totalMinor - price.feeMinor - price.feeTaxMinor);
}

/** A locked price with a (new) discount applied: seats, fee and tax rate stay as locked. */
export function withDiscount(
  locked: PriceBreakdown,
  discount: ((subtotalMinor: number) => Discount) | null,
): PriceBreakdown {
  const d = discount?.(locked.subtotalMinor) ?? null;
  const discountMinor = Math.min(d?.amountMinor ?? 0, locked.subtotalMinor);
  const ticketTaxMinor = roundDiv((locked.subtotalMinor - discountMinor) * locked.taxRateBps, BPS);
  const taxMinor = ticketTaxMinor + locked.feeTaxMinor;
  return {
    ...locked,
    discount: d ? { ...d, amountMinor: discountMinor } : null,
    taxMinor,
    totalMinor: locked.subtotalMinor - discountMinor + locked.feeMinor + taxMinor,
  };
}
