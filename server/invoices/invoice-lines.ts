import 'server-only';
import { CATEGORY_LABELS, CINEMA_TIME_ZONE } from '@/lib/format';
import type { InvoiceItem, InvoiceLine } from '@/lib/schemas/invoice';
import type { PriceBreakdown } from '@/lib/schemas/pricing';

// The tax lines of a booking's invoice, from the price locked at checkout (never recomputed:
// the invoice states what was charged). Admission and the booking fee are separate supplies
// with their own SAC codes; each carries GST at the booking's rate, split equally into CGST and
// SGST because admission to a show is supplied where it is held: always within the cinema's own
// state.

/** Admission to the exhibition of films: motion picture projection services (heading 9996). */
export const ADMISSION_SAC = '999615';
/** The online booking (convenience) fee: other support services n.e.c. */
export const BOOKING_FEE_SAC = '998599';

/** Half of a tax amount each; an odd paisa goes to CGST, so the two always add up. */
export function splitTax(taxMinor: number): { cgstMinor: number; sgstMinor: number } {
  const sgstMinor = Math.floor(taxMinor / 2);
  return { cgstMinor: taxMinor - sgstMinor, sgstMinor };
}

export function invoiceLines(price: PriceBreakdown): InvoiceLine[] {
  const groups = new Map<string, InvoiceItem>();
  for (const seat of price.seats) {
    const key = `${seat.category}:${seat.priceMinor}`;
    const item = groups.get(key);
    if (item) item.quantity++;
    else
      groups.set(key, {
        label: `${CATEGORY_LABELS[seat.category] ?? seat.category} seat`,
        quantity: 1,
        unitMinor: seat.priceMinor,
      });
  }
  const discountMinor = price.discount?.amountMinor ?? 0;
  const lines: InvoiceLine[] = [
    {
      description: 'Admission to the show',
      sac: ADMISSION_SAC,
      quantity: price.seats.length,
      items: [...groups.values()],
      grossMinor: price.subtotalMinor,
      discountMinor,
      discountLabel: price.discount ? `Promo code ${price.discount.code}` : null,
      taxableMinor: price.subtotalMinor - discountMinor,
      taxRateBps: price.taxRateBps,
      ...splitTax(price.taxMinor - price.feeTaxMinor),
    },
  ];
  if (price.feeMinor > 0) {
    lines.push({
      description: 'Online booking fee',
      sac: BOOKING_FEE_SAC,
      quantity: price.seats.length,
      items: [],
      grossMinor: price.feeMinor,
      discountMinor: 0,
      discountLabel: null,
      taxableMinor: price.feeMinor,
      taxRateBps: price.taxRateBps,
      ...splitTax(price.feeTaxMinor),
    });
  }
  return lines;
}

export function invoiceTotals(lines: InvoiceLine[]): {
  taxableMinor: number;
  cgstMinor: number;
  sgstMinor: number;
  totalMinor: number;
} {
  const sum = (f: (l: InvoiceLine) => number) => lines.reduce((s, l) => s + f(l), 0);
  const taxableMinor = sum((l) => l.taxableMinor);
  const cgstMinor = sum((l) => l.cgstMinor);
  const sgstMinor = sum((l) => l.sgstMinor);
  return { taxableMinor, cgstMinor, sgstMinor, totalMinor: taxableMinor + cgstMinor + sgstMinor };
}

/** The Indian financial year (April to March) by its first calendar year: 2026 for 2026-27. */
export function fiscalYearOf(date: Date): number {
  const [year, month] = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    timeZone: CINEMA_TIME_ZONE,
  })
    .format(date)
    .split('-')
    .map(Number) as [number, number];
  return month >= 4 ? year : year - 1;
}

/** BOM1/2627/00042: at most 16 characters with a prefix of at most 4. */
export function formatInvoiceNumber(prefix: string, fiscalYear: number, number: number): string {
  const yy = (y: number) => String(y % 100).padStart(2, '0');
  return `${prefix}/${yy(fiscalYear)}${yy(fiscalYear + 1)}/${String(number).padStart(5, '0')}`;
}
