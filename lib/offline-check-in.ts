import { formatTime } from '@/lib/format';
import type { OfflineDoorList, OfflineTicket } from '@/lib/schemas/check-in';
import { parseTicketCode, ticketCode } from '@/lib/ticket-code';

// The door's decision while the network is down, made on the device against a show's door list
// downloaded in advance (server/tickets/get-offline-door-list.ts). The device cannot verify a QR
// code's signature (the key stays on the server), so a scan is matched by the ticket id inside
// the QR payload, which only a real ticket carries (ids are random UUIDs), or by the typed code.
// The server decides again when the scans are synced; what it refuses is shown to the staff.

/** The ticket id inside a MQT1 QR payload (unverified: the server checks the signature later). */
export function ticketIdFromQr(payload: string): string | null {
  const parts = payload.trim().split('.');
  if (parts.length !== 3 || parts[0] !== 'MQT1' || !/^[A-Za-z0-9_-]+$/.test(parts[1] ?? '')) return null;
  try {
    const b64 = (parts[1] ?? '').replace(/-/g, '+').replace(/_/g, '/');
    const data: unknown = JSON.parse(atob(b64.padEnd(Math.ceil(b64.length / 4) * 4, '=')));
    const packed = Array.isArray(data) ? data[0] : null;
    if (typeof packed !== 'string' || !/^[A-Za-z0-9_-]{22}$/.test(packed)) return null;
    const bytes = atob(`${packed.replace(/-/g, '+').replace(/_/g, '/')}==`);
    const hex = Array.from(bytes, (c) => c.charCodeAt(0).toString(16).padStart(2, '0')).join('');
    if (hex.length !== 32) return null;
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  } catch {
    return null;
  }
}

/** A typed code in its printed form, read as people copy it (Crockford: O for 0, I or L for 1). */
export function canonicalTicketCode(input: string): string | null {
  const typed = parseTicketCode(input);
  if (!typed) return null;
  const reference = `MQ-${typed.reference.slice(3).replace(/O/g, '0').replace(/[IL]/g, '1')}`;
  return ticketCode(reference, typed.seat);
}

export type OfflineDecision =
  | { ok: true; ticket: OfflineTicket; list: OfflineDoorList; title: string; text: string }
  | {
      ok: false;
      reason: 'unknown' | 'already-used' | 'too-early' | 'show-ended';
      title: string;
      text: string;
    };

/** Finds the scan in the downloaded lists and judges it as the server would. */
export function checkInOffline(options: {
  lists: OfflineDoorList[];
  input: string;
  now: Date;
}): OfflineDecision {
  const id = ticketIdFromQr(options.input);
  const code = id ? null : canonicalTicketCode(options.input);
  for (const list of options.lists) {
    const ticket = list.tickets.find((t) => (id ? t.ticketId === id : t.code === code));
    if (!ticket) continue;
    const show = list.showtime;
    const tz = show.timeZone;
    if (ticket.status === 'CHECKED_IN') {
      const at = ticket.checkedInAt ? formatTime(ticket.checkedInAt, tz) : 'an earlier time';
      return {
        ok: false,
        reason: 'already-used',
        title: 'Do not admit: already used',
        text: `Already used at ${at}${ticket.door ? ` by ${ticket.door}` : ''}, seat ${ticket.seat}.`,
      };
    }
    if (options.now < new Date(show.doorsOpenAt)) {
      return {
        ok: false,
        reason: 'too-early',
        title: 'Do not admit yet',
        text: `Too early: doors open at ${formatTime(show.doorsOpenAt, tz)}.`,
      };
    }
    if (options.now > new Date(show.endsAt)) {
      return {
        ok: false,
        reason: 'show-ended',
        title: 'Do not admit',
        text: `This show ended at ${formatTime(show.endsAt, tz)}.`,
      };
    }
    return {
      ok: true,
      ticket,
      list,
      title: `Admit · seat ${ticket.seat}`,
      text: `${ticket.customer ? `${ticket.customer} · ` : ''}${show.movie} · ${show.screen} · ${formatTime(show.startsAt, tz)} (${ticket.code}) · offline, to be synced`,
    };
  }
  return {
    ok: false,
    reason: 'unknown',
    title: 'Do not admit',
    text:
      id || code
        ? 'Not on the downloaded door lists (cancelled, another show, or sold after the download). Check it when back online.'
        : 'Not a Marquee ticket code. Type the code under the QR code, e.g. MQ-7K3F9X2-D6.',
  };
}

/** The list after a ticket came in at this door (so a second scan offline is "already used"). */
export function markCheckedIn(
  list: OfflineDoorList,
  ticketId: string,
  at: Date,
  door: string | null,
): OfflineDoorList {
  return {
    ...list,
    tickets: list.tickets.map((t) =>
      t.ticketId === ticketId ? { ...t, status: 'CHECKED_IN', checkedInAt: at.toISOString(), door } : t,
    ),
  };
}
