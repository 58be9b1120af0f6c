import 'server-only';
import { AppError } from '@/lib/errors';
import { formatTime } from '@/lib/format';
import type { OfflineScan, SyncCheckInsResult, SyncedScan } from '@/lib/schemas/check-in';
import { ticketCode } from '@/lib/ticket-code';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { checkInTicket } from '@/server/tickets/check-in-ticket';

type Details = {
  reason?: string;
  seat?: string;
  reference?: string;
  checkedInAt?: string;
  door?: string | null;
};

/**
 * What a door device admitted while offline, sent when it is back: the server decides each scan
 * with the same check-in as online (one transaction each, judged at the moment it was scanned),
 * in the order they were scanned. The first check-in of a ticket to reach the server wins; a
 * later one of the same ticket (another door's device, an online scan meanwhile) is a conflict:
 * somebody came in twice on one ticket, and the staff member is told so. A scan sent again after
 * a lost answer is recognised by its time and door and answers `admitted` again.
 * Staff and managers of the show's cinema, and admins.
 */
export async function syncOfflineCheckIns(options: {
  viewer: Viewer;
  showtimeId: string;
  scans: OfflineScan[];
  now?: Date;
}): Promise<SyncCheckInsResult> {
  const show = await db().showtime.findUnique({
    where: { id: options.showtimeId },
    select: {
      screen: { select: { cinemaId: true, cinema: { select: { city: { select: { timeZone: true } } } } } },
    },
  });
  if (!show) throw new AppError('NOT_FOUND', 'Showtime not found.');
  authorize(options.viewer, { roles: ['STAFF', 'MANAGER'], cinemaId: show.screen.cinemaId });
  const timeZone = show.screen.cinema.city.timeZone;
  const now = options.now ?? new Date();

  const ordered = [...options.scans].sort((a, b) => Date.parse(a.scannedAt) - Date.parse(b.scannedAt));
  const byId = new Map<string, SyncedScan>();
  for (const scan of ordered) {
    // A device clock ahead of the server's cannot admit someone in the future.
    const scannedAt = new Date(Math.min(Date.parse(scan.scannedAt), now.getTime()));
    const door = scan.door?.trim() || null;
    try {
      const r = await checkInTicket({
        viewer: options.viewer,
        qr: scan.qr,
        door: door ?? undefined,
        showtimeId: options.showtimeId,
        offline: true,
        now: scannedAt,
      });
      byId.set(scan.id, {
        id: scan.id,
        outcome: 'admitted',
        message: `Seat ${r.seat} checked in at ${formatTime(scannedAt, timeZone)}${door ? ` by ${door}` : ''}.`,
        reason: null,
        ticketId: r.ticketId,
        seat: r.seat,
        code: r.code,
        checkedInAt: r.checkedInAt,
        door: r.door,
      });
    } catch (error) {
      if (!(error instanceof AppError) || error.code === 'BUSY') throw error;
      const d = (error.details ?? {}) as Details;
      const seat = d.seat ?? null;
      const code = d.seat && d.reference ? ticketCode(d.reference, d.seat) : null;
      const base = { id: scan.id, ticketId: null, seat, code, reason: d.reason ?? null };
      if (d.reason === 'already-used') {
        const repeat = d.checkedInAt === scannedAt.toISOString() && (d.door ?? null) === door;
        const first = d.checkedInAt ? new Date(d.checkedInAt) : null;
        byId.set(scan.id, {
          ...base,
          outcome: repeat ? 'admitted' : 'conflict',
          message: repeat
            ? `Seat ${seat} checked in at ${formatTime(scannedAt, timeZone)}${door ? ` by ${door}` : ''}.`
            : `Seat ${seat} came in twice: scanned ${door ? `by ${door} ` : ''}at ${formatTime(scannedAt, timeZone)}, but already used at ${first ? formatTime(first, timeZone) : 'an earlier time'}${d.door ? ` by ${d.door}` : ''}.`,
          reason: repeat ? null : 'already-used',
          checkedInAt: d.checkedInAt ?? null,
          door: d.door ?? null,
        });
      } else {
        byId.set(scan.id, {
          ...base,
          outcome: 'refused',
          message: error.message,
          checkedInAt: null,
          door: null,
        });
      }
    }
  }
  const results = options.scans.flatMap((s) => byId.get(s.id) ?? []);
  return {
    results,
    admitted: results.filter((r) => r.outcome === 'admitted').length,
    conflicts: results.filter((r) => r.outcome === 'conflict').length,
    refused: results.filter((r) => r.outcome === 'refused').length,
  };
}
