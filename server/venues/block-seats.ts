import 'server-only';
import { AppError } from '@/lib/errors';
import type { SeatBlockApplyInput, SeatBlockResult } from '@/lib/schemas/venues';
import type { RowVersions, SeatEvent, SeatEventBatch } from '@/lib/seat-events';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import type { Tx } from '@/server/db';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { publishSeatEvents } from '@/server/events/seat-events';
import { requireScreen, seatsOnComingShows } from '@/server/venues/preview-seat-block';

/**
 * Takes seats out of service (or puts them back) in the screen's current layout and in every
 * version a coming show is sold on, after the manager has seen the preview: the live tickets on
 * them must be exactly those the preview listed (`acknowledgedTicketIds`), or nothing changes
 * (CONFLICT, with the tickets now). Tickets already sold stay valid: the cinema moves or refunds
 * those people; new holds on the seats are refused from the next hold on (catalogue change
 * published after commit). Only `blocked` changes: a seat never moves (trigger seats_frozen).
 * Audited with the seats and tickets before and after. People looking at a coming show's seat map
 * see the change at once: each such show gets a seat batch (its rows bumped like any seat write).
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
    const changedIds = (
      await tx.$queryRaw<{ id: string }[]>`
        UPDATE seats SET blocked = ${input.blocked}
        WHERE id = ANY(${found.seatIds}::uuid[]) AND blocked <> ${input.blocked}
        RETURNING id`
    ).map((r) => r.id);
    const changed = { count: changedIds.length };
    const batches = await seatBatches(tx, input.screenId, changedIds, input.blocked);
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
    return {
      batches,
      result: { seats: found.preview.seats, blocked: input.blocked, changed: changed.count },
    };
  });
  publishCatalogChange({ cinemaIds: [input.cinemaId] });
  for (const batch of result.batches) publishSeatEvents({ ...batch, committedAt: Date.now() });
  return result.result;
}

/**
 * The seat batch of each coming show whose layout has one of the changed seats: its rows bumped
 * (the lock order of every seat writer: rows, then claims) and the seats' new state. A seat put
 * back in service is followed by what it holds now (a live hold or a sale), so a viewer's copy
 * ends as a fresh snapshot would be.
 */
async function seatBatches(
  tx: Tx,
  screenId: string,
  seatIds: string[],
  blocked: boolean,
): Promise<Omit<SeatEventBatch, 'committedAt'>[]> {
  if (seatIds.length === 0) return [];
  const shows = await tx.$queryRaw<{ showtime_id: string; seat_ids: string[]; rows: number[] }[]>`
    SELECT st.id AS showtime_id, array_agg(s.id) AS seat_ids, array_agg(DISTINCT s.row_index) AS rows
    FROM showtimes st JOIN seats s ON s.layout_id = st.layout_id
    WHERE st.screen_id = ${screenId}::uuid AND st.status = 'SCHEDULED' AND st.starts_at > now()
      AND s.id = ANY(${seatIds}::uuid[])
    GROUP BY st.id ORDER BY st.id`;
  const batches: Omit<SeatEventBatch, 'committedAt'>[] = [];
  for (const show of shows) {
    const [bumped] = await tx.$queryRaw<{ versions: RowVersions }[]>`
      SELECT bump_seat_rows(${show.showtime_id}::uuid, ${show.rows}::int[]) AS versions`;
    const events: SeatEvent[] = [
      { type: blocked ? 'seat.blocked' : 'seat.unblocked', seatIds: show.seat_ids },
    ];
    if (!blocked) {
      const claims = await tx.$queryRaw<{ seat_id: string; hold_id: string; state: 'HELD' | 'SOLD' }[]>`
        SELECT seat_id, hold_id, state::text AS state FROM seat_claims
        WHERE showtime_id = ${show.showtime_id}::uuid AND seat_id = ANY(${show.seat_ids}::uuid[])
          AND (state = 'SOLD' OR (state = 'HELD' AND expires_at > now()))`;
      const sold = claims.filter((c) => c.state === 'SOLD').map((c) => c.seat_id);
      if (sold.length) events.push({ type: 'seat.sold', seatIds: sold });
      const holds = new Map<string, string[]>();
      for (const c of claims)
        if (c.state === 'HELD') holds.set(c.hold_id, [...(holds.get(c.hold_id) ?? []), c.seat_id]);
      for (const [holdId, held] of holds) events.push({ type: 'seat.held', holdId, seatIds: held });
    }
    batches.push({ showtimeId: show.showtime_id, versions: bumped?.versions ?? {}, events });
  }
  return batches;
}
