import { randomUUID } from 'node:crypto';
import { PDFDocument, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { toWinAnsi } from '@/server/tickets/pdf-kit';
import { renderTicketsPdf, type TicketPdfInput } from '@/server/tickets/ticket-pdf';
import { signTicketQr } from '@/server/tickets/ticket-qr';
import { pdfPagesText } from '../support/pdf-text';

const startsAt = new Date('2026-11-22T14:30:00Z');
const showtimeId = randomUUID();

function booking(overrides: Partial<TicketPdfInput> = {}, seats = ['H11', 'H12', 'H13']): TicketPdfInput {
  return {
    reference: 'MQ-7K3F9X2',
    customerName: 'Asha Rao',
    movie: { title: 'The Long Night', certificate: 'UA 13+' },
    cinema: { name: 'Marquee Indiranagar', address: '100 Feet Road, HAL 2nd Stage, Bengaluru 560038' },
    screen: 'Screen 2',
    startsAt,
    format: 'IMAX',
    language: 'English',
    tickets: seats.map((seatLabel) => ({
      seatLabel,
      category: 'PREMIUM',
      priceMinor: 35_000,
      qr: signTicketQr({ ticketId: randomUUID(), reference: 'MQ-7K3F9X2', showtimeId, seatLabel, startsAt }),
    })),
    totalMinor: 35_000 * seats.length,
    currency: 'INR',
    testMode: false,
    ...overrides,
  };
}

function imageCount(doc: PDFDocument): number {
  return doc.context
    .enumerateIndirectObjects()
    .filter(([, o]) => o instanceof PDFRawStream && o.dict.get(PDFName.of('Subtype')) === PDFName.of('Image'))
    .length;
}

describe('ticket PDF', () => {
  it('is a PDF with one A6 page and one QR image per ticket', async () => {
    const bytes = await renderTicketsPdf(booking());
    expect(Buffer.from(bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');

    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(3);
    for (const page of doc.getPages()) {
      const { width, height } = page.getSize();
      expect(Math.round((width / 72) * 25.4)).toBe(105);
      expect(Math.round((height / 72) * 25.4)).toBe(148);
    }
    expect(imageCount(doc)).toBe(3);
    expect(doc.getTitle()).toContain('MQ-7K3F9X2');
  });

  it('prints what a person reads: film, seat, reference, price', async () => {
    const [first, second] = await pdfPagesText(await renderTicketsPdf(booking()));
    expect(first).toContain('The Long Night');
    expect(first).toContain('H11');
    expect(first).toContain('MQ-7K3F9X2');
    expect(first).toContain('INR 350.00');
    expect(first).toContain('Ticket 1 of 3');
    expect(second).toContain('H12');
  });

  it('says TEST MODE on every page when payments are the sandbox, and nowhere otherwise', async () => {
    const test = await renderTicketsPdf(booking({ testMode: true }));
    const pages = await pdfPagesText(test);
    expect(pages).toHaveLength(3);
    for (const page of pages) {
      expect(page).toContain('TEST MODE');
      expect(page).toContain('not valid for entry');
    }
    expect((await PDFDocument.load(test)).getKeywords()).toContain('TEST MODE');
    for (const page of await pdfPagesText(await renderTicketsPdf(booking({ testMode: false })))) {
      expect(page).not.toContain('TEST MODE');
    }
  });

  it('renders a single ticket on a single page', async () => {
    const doc = await PDFDocument.load(await renderTicketsPdf(booking({}, ['A1'])));
    expect(doc.getPageCount()).toBe(1);
  });

  it('does not throw on titles and names the standard fonts cannot encode', async () => {
    const title = 'Amélie’s Café — दिल';
    const bytes = await renderTicketsPdf(
      booking({
        movie: { title, certificate: 'U' },
        customerName: 'Zoë Ødegaard 李',
        cinema: { name: 'Kino “Łódź”', address: 'ул. Тверская, 1 ₹ 🎬\nSecond line' },
        screen: 'Screen\u00a01',
      }),
    );
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(3);
    // The document title is UTF-16 metadata, so it keeps the real name.
    expect(doc.getTitle()).toContain(title);
  });

  it('fits a very long title and address without failing', async () => {
    const bytes = await renderTicketsPdf(
      booking({
        movie: { title: 'Supercalifragilisticexpialidocious '.repeat(8), certificate: 'A' },
        cinema: { name: 'X'.repeat(200), address: 'Road '.repeat(100) },
      }),
    );
    expect((await PDFDocument.load(bytes)).getPageCount()).toBe(3);
  });

  it('refuses a booking without tickets', async () => {
    await expect(renderTicketsPdf(booking({}, []))).rejects.toThrow(/at least one ticket/);
  });

  it('reduces text to what WinAnsi can encode, keeping what it can', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const charset = new Set(font.getCharacterSet());
    const cleaned = toWinAnsi('Amélie’s Café — दिल ₹350 Łódź\u202f7:30\tpm', charset);
    expect(cleaned).toMatch(/^Amélie’s Café — \?+ \?350 Lódz 7:30 pm$/);
    expect(() => font.encodeText(cleaned)).not.toThrow();
  });
});
