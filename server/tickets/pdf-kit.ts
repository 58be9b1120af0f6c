import 'server-only';
import { degrees, type PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib';
import { CINEMA_TIME_ZONE } from '@/lib/format';

// What Marquee's PDFs (tickets, tax invoices) share: the standard fonts, text they can draw,
// amounts and dates as printed, line wrapping, and the TEST MODE mark. The standard PDF fonts
// (no font file to ship) only encode WinAnsi, so every string is reduced to what the font can
// draw first; money is written "INR 350.00" because "₹" is not in WinAnsi.

export type Fonts = { regular: PDFFont; bold: PDFFont; charset: ReadonlySet<number> };

export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.42, 0.42, 0.46);
export const BRAND = rgb(0.55, 0.07, 0.13);
export const RULE = rgb(0.85, 0.85, 0.87);
export const WHITE = rgb(1, 1, 1);
const WARN = rgb(0.85, 0.33, 0.05);

export async function embedFonts(doc: PDFDocument): Promise<Fonts> {
  const regular = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  return { regular, bold, charset: new Set(regular.getCharacterSet()) };
}

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

export function formatAmount(minor: number, currency: string): string {
  const amount = new Intl.NumberFormat('en-IN', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minor / 100);
  return `${currency} ${amount}`;
}

/** "Wed 30 Sept 2026" (no comma: Intl's en-IN puts one after the weekday). */
export function formatDate(date: Date): string {
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
export function wrap(
  text: string,
  font: PDFFont,
  size: number,
  maxWidth: number,
  maxLines: number,
): string[] {
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

/**
 * TEST MODE, impossible to miss: large and diagonal across the page, faint enough to leave the
 * page (and a ticket's QR code) readable, and a plain line saying what it means.
 */
export function drawTestModeMark(page: PDFPage, fonts: Fonts, meaning: string): void {
  const { width, height } = page.getSize();
  const size = Math.min(width, height) / 6;
  const text = 'TEST MODE';
  const textWidth = fonts.bold.widthOfTextAtSize(text, size);
  // Centred on the page, rotated 45°: start half the text's length back along the diagonal.
  const angle = Math.PI / 4;
  page.drawText(text, {
    x: width / 2 - (Math.cos(angle) * textWidth) / 2 + (Math.sin(angle) * size) / 3,
    y: height / 2 - (Math.sin(angle) * textWidth) / 2 - (Math.cos(angle) * size) / 3,
    size,
    font: fonts.bold,
    color: WARN,
    opacity: 0.18,
    rotate: degrees(45),
  });
  const note = toWinAnsi(`TEST MODE: ${meaning}`, fonts.charset);
  const noteSize = Math.max(
    6,
    Math.min(8, (width - 24) / Math.max(1, fonts.bold.widthOfTextAtSize(note, 1))),
  );
  page.drawText(note, {
    x: (width - fonts.bold.widthOfTextAtSize(note, noteSize)) / 2,
    y: 6,
    size: noteSize,
    font: fonts.bold,
    color: WARN,
  });
}
