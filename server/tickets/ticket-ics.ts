import 'server-only';

// "Add to calendar" for a booking: an RFC 5545 iCalendar file with one event and a reminder an
// hour before the show. Calendar apps are strict about the details that are easy to get wrong:
// CRLF line endings, lines folded at 75 octets (bytes, not characters, and never inside a UTF-8
// sequence), TEXT values escaped, and times in UTC so no VTIMEZONE block is needed.

export type BookingIcsInput = {
  reference: string;
  movieTitle: string;
  cinemaName: string;
  address: string;
  screen: string;
  seats: string[];
  startsAt: Date;
  endsAt: Date;
  /** The booking's page, for the event's URL and description. */
  url: string;
  /** DTSTAMP, when the file was made; defaults to now. */
  now?: Date;
};

const CRLF = '\r\n';
const MAX_OCTETS = 75;

/** A TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and newlines escaped. */
export function escapeIcsText(value: string): string {
  return (
    value
      .replace(/\\/g, '\\\\')
      .replace(/;/g, '\\;')
      .replace(/,/g, '\\,')
      .replace(/\r\n|\r|\n/g, '\\n')
      // Other control characters are not allowed in iCalendar content at all.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
      .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '')
  );
}

/** Folds a content line: at most 75 octets per physical line, continuations start with a space. */
function foldIcsLine(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= MAX_OCTETS) return line;
  const out: string[] = [];
  let current = '';
  let octets = 0;
  // The continuation's leading space counts towards its 75 octets.
  let limit = MAX_OCTETS;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    if (octets + size > limit) {
      out.push(current);
      current = '';
      octets = 0;
      limit = MAX_OCTETS - 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join(`${CRLF} `);
}

/** 20261122T143000Z */
function utc(date: Date): string {
  return date
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
}

export function renderBookingIcs(input: BookingIcsInput): string {
  const seats = input.seats.join(', ');
  const description = [
    `${input.screen} · ${input.seats.length === 1 ? 'Seat' : 'Seats'} ${seats}`,
    `Booking reference ${input.reference}`,
    'Show the QR code on your ticket at the entrance.',
    input.url,
  ].join('\n');

  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Marquee//Tickets//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    'BEGIN:VEVENT',
    // Stable per booking, so importing the file twice updates the event instead of duplicating it.
    `UID:${input.reference}@marquee`,
    `DTSTAMP:${utc(input.now ?? new Date())}`,
    `DTSTART:${utc(input.startsAt)}`,
    `DTEND:${utc(input.endsAt)}`,
    `SUMMARY:${escapeIcsText(input.movieTitle)}`,
    `LOCATION:${escapeIcsText(`${input.cinemaName}, ${input.address}`)}`,
    `DESCRIPTION:${escapeIcsText(description)}`,
    // URI values are not TEXT: no escaping, but they must not carry line breaks.
    `URL:${input.url.replace(/[\r\n]/g, '')}`,
    'STATUS:CONFIRMED',
    'TRANSP:OPAQUE',
    'BEGIN:VALARM',
    'ACTION:DISPLAY',
    'TRIGGER:-PT1H',
    `DESCRIPTION:${escapeIcsText(`${input.movieTitle} starts in 1 hour at ${input.cinemaName}`)}`,
    'END:VALARM',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldIcsLine).join(CRLF) + CRLF;
}
