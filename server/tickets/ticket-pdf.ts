import 'server-only';
import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import QRCode from 'qrcode';
import { CATEGORY_LABELS, CINEMA_TIME_ZONE, FORMAT_LABELS, formatTime } from '@/lib/format';

// The printable tickets attached to the confirmation email and offered for download: one A6 page
// per seat, each with its own QR code, so a group can split up and each person carries their own.
// The standard PDF fonts (no font file to ship) only encode WinAnsi, so every string is reduced
// to what the font can draw first; money is written "INR 350.00" because "₹" is not in WinAnsi.

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
  tickets: { seatLabel: string; category: string; priceMinor: number; qr: string }[];
  totalMinor: number;
  currency: string;
};

// A6 portrait, in points.
const WIDTH = 297.64;
const HEIGHT = 419.53;
const MARGIN = 20;
const CONTENT = WIDTH - 2 * MARGIN;
const QR_SIZE = 124;

const INK = rgb(0.1, 0.1, 0.12);
const MUTED = rgb(0.42, 0.42, 0.46);
const BRAND = rgb(0.55, 0.07, 0.13);
const RULE = rgb(0.85, 0.85, 0.87);
const WHITE = rgb(1, 1, 1);

type Fonts = { regular: PDFFont; bold: PDFFont; charset: ReadonlySet<number> };

// Latin letters whose stroke or bar is not a combining mark, so NFD cannot strip it.
const LATIN_FALLBACK: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  Ŧ: 'T',
  ŧ: 't',
};

/**
 * Text the standard fonts can draw: typographic spaces become plain spaces, letters the font
 * lacks lose their accent or stroke (ź becomes z, Ł becomes L), lone combining marks vanish and
 * anything else becomes "?". Characters WinAnsi has (é, ’, —, …) are kept as they are.
 */
export function toWinAnsi(text: string, charset: ReadonlySet<number>): string {
  let out = '';
  for (const ch of text.replace(/[\r\n\t]+/g, ' ')) {
    const cp = ch.codePointAt(0) as number;
    if (charset.has(cp)) out += ch;
    else if (/\p{Zs}/u.test(ch)) out += ' ';
    else if (/\p{M}/u.test(ch)) continue;
    else if (LATIN_FALLBACK[ch]) out += LATIN_FALLBACK[ch];
    else {
      const base = ch.normalize('NFD').replace(/\p{M}/gu, '');
      out += base && [...base].every((c) => charset.has(c.codePointAt(0) as number)) ? base : '?';
    }
  }
  return out;
}

function formatAmount(minor: number, currency: string): string {
  const amount = new Intl.NumberFormat('en-IN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minor / 100);
  return `${currency} ${amount}`;
}

function formatDate(date: Date): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-IN', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: CINEMA_TIME_ZONE,
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}`;
}

/** Breaks text into lines no wider than maxWidth, at most maxLines, the last one ellipsised. */
function wrap(text: string, font: PDFFont, size: number, maxWidth: number, maxLines: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= maxWidth;
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (fits(candidate)) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    // A single word wider than the line is cut by characters.
    line = '';
    for (const ch of word) {
      if (!fits(line + ch) && line) {
        lines.push(line);
        line = '';
      }
      line += ch;
    }
  }
  if (line) lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  let last = `${kept[maxLines - 1]}…`;
  while (!fits(last) && last.length > 1) last = `${last.slice(0, -2)}…`;
  kept[maxLines - 1] = last;
  return kept;
}

type Cursor = { page: PDFPage; fonts: Fonts; y: number };

function lines(
  c: Cursor,
  text: string,
  opts: { size: number; bold?: boolean; color?: ReturnType<typeof rgb>; maxLines?: number; gap?: number },
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
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const fonts: Fonts = { regular, bold, charset: new Set(regular.getCharacterSet()) };

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
    const footer = 'Show this QR code at the entrance';
    page.drawText(footer, {
      x: (WIDTH - regular.widthOfTextAtSize(footer, 8.5)) / 2,
      y: MARGIN + 2,
      size: 8.5,
      font: regular,
      color: MUTED,
    });
  }

  return doc.save();
}
