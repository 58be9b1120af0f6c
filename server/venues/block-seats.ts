import 'server-only';
import { AppError } from '@/lib/errors';
import type { SeatBlockApplyInput, SeatBlockResult } from '@/lib/schemas/venues';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { requireScreen, seatsOnComingShows } from '@/server/venues/preview-seat-block';

/**
 * Takes seats out of service (or puts them back) in the screen's current layout and in every
 * version a coming show is sold on, after the manager has seen the preview: the live tickets on
 * them must be exactly those the preview listed (`acknowledgedTicketIds`), or nothing changes
 * (CONFLICT, with the tickets now). Tickets already sold stay valid: the cinema moves or refunds
 * those people; new holds on the seats are refused from the next hold on (catalogue change
 * published after commit). Only `blocked` changes: a seat never moves (trigger seats_frozen).
 * Audited with the seats and tickets before and after.
 */
export async function blockSeats(options: {
  viewer: Viewer;
  input: SeatBlockApplyInput;
}): Promise<SeatBlockResult> {
  const { input } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId: input.cinemaId });
  const result = await db().$transaction(async (tx) => {
    await requireScreen(tx, input.cinemaId, input.screenId);
    // Serialized with layout edits of the screen, so the versions counted are those changed.
    await tx.$queryRaw`SELECT id FROM screens WHERE id = ${input.screenId}::uuid FOR UPDATE`;
    const found = await seatsOnComingShows(tx, input.screenId, input.seats);
    if (found.preview.unknown.length) {
      const message = `${found.preview.unknown.join(', ')}: not a seat of this screen.`;
      throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'seats', message }] });
    }
    const now = found.preview.tickets.map((t) => t.ticketId).sort();
    const seen = [...new Set(input.acknowledgedTicketIds)].sort();
    if (input.blocked && (now.length !== seen.length || now.some((id, i) => id !== seen[i]))) {
      throw new AppError(
        'CONFLICT',
        'Tickets on these seats changed since the preview: look at the list again before applying.',
        { details: { preview: found.preview } },
      );
    }
    const changed = await tx.seat.updateMany({
      where: { id: { in: found.seatIds }, blocked: !input.blocked },
      data: { blocked: input.blocked },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: input.blocked ? 'seats.blocked' : 'seats.unblocked',
      entityType: 'screen',
      entityId: input.screenId,
      before: { seats: found.preview.seats, blockedSeatRows: found.seatsBlocked },
      after: {
        seats: found.preview.seats,
        blocked: input.blocked,
        seatRowsChanged: changed.count,
        comingShowtimes: found.preview.showtimes,
        ticketsOnThem: found.preview.tickets.map((t) => ({
          ticketId: t.ticketId,
          seat: t.seat,
          showtimeId: t.showtimeId,
          bookingReference: t.bookingReference,
        })),
      },
    });
    return { seats: found.preview.seats, blocked: input.blocked, changed: changed.count };
  });
  publishCatalogChange({ cinemaIds: [input.cinemaId] });
  return result;
}
