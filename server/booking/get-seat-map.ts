import 'server-only';
import { AppError } from '@/lib/errors';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { RowVersions } from '@/lib/seat-events';
import { type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';

type Live = {
  versions: RowVersions | null;
  status: 'SCHEDULED' | 'CANCELLED';
  claims: { s: string; st: 'HELD' | 'SOLD'; h: string; u: string | null; e: string }[] | null;
};

// Every seat's state with the versions of its rows, read in one statement (one snapshot), so a
// live viewer can apply later deltas on top of it without gaps or double counting.
export async function getSeatMap(
  showtimeId: string,
  viewerId?: string,
): Promise<{ map: SeatMap; ctx: ShowtimeContext }> {
  const ctx = await showtimeContext(showtimeId);
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  const [live] = await db().$queryRaw<Live[]>`
    SELECT (SELECT jsonb_object_agg(r.row_index, r.version) FROM showtime_seat_rows r WHERE r.showtime_id = s.id) AS versions,
           s.status::text AS status,
           (SELECT json_agg(json_build_object('s', c.seat_id, 'st', c.state, 'h', c.hold_id, 'u', h.user_id, 'e', c.expires_at))
            FROM seat_claims c JOIN seat_holds h ON h.id = c.hold_id
            WHERE c.showtime_id = s.id AND c.state IN ('HELD', 'SOLD') AND (c.state = 'SOLD' OR c.expires_at > now())) AS claims
    FROM showtimes s WHERE s.id = ${showtimeId}::uuid`;
  if (!live) throw new AppError('NOT_FOUND', 'Showtime not found.');
  const claims = new Map((live.claims ?? []).map((c) => [c.s, c]));
  const mine = (live.claims ?? []).filter((c) => viewerId && c.u === viewerId && c.st === 'HELD');
  const seats = [...ctx.seats.values()]
    .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col)
    .map((s) => {
      const c = claims.get(s.id);
      return {
        id: s.id,
        label: s.label,
        row: s.row,
        number: s.number,
        rowIndex: s.rowIndex,
        col: s.col,
        category: s.category,
        kind: s.kind,
        state: s.blocked
          ? ('blocked' as const)
          : !c
            ? ('available' as const)
            : c.st === 'SOLD'
              ? ('sold' as const)
              : ('held' as const),
        mine: Boolean(viewerId && c && c.u === viewerId && c.st === 'HELD'),
      };
    });
  const first = mine[0];
  return {
    ctx,
    map: {
      showtimeId,
      versions: live.versions ?? {},
      status: live.status,
      startsAt: ctx.startsAt.toISOString(),
      layout: ctx.layout,
      prices: [...ctx.prices].map(([category, priceMinor]) => ({ category, priceMinor })),
      seats,
      myHold: first
        ? { holdId: first.h, expiresAt: new Date(first.e).toISOString(), seatIds: mine.map((c) => c.s) }
        : null,
    },
  };
}
