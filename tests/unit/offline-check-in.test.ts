import { describe, expect, it } from 'vitest';
import { canonicalTicketCode, checkInOffline, markCheckedIn, ticketIdFromQr } from '@/lib/offline-check-in';
import type { OfflineDoorList } from '@/lib/schemas/check-in';

// The door's offline judgement, in the browser's terms (atob, no Node Buffer in the code itself).

const ID = '3f2b8c1e-9a4d-4c6b-8e2f-0123456789ab';
const packed = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url');
const payload = (uuid: string) =>
  `MQT1.${Buffer.from(JSON.stringify([packed(uuid), 'MQ-7K3F9X2', packed(ID), 'D6', 1_800_000_000])).toString('base64url')}.${'x'.repeat(22)}`;

const list: OfflineDoorList = {
  showtime: {
    id: '00000000-0000-4000-8000-000000000001',
    startsAt: '2026-12-06T13:30:00.000Z',
    endsAt: '2026-12-06T16:00:00.000Z',
    doorsOpenAt: '2026-12-06T12:00:00.000Z',
    movie: 'Monsoon Express',
    screen: 'Audi 1',
    cinema: 'Marquee Andheri',
    timeZone: 'Asia/Kolkata',
  },
  tickets: [
    {
      ticketId: ID,
      seat: 'D6',
      code: 'MQ-7K3F9X2-D6',
      reference: 'MQ-7K3F9X2',
      customer: 'Asha Rao',
      status: 'VALID',
      checkedInAt: null,
      door: null,
    },
  ],
  downloadedAt: '2026-12-06T11:00:00.000Z',
};

describe('offline check-in', () => {
  it('reads the ticket id out of a QR payload, and nothing out of anything else', () => {
    expect(ticketIdFromQr(payload(ID))).toBe(ID);
    expect(ticketIdFromQr('MQ-7K3F9X2-D6')).toBeNull();
    expect(ticketIdFromQr('MQT1.!!!.sig')).toBeNull();
    expect(ticketIdFromQr(`MQT1.${Buffer.from('[1,2]').toString('base64url')}.sig`)).toBeNull();
  });

  it('reads typed codes as people copy them', () => {
    expect(canonicalTicketCode('mq 7k3f9x2 d06')).toBe('MQ-7K3F9X2-D6');
    expect(canonicalTicketCode('MQ-7K3F9X2-D6')).toBe('MQ-7K3F9X2-D6');
    expect(canonicalTicketCode('MQ-OK3F9XL-D6')).toBe('MQ-0K3F9X1-D6');
    expect(canonicalTicketCode('hello')).toBeNull();
  });

  it('admits once, then says when and where it was used, in the cinema’s time', () => {
    const now = new Date('2026-12-06T13:10:00.000Z');
    const first = checkInOffline({ lists: [list], input: payload(ID), now });
    expect(first).toMatchObject({ ok: true, title: 'Admit · seat D6' });
    expect(first.text).toContain('Asha Rao · Monsoon Express');
    const after = markCheckedIn(list, ID, now, 'Door 2');
    const again = checkInOffline({ lists: [after], input: 'mq7k3f9x2d6', now });
    expect(again).toMatchObject({ ok: false, reason: 'already-used' });
    expect(again.text).toBe('Already used at 6:40 pm by Door 2, seat D6.');
  });

  it('refuses before the doors open, after the show, and what is not on the list', () => {
    expect(
      checkInOffline({ lists: [list], input: payload(ID), now: new Date('2026-12-06T11:59:00.000Z') }),
    ).toMatchObject({ ok: false, reason: 'too-early', text: 'Too early: doors open at 5:30 pm.' });
    expect(
      checkInOffline({ lists: [list], input: payload(ID), now: new Date('2026-12-06T16:01:00.000Z') }),
    ).toMatchObject({ ok: false, reason: 'show-ended' });
    const other = payload('3f2b8c1e-9a4d-4c6b-8e2f-0123456789ac');
    expect(
      checkInOffline({ lists: [list], input: other, now: new Date('2026-12-06T13:00:00.000Z') }),
    ).toMatchObject({
      ok: false,
      reason: 'unknown',
    });
  });
});
