import 'server-only';
import { PDFDocument, type PDFPage, type RGB } from 'pdf-lib';
import { stateTaxLabel } from '@/lib/schemas/gst';
import type { Invoice } from '@/server/invoices/issue-invoice';
import {
  BRAND,
  drawTestModeMark,
  embedFonts,
  type Fonts,
  formatAmount,
  formatDate,
  INK,
  MUTED,
  RULE,
  toWinAnsi,
  WHITE,
  wrap,
} from '@/server/tickets/pdf-kit';

// The GST tax invoice as a one-page A4 PDF: what rule 46 of the CGST Rules asks of an invoice to
// an unregistered customer (supplier's name, address and GSTIN; a consecutive number of at most
// 16 characters; the date; the customer; SAC codes; taxable value; rate and amount of CGST and
// SGST; place of supply) and nothing more. Everything printed comes from the invoice row, the
// snapshot taken when it was issued, never from the cinema's current details.

export type InvoicePdfInput = {
  invoice: Invoice;
  reference: string;
  cinemaName: string;
  /** Set when the booking was cancelled after the invoice was issued. */
  cancelledAt: Date | null;
  /** Payments are the sandbox: mark the page TEST MODE. */
  testMode: boolean;
};

// A4 portrait, in points.
const WIDTH = 595.28;
const HEIGHT = 841.89;
const MARGIN = 48;
const CONTENT = WIDTH - 2 * MARGIN;

