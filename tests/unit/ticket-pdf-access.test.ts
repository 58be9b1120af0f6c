import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { accessNames } from '@/lib/accessibility';
import type { TicketPdfInput } from '@/server/tickets/ticket-pdf';
import { renderTicketsPdfAs } from '@/server/tickets/ticket-pdf-layouts';
import { signTicketQr } from '@/server/tickets/ticket-qr';
import { pdfPagesText } from '../support/pdf-text';

// Accessible showings on printed tickets: the holder (and the door) read what the show promised.

const startsAt = new Date('2026-11-22T14:30:00Z');

function booking(access: string, title = 'The Long Night'): TicketPdfInput {
  return {
    reference: 'MQ-7K3F9X2',
    customerName: 'Asha Rao',
    movie: { title, certificate: 'UA 13+' },
    cinema: { name: 'Marquee Indiranagar', address: '100 Feet Road, HAL 2nd Stage, Bengaluru 560038' },
    screen: 'Screen 2',
    startsAt,
    format: 'TWO_D',
    language: 'English',
    access,
    tickets: [
      {
        seatLabel: 'H11',
        category: 'STANDARD',
        priceMinor: 35_000,
        qr: signTicketQr({
          ticketId: randomUUID(),
          reference: 'MQ-7K3F9X2',
          showtimeId: randomUUID(),
          seatLabel: 'H11',
          startsAt,
        }),
      },
    ],
    totalMinor: 35_000,
    currency: 'INR',
    testMode: false,
  };
}

describe('accessible showings on tickets', () => {
  it('names the features in words, and nothing for a plain showing', () => {
    expect(accessNames({ accessibility: ['RELAXED', 'AUDIO_DESCRIBED'], wheelchairAccessible: true })).toBe(
      'Audio described (AD), Relaxed screening, Wheelchair-accessible screen',
    );
    expect(accessNames({ accessibility: [], wheelchairAccessible: false })).toBe('');
  });

  // (The A4 sheet is the A6 pages placed four to a page, so it prints what the A6 does.)
  it.each(['a6', 'thermal'] as const)('prints them on the %s ticket', async (layout) => {
    const text = accessNames({ accessibility: ['AUDIO_DESCRIBED', 'RELAXED'], wheelchairAccessible: false });
    const [page] = await pdfPagesText(await renderTicketsPdfAs(layout, booking(text)));
    expect(page).toContain('Audio described (AD)');
    expect(page).toContain('Relaxed screening');
    const [plain] = await pdfPagesText(await renderTicketsPdfAs(layout, booking('')));
    expect(plain).not.toContain('Audio described');
  });

  it('still fits with a long title and every feature', async () => {
    const text = accessNames({
      accessibility: ['SUBTITLED', 'CAPTIONED', 'AUDIO_DESCRIBED', 'RELAXED'],
      wheelchairAccessible: true,
    });
    const [page] = await pdfPagesText(
      await renderTicketsPdfAs('a6', booking(text, 'A Very Long Film Title That Goes On '.repeat(4))),
    );
    expect(page).toContain('H11');
    expect(page).toContain('MQ-7K3F9X2');
  });
});
