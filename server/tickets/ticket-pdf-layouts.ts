import 'server-only';
import { PDFDocument } from 'pdf-lib';
import QRCode from 'qrcode';
import { CATEGORY_LABELS, FORMAT_LABELS, formatTime } from '@/lib/format';
import { ticketCode } from '@/lib/ticket-code';
import {
  drawTestModeMark,
  embedFonts,
  type Fonts,
  formatAmount,
  formatDate,
  INK,
  toWinAnsi,
  wrap,
} from '@/server/tickets/pdf-kit';
import { renderTicketsPdf, type TicketPdfInput } from '@/server/tickets/ticket-pdf';

// The box office prints tickets two more ways than the customer's A6 download:
//   thermal — 80 mm roll paper (the receipt printers at every counter): one short page per seat,
//             black only (thermal heads print no colour), big seat and time, QR and ticket code,
//             so the printer cuts between tickets;
//   a4      — the same A6 tickets as the customer's, four to a sheet of A4 (A6 is a quarter of
//             A4), for an office printer.

export type TicketLayout = 'a6' | 'a4' | 'thermal';

// 80 mm paper; printers print about 72 mm of it.
const THERMAL_WIDTH = (80 / 25.4) * 72;
const THERMAL_MARGIN = (4 / 25.4) * 72;
const THERMAL_CONTENT = THERMAL_WIDTH - 2 * THERMAL_MARGIN;
const THERMAL_HEIGHT = 430;
const THERMAL_QR = 130;

type Pen = { page: ReturnType<PDFDocument['addPage']>; fonts: Fonts; y: number };

function line(
  pen: Pen,
  text: string,
  size: number,
  options: { bold?: boolean; centre?: boolean; maxLines?: number } = {},
) {
  const font = options.bold ? pen.fonts.bold : pen.fonts.regular;
  for (const l of wrap(
    toWinAnsi(text, pen.fonts.charset),
    font,
    size,
    THERMAL_CONTENT,
    options.maxLines ?? 1,
  )) {
    pen.y -= size;
    const width = font.widthOfTextAtSize(l, size);
    const x = options.centre ? (THERMAL_WIDTH - width) / 2 : THERMAL_MARGIN;
    pen.page.drawText(l, { x, y: pen.y, size, font, color: INK });
    pen.y -= size * 0.35;
  }
}

function pair(pen: Pen, label: string, value: string, size = 10) {
  pen.y -= size;
  const v = toWinAnsi(value, pen.fonts.charset);
  pen.page.drawText(toWinAnsi(label, pen.fonts.charset), {
    x: THERMAL_MARGIN,
    y: pen.y,
    size: size - 1,
    font: pen.fonts.regular,
    color: INK,
  });
  pen.page.drawText(v, {
    x: THERMAL_WIDTH - THERMAL_MARGIN - pen.fonts.bold.widthOfTextAtSize(v, size),
    y: pen.y,
    size,
    font: pen.fonts.bold,
    color: INK,
  });
  pen.y -= size * 0.45;
}

function dashes(pen: Pen) {
  pen.y -= 5;
  pen.page.drawLine({
    start: { x: THERMAL_MARGIN, y: pen.y },
    end: { x: THERMAL_WIDTH - THERMAL_MARGIN, y: pen.y },
    thickness: 0.8,
    color: INK,
    dashArray: [3, 2],
  });
  pen.y -= 5;
}

async function ticketDocument(booking: TicketPdfInput, layout: string): Promise<PDFDocument> {
  const doc = await PDFDocument.create();
  doc.setTitle(`Marquee tickets ${booking.reference} (${layout}) – ${booking.movie.title}`);
  doc.setAuthor('Marquee');
  doc.setCreator('Marquee');
  if (booking.testMode) doc.setKeywords(['TEST MODE']);
  return doc;
}

