import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { GST_STATES, gstinCheckCharacter, gstinSchema, stateTaxLabel } from '@/lib/schemas/gst';
import type { PriceBreakdown } from '@/lib/schemas/pricing';
import { CINEMAS } from '@/prisma/seed-data/places';
import {
  ADMISSION_SAC,
  BOOKING_FEE_SAC,
  fiscalYearOf,
  formatInvoiceNumber,
  invoiceLines,
  invoiceTotals,
  splitTax,
} from '@/server/invoices/invoice-lines';
import { amountInWords, indianNumberWords, renderInvoicePdf } from '@/server/invoices/invoice-pdf';
import type { Invoice } from '@/server/invoices/issue-invoice';
import { pdfText } from '../support/pdf-text';

// The arithmetic and the words of a tax invoice, without a database: lines from a locked price,
// CGST/SGST halves, financial years, invoice numbers, GSTINs, amounts in words, and the PDF.

const seat = (label: string, category: 'STANDARD' | 'RECLINER', priceMinor: number) => ({
  seatId: crypto.randomUUID(),
  label,
  category,
  baseMinor: priceMinor,
  adjustmentBps: 0,
  priceMinor,
});

// Two standard seats at ₹250 and a recliner at ₹600, ₹50 off, ₹35 fee per seat, GST 18 %.
const price: PriceBreakdown = {
  currency: 'INR',
  seats: [seat('A1', 'STANDARD', 25_000), seat('A2', 'STANDARD', 25_000), seat('R1', 'RECLINER', 60_000)],
  rules: [],
  subtotalMinor: 110_000,
  discount: { code: 'MUMBAI50', description: '₹50 off', amountMinor: 5_000 },
  feeMinor: 10_500,
  taxRateBps: 1800,
  feeTaxMinor: 1_890,
  taxMinor: 18_900 + 1_890,
  totalMinor: 105_000 + 10_500 + 18_900 + 1_890,
};

describe('invoice lines', () => {
  it('are admission (by category and price, less the discount) and the booking fee, each with CGST and SGST', () => {
    const lines = invoiceLines(price);
    expect(lines).toEqual([
      {
        description: 'Admission to the show',
        sac: ADMISSION_SAC,
        quantity: 3,
        items: [
          { label: 'Standard seat', quantity: 2, unitMinor: 25_000 },
          { label: 'Recliner seat', quantity: 1, unitMinor: 60_000 },
        ],
        grossMinor: 110_000,
        discountMinor: 5_000,
        discountLabel: 'Promo code MUMBAI50',
        taxableMinor: 105_000,
        taxRateBps: 1800,
        cgstMinor: 9_450,
        sgstMinor: 9_450,
      },
      {
        description: 'Online booking fee',
        sac: BOOKING_FEE_SAC,
        quantity: 3,
        items: [],
        grossMinor: 10_500,
        discountMinor: 0,
        discountLabel: null,
        taxableMinor: 10_500,
        taxRateBps: 1800,
        cgstMinor: 945,
        sgstMinor: 945,
      },
    ]);
    expect(invoiceTotals(lines)).toEqual({
      taxableMinor: 115_500,
      cgstMinor: 10_395,
      sgstMinor: 10_395,
      totalMinor: price.totalMinor,
    });
  });

  it('split an odd paisa of tax so that CGST and SGST still add up', () => {
    expect(splitTax(1_891)).toEqual({ cgstMinor: 946, sgstMinor: 945 });
    expect(splitTax(0)).toEqual({ cgstMinor: 0, sgstMinor: 0 });
  });

  it('leave out the fee line when there is no fee', () => {
    const lines = invoiceLines({
      ...price,
      feeMinor: 0,
      feeTaxMinor: 0,
      taxMinor: 18_900,
      totalMinor: 123_900,
    });
    expect(lines.map((l) => l.sac)).toEqual([ADMISSION_SAC]);
    expect(invoiceTotals(lines).totalMinor).toBe(123_900);
  });
});

describe('financial years and invoice numbers', () => {
  it('turn over on 1 April, India time', () => {
    expect(fiscalYearOf(new Date('2027-03-31T18:29:59Z'))).toBe(2026); // 23:59:59 IST, 31 March
    expect(fiscalYearOf(new Date('2027-03-31T18:30:00Z'))).toBe(2027); // 00:00 IST, 1 April
    expect(fiscalYearOf(new Date('2026-12-31T23:00:00Z'))).toBe(2026);
    expect(fiscalYearOf(new Date('2027-01-15T00:00:00Z'))).toBe(2026);
  });

  it('are at most 16 characters: prefix, years, number', () => {
    expect(formatInvoiceNumber('BOM1', 2026, 42)).toBe('BOM1/2627/00042');
    expect(formatInvoiceNumber('BOM1', 2099, 999_999)).toBe('BOM1/9900/999999');
    expect(formatInvoiceNumber('BOM1', 2099, 999_999)).toHaveLength(16);
  });
});

