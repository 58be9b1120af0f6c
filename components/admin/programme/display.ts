import { CATEGORY_LABELS, FORMAT_LABELS, formatMoney } from '@/lib/format';

// How the programme pages write times and prices: 24-hour clock in the cinema's own time zone.

const clocks = new Map<string, Intl.DateTimeFormat>();

export function clock(at: string | Date, timeZone: string): string {
  let f = clocks.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone });
    clocks.set(timeZone, f);
  }
  return f.format(new Date(at));
}

/** 'Mon 21 Dec' for a local date ('YYYY-MM-DD'). */
export function dayLabel(date: string, options: { long?: boolean } = {}): string {
  return new Intl.DateTimeFormat('en-GB', {
    weekday: options.long ? 'long' : 'short',
    day: 'numeric',
    month: 'short',
    timeZone: 'UTC',
  }).format(new Date(`${date}T12:00:00Z`));
}

export const formatName = (f: string) => FORMAT_LABELS[f] ?? f;
export const categoryName = (c: string) => CATEGORY_LABELS[c] ?? c;

export function pricesLine(prices: readonly { category: string; priceMinor: number | null }[]): string {
  return prices
    .map((p) => `${categoryName(p.category)} ${p.priceMinor === null ? '—' : formatMoney(p.priceMinor)}`)
    .join(' · ');
}