export async function renderThermalTicketsPdf(booking: TicketPdfInput): Promise<Uint8Array> {
  if (booking.tickets.length === 0)
    throw new Error('renderThermalTicketsPdf: a booking has at least one ticket');
  const doc = await ticketDocument(booking, '80 mm');
  const fonts = await embedFonts(doc);
  const count = booking.tickets.length;
  for (const [i, ticket] of booking.tickets.entries()) {
    const qr = await doc.embedPng(
      await QRCode.toBuffer(ticket.qr, { type: 'png', errorCorrectionLevel: 'M', margin: 1, width: 260 }),
    );
    const page = doc.addPage([THERMAL_WIDTH, THERMAL_HEIGHT]);
    const pen: Pen = { page, fonts, y: THERMAL_HEIGHT - THERMAL_MARGIN };
    line(pen, 'MARQUEE', 14, { bold: true, centre: true });
    line(pen, booking.cinema.name, 9, { centre: true });
    dashes(pen);
    line(pen, booking.movie.title, 13, { bold: true, maxLines: 2 });
    line(
      pen,
      `${booking.movie.certificate} · ${FORMAT_LABELS[booking.format] ?? booking.format} · ${booking.language}`,
      8.5,
    );
    if (booking.access) line(pen, booking.access, 8.5, { bold: true, maxLines: 2 });
    dashes(pen);
    pair(pen, 'Date', formatDate(booking.startsAt));
    pair(pen, 'Time', `${formatTime(booking.startsAt)} IST`, 12);
    pair(pen, 'Screen', booking.screen);
    pair(pen, 'Seat', ticket.seatLabel, 18);
    pair(pen, 'Category', CATEGORY_LABELS[ticket.category] ?? ticket.category);
    pair(pen, 'Price', formatAmount(ticket.priceMinor, booking.currency));
    pair(pen, `Ticket ${i + 1} of ${count}`, booking.reference);
    if (booking.customerName) pair(pen, 'Name', booking.customerName, 9);
    dashes(pen);
    page.drawImage(qr, {
      x: (THERMAL_WIDTH - THERMAL_QR) / 2,
      y: pen.y - THERMAL_QR - 2,
      width: THERMAL_QR,
      height: THERMAL_QR,
    });
    pen.y -= THERMAL_QR + 6;
    line(pen, 'Ticket code', 8, { centre: true });
    line(pen, ticketCode(booking.reference, ticket.seatLabel), 12, { bold: true, centre: true });
    if (booking.testMode) drawTestModeMark(page, fonts, 'simulated payment');
  }
  return doc.save();
}

// A4 in points; an A6 page is exactly a quarter of it.
const A4_WIDTH = 595.28;
const A4_HEIGHT = 841.89;

export async function renderA4TicketsPdf(booking: TicketPdfInput): Promise<Uint8Array> {
  const a6 = await PDFDocument.load(await renderTicketsPdf(booking));
  const doc = await ticketDocument(booking, 'A4');
  const pages = await doc.embedPages(a6.getPages());
  for (let i = 0; i < pages.length; i += 4) {
    const sheet = doc.addPage([A4_WIDTH, A4_HEIGHT]);
    pages.slice(i, i + 4).forEach((p, j) => {
      sheet.drawPage(p, {
        x: (j % 2) * (A4_WIDTH / 2),
        y: A4_HEIGHT / 2 - Math.floor(j / 2) * (A4_HEIGHT / 2),
        width: A4_WIDTH / 2,
        height: A4_HEIGHT / 2,
      });
    });
    // Cut marks between the quarters.
    sheet.drawLine({
      start: { x: A4_WIDTH / 2, y: 0 },
      end: { x: A4_WIDTH / 2, y: A4_HEIGHT },
      thickness: 0.3,
      dashArray: [4, 4],
    });
    sheet.drawLine({
      start: { x: 0, y: A4_HEIGHT / 2 },
      end: { x: A4_WIDTH, y: A4_HEIGHT / 2 },
      thickness: 0.3,
      dashArray: [4, 4],
    });
  }
  return doc.save();
}

export function renderTicketsPdfAs(layout: TicketLayout, booking: TicketPdfInput): Promise<Uint8Array> {
  if (layout === 'thermal') return renderThermalTicketsPdf(booking);
  if (layout === 'a4') return renderA4TicketsPdf(booking);
  return renderTicketsPdf(booking);
}