describe('GSTINs', () => {
  it('accept the real format with a correct check character, upper-casing what was typed', () => {
    expect(gstinSchema.parse(' 27aapfu0939f1zv ')).toBe('27AAPFU0939F1ZV');
    expect(gstinSchema.safeParse('29AAGCB7383J1Z4').success).toBe(true);
  });

  it('refuse a wrong check character, two swapped characters, a bad shape or an unknown state', () => {
    expect(gstinSchema.safeParse('27AAPFU0939F1ZW').success).toBe(false);
    expect(gstinSchema.safeParse('27AAPFU9039F1ZV').success).toBe(false); // 0 and 9 swapped
    expect(gstinSchema.safeParse('27AAPFU0939F1Z').success).toBe(false);
    const unknownState = `99AAPFU0939F1Z`;
    expect(gstinSchema.safeParse(unknownState + gstinCheckCharacter(unknownState)).success).toBe(false);
  });

  it('of the seeded cinemas are valid and match their cinema’s state', () => {
    const states: Record<string, string> = { mumbai: 'Maharashtra', bengaluru: 'Karnataka', delhi: 'Delhi' };
    for (const cinema of CINEMAS) {
      expect(gstinSchema.safeParse(cinema.gstin).success, cinema.slug).toBe(true);
      expect(GST_STATES[cinema.gstin.slice(0, 2)]).toBe(states[cinema.citySlug]);
    }
    expect(new Set(CINEMAS.map((c) => c.invoicePrefix)).size).toBe(CINEMAS.length);
  });

  it('name the state tax UTGST only in union territories without a legislature', () => {
    expect(stateTaxLabel('27')).toBe('SGST');
    expect(stateTaxLabel('07')).toBe('SGST'); // Delhi has a legislature
    expect(stateTaxLabel('04')).toBe('UTGST'); // Chandigarh
  });
});

describe('amounts in words', () => {
  it('use lakhs and crores', () => {
    expect(indianNumberWords(0)).toBe('Zero');
    expect(indianNumberWords(1_362)).toBe('One Thousand Three Hundred Sixty Two');
    expect(indianNumberWords(125_000)).toBe('One Lakh Twenty Five Thousand');
    expect(indianNumberWords(30_405_019)).toBe('Three Crore Four Lakh Five Thousand Nineteen');
    expect(amountInWords(136_290)).toBe('Rupees One Thousand Three Hundred Sixty Two and Ninety Paise Only');
    expect(amountInWords(50_000)).toBe('Rupees Five Hundred Only');
  });
});

describe('the invoice PDF', () => {
  const lines = invoiceLines(price);
  const invoice: Invoice = {
    id: crypto.randomUUID(),
    bookingId: crypto.randomUUID(),
    cinemaId: crypto.randomUUID(),
    fiscalYear: 2026,
    number: 42,
    invoiceNumber: 'BOM1/2627/00042',
    issuedAt: new Date('2026-12-03T10:00:00Z'),
    supplierLegalName: 'Marquee Cinemas Private Limited',
    supplierGstin: '27AABCM4821K1ZF',
    supplierAddress: '3rd Floor, Textile Mill Compound, Lower Parel, Mumbai 400013',
    supplierState: 'Maharashtra',
    supplierStateCode: '27',
    customerName: 'Zoë Ødegaard',
    placeOfSupply: 'Maharashtra (27)',
    currency: 'INR',
    lines,
    ...invoiceTotals(lines),
  };
  const input = { invoice, reference: 'MQ-7K3F9X2', cinemaName: 'Marquee Mill Compound', cancelledAt: null };

  it('prints what rule 46 asks for, on one A4 page', async () => {
    const bytes = await renderInvoicePdf({ ...input, testMode: false });
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Tax invoice BOM1/2627/00042 – Marquee booking MQ-7K3F9X2');
    const text = await pdfText(bytes);
    for (const expected of [
      'TAX INVOICE',
      'BOM1/2627/00042',
      'Marquee Cinemas Private Limited',
      'GSTIN: 27AABCM4821K1ZF',
      'Date of issue',
      'Thu 3 Dec 2026',
      'Maharashtra (27)',
      'Zoë Ødegaard',
      ADMISSION_SAC,
      BOOKING_FEE_SAC,
      '2 × Standard seat @ INR 250.00',
      'Less Promo code MUMBAI50: INR 50.00',
      'GST 18%: CGST 9% + SGST 9%',
      '1,050.00',
      'INR 103.95',
      'INR 1,362.90',
      'Rupees One Thousand Three Hundred Sixty Two and Ninety Paise Only',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain('TEST MODE');
  });

  it('carries a TEST MODE mark while payments are the sandbox', async () => {
    const bytes = await renderInvoicePdf({ ...input, testMode: true });
    expect(await pdfText(bytes)).toContain('TEST MODE: simulated payment, not a valid tax invoice');
    expect((await PDFDocument.load(bytes)).getKeywords()).toContain('TEST MODE');
  });
});