const ONES = [
  '',
  'One',
  'Two',
  'Three',
  'Four',
  'Five',
  'Six',
  'Seven',
  'Eight',
  'Nine',
  'Ten',
  'Eleven',
  'Twelve',
  'Thirteen',
  'Fourteen',
  'Fifteen',
  'Sixteen',
  'Seventeen',
  'Eighteen',
  'Nineteen',
];
const TENS = ['', '', 'Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];

function below100(n: number): string {
  if (n < 20) return ONES[n] ?? '';
  const ones = n % 10;
  return `${TENS[Math.floor(n / 10)]}${ones ? ` ${ONES[ones]}` : ''}`;
}

function below1000(n: number): string {
  const hundreds = Math.floor(n / 100);
  return [hundreds ? `${ONES[hundreds]} Hundred` : '', n % 100 ? below100(n % 100) : '']
    .filter(Boolean)
    .join(' ');
}

/** A whole number in words, Indian style: 1,25,000 is "One Lakh Twenty Five Thousand". */
export function indianNumberWords(n: number): string {
  if (n === 0) return 'Zero';
  const crore = Math.floor(n / 10_000_000);
  const lakh = Math.floor((n % 10_000_000) / 100_000);
  const thousand = Math.floor((n % 100_000) / 1000);
  const rest = n % 1000;
  return [
    crore ? `${indianNumberWords(crore)} Crore` : '',
    lakh ? `${below100(lakh)} Lakh` : '',
    thousand ? `${below100(thousand)} Thousand` : '',
    rest ? below1000(rest) : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/** "Rupees Five Hundred Ninety and Forty Paise Only" */
export function amountInWords(minor: number): string {
  const rupees = Math.floor(minor / 100);
  const paise = minor % 100;
  return `Rupees ${indianNumberWords(rupees)}${paise ? ` and ${below100(paise)} Paise` : ''} Only`;
}

const pct = (bps: number) => `${(bps / 100).toLocaleString('en-IN', { maximumFractionDigits: 2 })}%`;

type Pen = { page: PDFPage; fonts: Fonts; y: number };

function text(
  pen: Pen,
  value: string,
  at: { x: number; size?: number; bold?: boolean; color?: RGB; width?: number; align?: 'left' | 'right' },
): void {
  const font = at.bold ? pen.fonts.bold : pen.fonts.regular;
  const size = at.size ?? 9;
  const [line = ''] = wrap(toWinAnsi(value, pen.fonts.charset), font, size, at.width ?? CONTENT, 1);
  const x = at.align === 'right' ? at.x - font.widthOfTextAtSize(line, size) : at.x;
  pen.page.drawText(line, { x, y: pen.y, size, font, color: at.color ?? INK });
}

function paragraph(
  pen: Pen,
  value: string,
  opts: { size?: number; bold?: boolean; color?: RGB; x?: number; width?: number },
) {
  const font = opts.bold ? pen.fonts.bold : pen.fonts.regular;
  const size = opts.size ?? 9;
  for (const line of wrap(toWinAnsi(value, pen.fonts.charset), font, size, opts.width ?? CONTENT, 4)) {
    pen.page.drawText(line, { x: opts.x ?? MARGIN, y: pen.y, size, font, color: opts.color ?? INK });
    pen.y -= size * 1.35;
  }
}

function rule(pen: Pen, gap = 8) {
  pen.page.drawLine({
    start: { x: MARGIN, y: pen.y },
    end: { x: WIDTH - MARGIN, y: pen.y },
    thickness: 0.6,
    color: RULE,
  });
  pen.y -= gap;
}

// Table columns: x of each column's left edge (text) or right edge (numbers). Amounts in the
// table are plain numbers (the header says INR) so that six columns fit across A4.
const COL = {
  description: MARGIN,
  sac: MARGIN + 200,
  qty: MARGIN + 280,
  taxable: MARGIN + 352,
  cgst: MARGIN + 410,
  sgst: MARGIN + 456,
  total: WIDTH - MARGIN,
};

/**
 * A GST document as the renderer draws it: a tax invoice, or a credit note against one. The
 * supplier and the lines come from the issued invoice's snapshot either way (a credit note is
 * issued by the invoice's supplier, for part of the invoice's lines).
 */
export type GstDocument = {
  /** In the banner: TAX INVOICE, INVOICE, CREDIT NOTE. */
  heading: string;
  /** The PDF's title metadata. */
  title: string;
  number: string;
  /** Label and value pairs beside the supplier (number, dates, booking reference…). */
  details: [string, string][];
  supplier: Pick<
    Invoice,
    'supplierLegalName' | 'supplierGstin' | 'supplierAddress' | 'supplierState' | 'supplierStateCode'
  >;
  cinemaName: string;
  customerName: string | null;
  currency: string;
  lines: Invoice['lines'];
  totals: Pick<Invoice, 'taxableMinor' | 'cgstMinor' | 'sgstMinor' | 'totalMinor'>;
  /** Said in bold under the totals (cancelled booking, not a tax invoice…). */
  notices: string[];
  footer: string;
  reference: string;
  testMode: boolean;
  testModeNote: string;
};

export async function renderInvoicePdf(input: InvoicePdfInput): Promise<Uint8Array> {
  const { invoice: inv } = input;
  const registered = inv.supplierGstin !== null;
  return renderGstDocumentPdf({
    heading: registered ? 'TAX INVOICE' : 'INVOICE',
    title: `${registered ? 'Tax invoice' : 'Invoice'} ${inv.invoiceNumber} – Marquee booking ${input.reference}`,
    number: inv.invoiceNumber,
    details: [
      ['Invoice number', inv.invoiceNumber],
      ['Date of issue', formatDate(inv.issuedAt)],
      ['Booking reference', input.reference],
      ['Place of supply', inv.placeOfSupply],
      ['Reverse charge', 'No'],
    ],
    supplier: inv,
    cinemaName: input.cinemaName,
    customerName: inv.customerName,
    currency: inv.currency,
    lines: inv.lines,
    totals: inv,
    notices: [
      ...(input.cancelledAt
        ? [
            `This booking was cancelled on ${formatDate(input.cancelledAt)}. This invoice stays as issued; the refund is shown on the booking page.`,
          ]
        : []),
      ...(registered ? [] : ['The cinema has not given Marquee a GSTIN, so this is not a GST tax invoice.']),
    ],
    footer:
      'This is a computer-generated invoice and needs no signature. Issued by Marquee for the supplier above.',
    reference: input.reference,
    testMode: input.testMode,
    testModeNote: 'simulated payment, not a valid tax invoice',
  });
}

export async function renderGstDocumentPdf(input: GstDocument): Promise<Uint8Array> {
  const inv = { ...input.supplier, ...input.totals, currency: input.currency };
  const money = (minor: number) => formatAmount(minor, inv.currency);
  const figure = (minor: number) => formatAmount(minor, '').trim();
  const registered = inv.supplierGstin !== null;
  const sgst = stateTaxLabel(inv.supplierStateCode);

  const doc = await PDFDocument.create();
  doc.setTitle(input.title);
  doc.setSubject(`Booking ${input.reference}`);
  doc.setAuthor(inv.supplierLegalName);
  doc.setCreator('Marquee');
  if (input.testMode) doc.setKeywords(['TEST MODE']);
  const fonts = await embedFonts(doc);
  const page = doc.addPage([WIDTH, HEIGHT]);
  const pen: Pen = { page, fonts, y: HEIGHT };

  page.drawRectangle({ x: 0, y: HEIGHT - 56, width: WIDTH, height: 56, color: BRAND });
  pen.y = HEIGHT - 34;
  text(pen, input.heading, { x: MARGIN, size: 18, bold: true, color: WHITE });
  text(pen, input.number, { x: WIDTH - MARGIN, size: 13, bold: true, color: WHITE, align: 'right' });
  pen.y = HEIGHT - 84;

  // Supplier (left) and invoice details (right).
  const top = pen.y;
  paragraph(pen, inv.supplierLegalName, { size: 12, bold: true, width: 270 });
  if (input.cinemaName !== inv.supplierLegalName)
    paragraph(pen, input.cinemaName, { color: MUTED, width: 270 });
  paragraph(pen, inv.supplierAddress, { width: 270 });
  paragraph(
    pen,
    `State: ${inv.supplierState}${inv.supplierStateCode ? ` (code ${inv.supplierStateCode})` : ''}`,
    {
      width: 270,
    },
  );
  paragraph(pen, registered ? `GSTIN: ${inv.supplierGstin}` : 'GSTIN: not registered with Marquee', {
    bold: true,
    width: 270,
  });
  const leftBottom = pen.y;

  pen.y = top;
  for (const [label, value] of input.details) {
    text(pen, label, { x: MARGIN + 300, color: MUTED, width: 95 });
    text(pen, value, { x: MARGIN + 400, bold: true, width: CONTENT - 400 });
    pen.y -= 13;
  }
  pen.y = Math.min(leftBottom, pen.y) - 10;
  rule(pen, 16);

  text(pen, 'BILLED TO', { x: MARGIN, size: 7.5, color: MUTED });
  pen.y -= 13;
  paragraph(pen, input.customerName ?? 'Customer', { size: 10.5, bold: true });
  paragraph(pen, 'Unregistered customer (not a GST registrant)', { color: MUTED });
  pen.y -= 8;

  // The lines.
  const header: [string, number, 'left' | 'right'][] = [
    ['Description', COL.description, 'left'],
    ['SAC', COL.sac, 'left'],
    ['Qty', COL.qty, 'right'],
    ['Taxable', COL.taxable, 'right'],
    ['CGST', COL.cgst, 'right'],
    [sgst, COL.sgst, 'right'],
    ['Total', COL.total, 'right'],
  ];
  text(pen, `Amounts in ${inv.currency}`, { x: COL.total - 4, size: 7.5, color: MUTED, align: 'right' });
  pen.y -= 14;
  page.drawRectangle({ x: MARGIN, y: pen.y - 6, width: CONTENT, height: 20, color: RULE });
  for (const [label, x, align] of header)
    text(pen, label, { x: x + (align === 'left' ? 4 : -4), size: 8, bold: true, align });
  pen.y -= 24;
  for (const line of input.lines) {
    const lineTop = pen.y;
    text(pen, line.description, { x: COL.description + 4, bold: true, width: 190 });
    text(pen, line.sac, { x: COL.sac + 4 });
    // 0: a credit note's part of a line, which is money rather than seats.
    if (line.quantity > 0) text(pen, String(line.quantity), { x: COL.qty - 4, align: 'right' });
    text(pen, figure(line.taxableMinor), { x: COL.taxable - 4, align: 'right' });
    text(pen, figure(line.cgstMinor), { x: COL.cgst - 4, align: 'right' });
    text(pen, figure(line.sgstMinor), { x: COL.sgst - 4, align: 'right' });
    text(pen, figure(line.taxableMinor + line.cgstMinor + line.sgstMinor), {
      x: COL.total - 4,
      align: 'right',
    });
    pen.y -= 12;
    const notes = [
      ...line.items.map((i) => `${i.quantity} × ${i.label} @ ${money(i.unitMinor)}`),
      ...(line.discountMinor
        ? [`Less ${line.discountLabel ?? 'discount'}: ${money(line.discountMinor)}`]
        : []),
      `GST ${pct(line.taxRateBps)}: CGST ${pct(line.taxRateBps / 2)} + ${sgst} ${pct(line.taxRateBps / 2)}`,
    ];
    for (const note of notes) {
      text(pen, note, { x: COL.description + 10, size: 8, color: MUTED, width: 260 });
      pen.y -= 11;
    }
    pen.y = Math.min(pen.y, lineTop - 14) - 4;
    rule(pen, 14);
  }

  // Totals, right-aligned.
  const totals: [string, string, boolean][] = [
    ['Taxable value', money(inv.taxableMinor), false],
    ['CGST', money(inv.cgstMinor), false],
    [sgst, money(inv.sgstMinor), false],
    ['Total', money(inv.totalMinor), true],
  ];
  for (const [label, value, strong] of totals) {
    text(pen, label, { x: COL.cgst - 4, bold: strong, size: strong ? 11 : 9, align: 'right' });
    text(pen, value, { x: COL.total - 4, bold: strong, size: strong ? 11 : 9, align: 'right' });
    pen.y -= strong ? 18 : 14;
  }
  paragraph(pen, `Amount in words: ${amountInWords(inv.totalMinor)}`, { color: MUTED });
  pen.y -= 12;

  for (const notice of input.notices) {
    paragraph(pen, notice, { bold: true });
    pen.y -= 6;
  }
  paragraph(pen, input.footer, { color: MUTED, size: 8 });

  if (input.testMode) drawTestModeMark(page, fonts, input.testModeNote);
  return doc.save();
}
