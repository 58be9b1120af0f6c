import 'server-only';
import type { InvoiceLine } from '@/lib/schemas/invoice';
import { splitTax } from '@/server/invoices/invoice-lines';

// What a refund reverses of an invoice, line by line (CGST Act s.34: the credit note states the
// taxable value and the tax it reduces, against the invoice's own lines and SAC codes).
//
// The refunded amount (tax included, as the customer was charged) is taken from the admission
// line first and the booking fee last: the desk and the customer's cancellation refund the
// tickets and keep the fee, so a refund that leaves the fee is credited against admission only;
// a refund of everything reaches the fee. What a line has left (after earlier credit notes) is
// reversed exactly when the refund covers it, so the notes of an invoice add up to it to the
// paisa; a part is split back into taxable value and tax at the line's rate, the tax into CGST
// and SGST as the invoice split it. Never more than the invoice is left: a refund larger than
// that (a failed refund sent again as a new one) credits only what is left.

type Left = { taxableMinor: number; cgstMinor: number; sgstMinor: number };

const gross = (l: Left) => l.taxableMinor + l.cgstMinor + l.sgstMinor;

/** Each invoice line less what earlier credit notes reversed of it (lines matched by SAC). */
export function leftOfInvoice(invoice: InvoiceLine[], credited: InvoiceLine[][]): Left[] {
  return invoice.map((line) => {
    const earlier = credited.flat().filter((c) => c.sac === line.sac);
    const sum = (f: (l: InvoiceLine) => number) => earlier.reduce((s, l) => s + f(l), 0);
    return {
      taxableMinor: line.taxableMinor - sum((l) => l.taxableMinor),
      cgstMinor: line.cgstMinor - sum((l) => l.cgstMinor),
      sgstMinor: line.sgstMinor - sum((l) => l.sgstMinor),
    };
  });
}

/** The credit note's lines for a refund of `amountMinor`; empty when nothing is left to credit. */
export function creditNoteLines(
  invoice: InvoiceLine[],
  credited: InvoiceLine[][],
  amountMinor: number,
): InvoiceLine[] {
  const left = leftOfInvoice(invoice, credited);
  let rest = Math.max(0, amountMinor);
  const lines: InvoiceLine[] = [];
  invoice.forEach((line, i) => {
    const have = left[i];
    if (!have || rest <= 0 || gross(have) <= 0) return;
    const take = Math.min(rest, gross(have));
    rest -= take;
    let part: Left;
    if (take === gross(have)) part = have;
    else {
      const taxable = Math.min(have.taxableMinor, Math.round((take * 10_000) / (10_000 + line.taxRateBps)));
      const { cgstMinor, sgstMinor } = splitTax(take - taxable);
      // Within what is left of each tax; rounding never moves more than a paisa.
      const cgst = Math.min(cgstMinor, have.cgstMinor);
      const sgst = Math.min(sgstMinor, have.sgstMinor);
      part = { taxableMinor: take - cgst - sgst, cgstMinor: cgst, sgstMinor: sgst };
    }
    lines.push({
      description: line.description,
      sac: line.sac,
      // A refund is money, not seats: the quantity is stated only when the whole line goes back.
      quantity:
        take === gross(have) && gross(have) === line.taxableMinor + line.cgstMinor + line.sgstMinor
          ? line.quantity
          : 0,
      items: [],
      grossMinor: part.taxableMinor,
      discountMinor: 0,
      discountLabel: null,
      taxableMinor: part.taxableMinor,
      taxRateBps: line.taxRateBps,
      cgstMinor: part.cgstMinor,
      sgstMinor: part.sgstMinor,
    });
  });
  return lines;
}

/** BOM1CN2627/00042: the invoice prefix, CN, the financial year, the number; at most 16 characters. */
export function formatCreditNoteNumber(prefix: string, fiscalYear: number, number: number): string {
  const yy = (y: number) => String(y % 100).padStart(2, '0');
  return `${prefix}CN${yy(fiscalYear)}${yy(fiscalYear + 1)}/${String(number).padStart(5, '0')}`;
}
