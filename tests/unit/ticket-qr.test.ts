import { createHmac, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signTicketQr, verifyTicketQr } from '@/server/tickets/ticket-qr';

const ticket = {
  ticketId: randomUUID(),
  reference: 'MQ-7K3F9X2',
  showtimeId: randomUUID(),
  seatLabel: 'H12',
  startsAt: new Date('2026-11-22T14:30:00Z'),
};

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The same string with the character at i replaced by a different base64url character. */
function changeAt(s: string, i: number): string {
  const other = BASE64URL[(BASE64URL.indexOf(s[i] as string) + 1) % BASE64URL.length];
  return s.slice(0, i) + other + s.slice(i + 1);
}

describe('ticket QR codes', () => {
  it('round-trip every field', () => {
    const qr = signTicketQr(ticket);
    expect(qr).toMatch(/^MQT1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{22}$/);
    expect(verifyTicketQr(qr)).toEqual({ ok: true, ticket });
  });

  it('stay short enough for a small QR code', () => {
    expect(signTicketQr(ticket).length).toBeLessThan(160);
    const long = signTicketQr({ ...ticket, reference: 'MQ-ABCDEFGHJKMN', seatLabel: 'WC-AA-24' });
    expect(long.length).toBeLessThan(200);
  });

  it('reject any single changed character in the payload', () => {
    const qr = signTicketQr(ticket);
    const [version = '', body = '', signature = ''] = qr.split('.');
    for (let i = 0; i < body.length; i++) {
      expect(verifyTicketQr(`${version}.${changeAt(body, i)}.${signature}`)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('reject any single changed character in the signature, the last one included', () => {
    const qr = signTicketQr(ticket);
    const [version = '', body = '', signature = ''] = qr.split('.');
    for (let i = 0; i < signature.length; i++) {
      expect(verifyTicketQr(`${version}.${body}.${changeAt(signature, i)}`)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('reject a payload re-signed with any key but the ticket-qr key', () => {
    const [version = '', body = ''] = signTicketQr(ticket).split('.');
    const forged = createHmac('sha256', 'someone else’s key')
      .update(`${version}.${body}`)
      .digest()
      .subarray(0, 16)
      .toString('base64url');
    expect(verifyTicketQr(`${version}.${body}.${forged}`)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('give a different code to every ticket of a booking', () => {
    const a = signTicketQr(ticket);
    const b = signTicketQr({ ...ticket, ticketId: randomUUID(), seatLabel: 'H13' });
    expect(a).not.toBe(b);
  });

  it('call unreadable input malformed', () => {
    const [, body = '', signature = ''] = signTicketQr(ticket).split('.');
    for (const bad of [
      '',
      'hello',
      'https://example.com/ticket',
      `MQT2.${body}.${signature}`,
      `MQT1.${body}`,
      `MQT1.${body}.${signature}.x`,
      `MQT1.${body}.${signature.slice(1)}`,
      `MQT1.${body}!.${signature}`,
    ]) {
      expect(verifyTicketQr(bad)).toEqual({ ok: false, reason: 'malformed' });
    }
  });

  it('refuse to sign ids that are not UUIDs', () => {
    expect(() => signTicketQr({ ...ticket, ticketId: 'ticket-1' })).toThrow(/UUID/);
  });
});
