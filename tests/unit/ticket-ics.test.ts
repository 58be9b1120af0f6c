import { describe, expect, it } from 'vitest';
import { type BookingIcsInput, escapeIcsText, renderBookingIcs } from '@/server/tickets/ticket-ics';

const input: BookingIcsInput = {
  reference: 'MQ-7K3F9X2',
  movieTitle: 'Amélie; or, The Fabulous Destiny \\ of a Café — दिल से, a very long title indeed',
  cinemaName: 'Marquee Indiranagar',
  address: '100 Feet Road, HAL 2nd Stage; Bengaluru 560038',
  screen: 'Screen 2',
  seats: ['H11', 'H12', 'H13'],
  startsAt: new Date('2026-11-22T14:30:00Z'),
  endsAt: new Date('2026-11-22T17:05:00Z'),
  url: 'https://marquee.example/bookings/MQ-7K3F9X2',
  now: new Date('2026-11-20T09:15:42.123Z'),
};

/** Undoes line folding (RFC 5545 §3.1) and splits into content lines. */
function unfold(ics: string): string[] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter(Boolean);
}

function property(ics: string, name: string): string[] {
  return unfold(ics)
    .filter((l) => l.startsWith(`${name}:`))
    .map((l) => l.slice(name.length + 1));
}

describe('booking calendar file', () => {
  const ics = renderBookingIcs(input);

  it('uses CRLF for every line break and ends with one', () => {
    expect(ics.endsWith('\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds long lines at 75 octets without splitting a UTF-8 character', () => {
    const physical = ics.split('\r\n');
    for (const line of physical) {
      expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
      // A split surrogate pair would not survive a UTF-8 round trip.
      expect(Buffer.from(line, 'utf8').toString('utf8')).toBe(line);
    }
    expect(physical.some((l) => l.startsWith(' '))).toBe(true);
  });

  it('is one VEVENT inside a VCALENDAR, with a reminder an hour before', () => {
    const lines = unfold(ics);
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines.at(-1)).toBe('END:VCALENDAR');
    expect(lines).toContain('VERSION:2.0');
    expect(lines.filter((l) => l === 'BEGIN:VEVENT')).toHaveLength(1);
    const alarm = lines.slice(lines.indexOf('BEGIN:VALARM'), lines.indexOf('END:VALARM') + 1);
    expect(alarm).toContain('TRIGGER:-PT1H');
    expect(alarm).toContain('ACTION:DISPLAY');
    expect(property(ics, 'PRODID')).toHaveLength(1);
  });

  it('identifies the booking and gives times in UTC', () => {
    expect(property(ics, 'UID')).toEqual(['MQ-7K3F9X2@marquee']);
    expect(property(ics, 'DTSTART')).toEqual(['20261122T143000Z']);
    expect(property(ics, 'DTEND')).toEqual(['20261122T170500Z']);
    expect(property(ics, 'DTSTAMP')).toEqual(['20261120T091542Z']);
  });

  it('escapes backslashes, semicolons, commas and newlines in text', () => {
    expect(property(ics, 'SUMMARY')).toEqual([
      'Amélie\\; or\\, The Fabulous Destiny \\\\ of a Café — दिल से\\, a very long title indeed',
    ]);
    expect(property(ics, 'LOCATION')).toEqual([
      'Marquee Indiranagar\\, 100 Feet Road\\, HAL 2nd Stage\\; Bengaluru 560038',
    ]);
    const [description = ''] = property(ics, 'DESCRIPTION');
    expect(description).toContain('Seats H11\\, H12\\, H13');
    expect(description).toContain('\\nBooking reference MQ-7K3F9X2\\n');
    expect(description).toContain('https://marquee.example/bookings/MQ-7K3F9X2');
    expect(escapeIcsText('a\r\nb\nc\rd')).toBe('a\\nb\\nc\\nd');
  });

  it('says "Seat" for a single seat and survives line breaks in user text', () => {
    const single = renderBookingIcs({ ...input, seats: ['A1'], movieTitle: 'Line one\nLine two' });
    expect(property(single, 'DESCRIPTION')[0]).toContain('Seat A1');
    expect(property(single, 'SUMMARY')).toEqual(['Line one\\nLine two']);
    expect(single.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });
});
