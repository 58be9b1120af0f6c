import 'server-only';
import { PDFDocument, type PDFPage, type RGB } from 'pdf-lib';
import QRCode from 'qrcode';
import { CATEGORY_LABELS, FORMAT_LABELS, formatTime } from '@/lib/format';
import { ticketCode } from '@/lib/ticket-code';
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

// The printable tickets attached to the confirmation email and offered for download: one A6 page
// per seat, each with its own QR code, so a group can split up and each person carries their own.
// In TEST MODE (sandbox payments) every page says so.

export type TicketPdfInput = {
  reference: string;
  customerName: string | null;
  movie: { title: string; certificate: string };
  cinema: { name: string; address: string };
  screen: string;
  startsAt: Date;
  /** MovieFormat (TWO_D, IMAX, ...) or a display label. */
  format: string;
  language: string;
  /** Accessible-showing features in words ("Audio described (AD), Relaxed screening"); '' for none. */
  access?: string;
  tickets: { seatLabel: string; category: string; priceMinor: number; qr: string }[];
  totalMinor: number;
  currency: string;
  /** Payments are the sandbox: mark every page TEST MODE. */
  testMode: boolean;
};

// A6 portrait, in points.
const WIDTH = 297.64;
const HEIGHT = 419.53;
const MARGIN = 20;
const CONTENT = WIDTH - 2 * MARGIN;
const QR_SIZE = 124;

type Cursor = { page: PDFPage; fonts: Fonts; y: number };

function lines(
  c: Cursor,
  text: string,
  opts: { size: number; bold?: boolean; color?: RGB; maxLines?: number; gap?: number },
) {
  const font = opts.bold ? c.fonts.bold : c.fonts.regular;
  for (const line of wrap(toWinAnsi(text, c.fonts.charset), font, opts.size, CONTENT, opts.maxLines ?? 1)) {
    c.y -= opts.size;
    c.page.drawText(line, { x: MARGIN, y: c.y, size: opts.size, font, color: opts.color ?? INK });
    c.y -= opts.gap ?? opts.size * 0.3;
  }
}

/** A row of label-over-value columns; weights share out the width (equal by default). */
function fields(c: Cursor, columns: [label: string, value: string][], weights?: number[]) {
  const valueSize = 11;
  const total = weights?.reduce((a, b) => a + b, 0) ?? columns.length;
  let x = MARGIN;
  columns.forEach(([label, value], i) => {
    const width = (CONTENT * (weights?.[i] ?? 1)) / total;
    c.page.drawText(label.toUpperCase(), { x, y: c.y - 7, size: 7, font: c.fonts.regular, color: MUTED });
    const [text = ''] = wrap(toWinAnsi(value, c.fonts.charset), c.fonts.bold, valueSize, width - 6, 1);
    c.page.drawText(text, { x, y: c.y - 10 - valueSize, size: valueSize, font: c.fonts.bold, color: INK });
    x += width;
  });
  c.y -= 16 + valueSize;
}

function rule(c: Cursor) {
  c.y -= 4;
  c.page.drawLine({
    start: { x: MARGIN, y: c.y },
    end: { x: WIDTH - MARGIN, y: c.y },
    thickness: 0.5,
    color: RULE,
  });
  c.y -= 8;
}

export async function renderTicketsPdf(booking: TicketPdfInput): Promise<Uint8Array> {
  if (booking.tickets.length === 0) throw new Error('renderTicketsPdf: a booking has at least one ticket');

  const doc = await PDFDocument.create();
  doc.setTitle(`Marquee tickets ${booking.reference} – ${booking.movie.title}`);
  doc.setAuthor('Marquee');
  doc.setCreator('Marquee');
  if (booking.testMode) doc.setKeywords(['TEST MODE']);
  const fonts = await embedFonts(doc);
  const { regular, bold } = fonts;

  const date = formatDate(booking.startsAt);
  const time = `${formatTime(booking.startsAt)} IST`;
  const format = FORMAT_LABELS[booking.format] ?? booking.format;
  const count = booking.tickets.length;

  for (const [i, ticket] of booking.tickets.entries()) {
    const qr = await doc.embedPng(
      await QRCode.toBuffer(ticket.qr, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 220 }),
    );
    const page = doc.addPage([WIDTH, HEIGHT]);
    const c: Cursor = { page, fonts, y: HEIGHT };

    page.drawRectangle({ x: 0, y: HEIGHT - 34, width: WIDTH, height: 34, color: BRAND });
    page.drawText('MARQUEE', { x: MARGIN, y: HEIGHT - 22, size: 13, font: bold, color: WHITE });
    const ofText = `Ticket ${i + 1} of ${count}`;
    page.drawText(ofText, {
      x: WIDTH - MARGIN - regular.widthOfTextAtSize(ofText, 9),
      y: HEIGHT - 21,
      size: 9,
      font: regular,
      color: WHITE,
    });
    c.y = HEIGHT - 34 - 12;

    lines(c, booking.movie.title, { size: 15, bold: true, maxLines: 2, gap: 4 });
    lines(c, `${booking.movie.certificate}  ·  ${format}  ·  ${booking.language}`, {
      size: 8.5,
      color: MUTED,
      gap: 2,
    });
    // What the holder was promised (a relaxed or audio-described show), for them and the door.
    if (booking.access) lines(c, booking.access, { size: 8.5, bold: true, maxLines: 2, gap: 2 });
    rule(c);
    lines(c, booking.cinema.name, { size: 10, bold: true, gap: 2 });
    lines(c, booking.cinema.address, { size: 8, color: MUTED, maxLines: 2, gap: 2 });
    rule(c);
    // Widths favour the values that must never be cut: the date ("Wed 30 Sept 2026") and the price.
    fields(
      c,
      [
        ['Date', date],
        ['Time', time],
        ['Screen', booking.screen],
      ],
      [1.3, 1, 0.8],
    );
    fields(
      c,
      [
        ['Seat', ticket.seatLabel],
        ['Category', CATEGORY_LABELS[ticket.category] ?? ticket.category],
        ['Price', formatAmount(ticket.priceMinor, booking.currency)],
      ],
      [0.8, 1, 1.3],
    );
    fields(c, [
      ['Booking reference', booking.reference],
      [
        count > 1 ? `Booking total (${count} tickets)` : 'Booking total',
        formatAmount(booking.totalMinor, booking.currency),
      ],
    ]);
    if (booking.customerName) {
      lines(c, `Booked by ${booking.customerName}`, { size: 8, color: MUTED });
    }

    page.drawImage(qr, {
      x: (WIDTH - QR_SIZE) / 2,
      y: MARGIN + 16,
      width: QR_SIZE,
      height: QR_SIZE,
    });
    // Under the QR: what to do with it, and the code door staff type when it cannot be scanned
    // (lib/ticket-code.ts), in bold so it reads at a glance.
    const footer = 'Show this QR code at the entrance. Ticket code:';
    const code = ticketCode(booking.reference, ticket.seatLabel);
    const gap = 4;
    const footerWidth = regular.widthOfTextAtSize(footer, 8) + gap + bold.widthOfTextAtSize(code, 8.5);
    const left = (WIDTH - footerWidth) / 2;
    page.drawText(footer, { x: left, y: MARGIN + 2, size: 8, font: regular, color: MUTED });
    page.drawText(code, {
      x: left + regular.widthOfTextAtSize(footer, 8) + gap,
      y: MARGIN + 2,
      size: 8.5,
      font: bold,
      color: INK,
    });
    if (booking.testMode) drawTestModeMark(page, fonts, 'simulated payment, not valid for entry');
  }

  return doc.save();
}
