import { describe, expect, it } from 'vitest';
import type { InvoiceLine } from '@/lib/schemas/invoice';
import { creditNoteLines, formatCreditNoteNumber, leftOfInvoice } from '@/server/invoices/credit-note-lines';
import { ADMISSION_SAC, BOOKING_FEE_SAC } from '@/server/invoices/invoice-lines';

// What a refund reverses of an invoice: admission before the fee, parts split back into taxable
// value and tax at the line's rate, exact remainders, and never more than the invoice.

const line = (sac: string, taxable: number, cgst: number, sgst: number, quantity = 2): InvoiceLine => ({
  description: sac === ADMISSION_SAC ? 'Admission to the show' : 'Online booking fee',
  sac,
  quantity,
  items: [],
  grossMinor: taxable,
  discountMinor: 0,
  discountLabel: null,
  taxableMinor: taxable,
  taxRateBps: 1800,
  cgstMinor: cgst,
  sgstMinor: sgst,
});

// Two seats at ₹250 (18% GST: 45 + 45 each), a ₹30 fee per seat (5.40 GST on 60, odd paisa to CGST).
const invoice = [line(ADMISSION_SAC, 50_000, 4_500, 4_500), line(BOOKING_FEE_SAC, 6_000, 540, 540)];
const gross = (l: InvoiceLine) => l.taxableMinor + l.cgstMinor + l.sgstMinor;
const total = (ls: InvoiceLine[]) => ls.reduce((s, l) => s + gross(l), 0);

describe('credit note lines', () => {
  it('reverse admission only for a refund that keeps the fee, exactly as invoiced', () => {
    const lines = creditNoteLines(invoice, [], 59_000);
    expect(lines).toEqual([
      expect.objectContaining({
        sac: ADMISSION_SAC,
        taxableMinor: 50_000,
        cgstMinor: 4_500,
        sgstMinor: 4_500,
        quantity: 2,
      }),
    ]);
  });

  it('split a part back into taxable value and tax at the line’s rate', () => {
    const [part] = creditNoteLines(invoice, [], 29_500);
    expect(part).toMatchObject({ taxableMinor: 25_000, cgstMinor: 2_250, sgstMinor: 2_250, quantity: 0 });
  });

  it('reach the fee only past the admission, and add up to the invoice over several refunds', () => {
    const first = creditNoteLines(invoice, [], 10_001);
    const second = creditNoteLines(invoice, [first], 20_000);
    const third = creditNoteLines(invoice, [first, second], 100_000);
    expect(first.map((l) => l.sac)).toEqual([ADMISSION_SAC]);
    expect(third.map((l) => l.sac)).toEqual([ADMISSION_SAC, BOOKING_FEE_SAC]);
    expect(total(first)).toBe(10_001);
    expect(total(second)).toBe(20_000);
    // Capped at what is left: the invoice's 72_080 in all, to the paisa in every tax.
    expect(total(first) + total(second) + total(third)).toBe(total(invoice));
    expect(leftOfInvoice(invoice, [first, second, third])).toEqual([
      { taxableMinor: 0, cgstMinor: 0, sgstMinor: 0 },
      { taxableMinor: 0, cgstMinor: 0, sgstMinor: 0 },
    ]);
    expect(creditNoteLines(invoice, [first, second, third], 500)).toEqual([]);
  });

  it('number like BOM1CN2627/00042, at most 16 characters', () => {
    expect(formatCreditNoteNumber('BOM1', 2026, 42)).toBe('BOM1CN2627/00042');
    expect(formatCreditNoteNumber('BOM1', 2099, 1)).toBe('BOM1CN9900/00001');
    expect(formatCreditNoteNumber('BOM1', 2026, 42).length).toBeLessThanOrEqual(16);
  });
});
