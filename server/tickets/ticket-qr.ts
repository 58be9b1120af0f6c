import 'server-only';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { derivedKey } from '@/server/auth/secret';

// The QR code on a ticket: MQT1.<payload>.<signature>, where payload is base64url(JSON) and the
// signature is HMAC-SHA256 over "MQT1.<payload>" with the ticket-qr key, truncated to 16 bytes
// (128 bits is far beyond what anyone could forge by trial at a cinema door). The door scanner
// can check it offline; whether the ticket is still valid (not cancelled, not already used) is
// the database's answer at check-in, not the QR code's.
//
// Kept short so the code stays small and scans from a dim phone screen: the JSON is an array,
// not an object, UUIDs travel as 22-character base64url of their 16 bytes, and the start time
// as whole seconds (showtimes start on the minute). About 140 characters in all.

const VERSION = 'MQT1';
const SIGNATURE_BYTES = 16;

export type TicketQrData = {
  ticketId: string;
  reference: string;
  showtimeId: string;
  seatLabel: string;
  startsAt: Date;
};

export type TicketQrVerification =
  | { ok: true; ticket: TicketQrData }
  | { ok: false; reason: 'malformed' | 'bad-signature' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function packUuid(id: string, field: string): string {
  if (!UUID.test(id)) throw new TypeError(`signTicketQr: ${field} must be a UUID`);
  return Buffer.from(id.replace(/-/g, ''), 'hex').toString('base64url');
}

function unpackUuid(packed: unknown): string | null {
  if (typeof packed !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(packed)) return null;
  const hex = Buffer.from(packed, 'base64url').toString('hex');
  if (hex.length !== 32) return null;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function sign(signedPart: string): string {
  return createHmac('sha256', derivedKey('ticket-qr'))
    .update(signedPart)
    .digest()
    .subarray(0, SIGNATURE_BYTES)
    .toString('base64url');
}

export function signTicketQr(t: TicketQrData): string {
  const seconds = Math.floor(t.startsAt.getTime() / 1000);
  if (!Number.isFinite(seconds)) throw new TypeError('signTicketQr: startsAt is not a valid date');
  const json = JSON.stringify([
    packUuid(t.ticketId, 'ticketId'),
    t.reference,
    packUuid(t.showtimeId, 'showtimeId'),
    t.seatLabel,
    seconds,
  ]);
  const signedPart = `${VERSION}.${Buffer.from(json, 'utf8').toString('base64url')}`;
  return `${signedPart}.${sign(signedPart)}`;
}

export function verifyTicketQr(payload: string): TicketQrVerification {
  const parts = payload.trim().split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [version, body, signature] = parts as [string, string, string];
  if (version !== VERSION || !/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]{22}$/.test(signature)) {
    return { ok: false, reason: 'malformed' };
  }

  // Compare the signature as text, not as decoded bytes: base64url's last character carries
  // spare bits, so two different strings can decode to the same bytes, and a changed character
  // must never still verify.
  const expected = Buffer.from(sign(`${version}.${body}`), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return { ok: false, reason: 'bad-signature' };
  }

  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(data) || data.length !== 5) return { ok: false, reason: 'malformed' };
  const [ticket, reference, showtime, seatLabel, seconds] = data as unknown[];
  const ticketId = unpackUuid(ticket);
  const showtimeId = unpackUuid(showtime);
  if (
    !ticketId ||
    !showtimeId ||
    typeof reference !== 'string' ||
    typeof seatLabel !== 'string' ||
    typeof seconds !== 'number' ||
    !Number.isSafeInteger(seconds)
  ) {
    return { ok: false, reason: 'malformed' };
  }
  return {
    ok: true,
    ticket: { ticketId, reference, showtimeId, seatLabel, startsAt: new Date(seconds * 1000) },
  };
}
