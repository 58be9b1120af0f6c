import 'server-only';
import type { Tx } from '@/server/db';

// A cinema's price card (price_card_entries): the base price of a seat category in a format at a
// part of the day. Sessions copy their prices from it when they are created (and may be given
// others); pricing rules then adjust those prices when a hold is priced.

export type DayPartName = 'MATINEE' | 'EVENING' | 'NIGHT';
export const DAY_PARTS: readonly DayPartName[] = ['MATINEE', 'EVENING', 'NIGHT'];

export type DayPartBounds = { eveningFromMinute: number; nightFromMinute: number };

/** The part of the day a session starting `minute` minutes after local midnight belongs to. */
export function dayPartAt(minute: number, bounds: DayPartBounds): DayPartName {
  if (minute < bounds.eveningFromMinute) return 'MATINEE';
  if (minute < bounds.nightFromMinute) return 'EVENING';
  return 'NIGHT';
}

export type CardEntry = { category: string; format: string; dayPart: DayPartName; priceMinor: number };
export type PriceCard = ReadonlyMap<string, number>;

const key = (category: string, format: string, dayPart: string) => `${category}|${format}|${dayPart}`;

export function priceCardOf(entries: readonly CardEntry[]): PriceCard {
  return new Map(entries.map((e) => [key(e.category, e.format, e.dayPart), e.priceMinor]));
}

export function cardPrice(card: PriceCard, category: string, format: string, dayPart: string): number | null {
  return card.get(key(category, format, dayPart)) ?? null;
}

/** The card's prices for a screen's categories; `missing` lists the categories it has none for. */
export function cardPricesFor<C extends string>(
  card: PriceCard,
  categories: readonly C[],
  format: string,
  dayPart: DayPartName,
): { prices: { category: C; priceMinor: number }[]; missing: C[] } {
  const prices: { category: C; priceMinor: number }[] = [];
  const missing: C[] = [];
  for (const category of categories) {
    const price = cardPrice(card, category, format, dayPart);
    if (price === null) missing.push(category);
    else prices.push({ category, priceMinor: price });
  }
  return { prices, missing };
}

export async function loadPriceCard(client: Tx, cinemaId: string): Promise<PriceCard> {
  const rows = await client.priceCardEntry.findMany({
    where: { cinemaId },
    select: { category: true, format: true, dayPart: true, priceMinor: true },
  });
  return priceCardOf(rows);
}
