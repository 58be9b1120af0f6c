import 'server-only';
import { screenLayoutSchema } from '@/lib/schemas/layout';
import type { SeatView } from '@/lib/seat-map';
import { db } from '@/server/db';

/** A showtime with its screen layout and every seat's current state. */
export async function getShowtime(id: string, now = new Date()) {
  const showtime = await db().showtime.findUnique({
    where: { id },
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      language: true,
      format: true,
      status: true,
      seatVersion: true,
      movie: {
        select: { slug: true, title: true, certificate: true, runtimeMinutes: true, posterUrl: true },
      },
      prices: { select: { category: true, priceMinor: true } },
      screen: {
        select: {
          name: true,
          layout: true,
          cinema: { select: { slug: true, name: true, locality: true, addressLine: true } },
          seats: {
            select: {
              id: true,
              rowLabel: true,
              number: true,
              rowIndex: true,
              col: true,
              category: true,
              kind: true,
              blocked: true,
            },
            orderBy: [{ rowIndex: 'asc' }, { col: 'asc' }],
          },
        },
      },
    },
  });
  if (!showtime) return null;
  // Live claims only: a HELD claim past its expiry no longer blocks the seat, swept or not.
  const claims = await db().seatClaim.findMany({
    where: {
      showtimeId: id,
      OR: [{ state: 'SOLD' }, { state: 'HELD', expiresAt: { gt: now } }],
    },
    select: { seatId: true, state: true },
  });
  const taken = new Map(claims.map((c) => [c.seatId, c.state]));
  const seats: SeatView[] = showtime.screen.seats.map((s) => ({
    id: s.id,
    row: s.rowLabel,
    number: s.number,
    rowIndex: s.rowIndex,
    col: s.col,
    category: s.category,
    kind: s.kind,
    state: s.blocked
      ? 'blocked'
      : taken.get(s.id) === 'SOLD'
        ? 'sold'
        : taken.has(s.id)
          ? 'held'
          : 'available',
  }));
  const { seats: _omit, layout, ...screen } = showtime.screen;
  return {
    ...showtime,
    startsAt: showtime.startsAt.toISOString(),
    endsAt: showtime.endsAt.toISOString(),
    screen: { ...screen, layout: screenLayoutSchema.parse(layout) },
    seats,
  };
}
