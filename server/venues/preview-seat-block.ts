import 'server-only';
import { AppError } from '@/lib/errors';
import type { SeatBlockPreview, SeatBlockPreviewInput } from '@/lib/schemas/venues';
import { authorize, type Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';

type Named = { row: string; number: number };
const label = (s: { rowLabel: string; number: number }) => `${s.rowLabel}${s.number}`;

/**
 * The seats named, in the screen's current layout and in every version a coming show is sold on
 * (a seat keeps its name across versions: that is how the door staff and the moviegoer know it),
 * and the live tickets on them at coming shows. Shared by the preview and by applying the change,
 * which compares the tickets with those the manager saw.
 */
export async function seatsOnComingShows(tx: Tx, screenId: string, named: Named[]) {
  const now = new Date();
  const coming = { screenId, status: 'SCHEDULED' as const, startsAt: { gt: now } };
  const byName = named.map((s) => ({ rowLabel: s.row, number: s.number }));
  const [current, seatRows, tickets, showtimes] = await Promise.all([
    tx.seat.findMany({
      where: { screenId, layout: { currentOf: { isNot: null } }, OR: byName },
      select: { rowLabel: true, number: true },
    }),
    tx.seat.findMany({
      where: {
        screenId,
        OR: byName,
        layout: { OR: [{ currentOf: { isNot: null } }, { showtimes: { some: coming } }] },
      },
      select: { id: true, blocked: true },
    }),
    tx.ticket.findMany({
      where: { status: 'VALID', showtime: coming, seat: { OR: byName } },
      orderBy: [{ showtime: { startsAt: 'asc' } }, { id: 'asc' }],
      select: {
        id: true,
        seat: { select: { rowLabel: true, number: true } },
        showtime: { select: { id: true, startsAt: true, movie: { select: { title: true } } } },
        booking: {
          select: { reference: true, customerName: true, user: { select: { name: true } } },
        },
      },
    }),
    tx.showtime.count({ where: { ...coming, layout: { seats: { some: { OR: byName } } } } }),
  ]);
  const found = new Set(current.map(label));
  return {
    seatIds: seatRows.map((s) => s.id),
    seatsBlocked: seatRows.filter((s) => s.blocked).length,
    preview: {
      seats: named.map((s) => `${s.row}${s.number}`).filter((l) => found.has(l)),
      unknown: named.map((s) => `${s.row}${s.number}`).filter((l) => !found.has(l)),
      showtimes,
      tickets: tickets.map((t) => ({
        ticketId: t.id,
        seat: label(t.seat),
        showtimeId: t.showtime.id,
        startsAt: t.showtime.startsAt.toISOString(),
        movie: t.showtime.movie.title,
        bookingReference: t.booking.reference,
        customer: t.booking.user?.name ?? t.booking.customerName ?? null,
      })),
    } satisfies SeatBlockPreview,
  };
}

/** The screen, in a cinema the viewer manages (NOT_FOUND otherwise, once authorized for the cinema). */
export async function requireScreen(tx: Tx, cinemaId: string, screenId: string): Promise<void> {
  const screen = await tx.screen.findFirst({ where: { id: screenId, cinemaId }, select: { id: true } });
  if (!screen) throw new AppError('NOT_FOUND', 'Screen not found.');
}

/**
 * What taking seats out of service (or back) on coming shows would touch, before it is done:
 * the coming shows that have them and every live ticket on them, with its booking, so the cinema
 * can move or refund those people first. Reads only.
 */
export async function previewSeatBlock(options: {
  viewer: Viewer;
  input: SeatBlockPreviewInput;
}): Promise<SeatBlockPreview> {
  const { input } = options;
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: input.cinemaId });
  const tx = db();
  await requireScreen(tx, input.cinemaId, input.screenId);
  return (await seatsOnComingShows(tx, input.screenId, input.seats)).preview;
}
