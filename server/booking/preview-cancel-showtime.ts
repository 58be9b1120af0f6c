import 'server-only';
import { AppError } from '@/lib/errors';
import type { CancelShowtimePreview } from '@/lib/schemas/admin';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * What cancelShowtime would do right now, for the manager to read before confirming: the
 * confirmed bookings it would cancel and the money it would refund (each booking's total, as
 * cancelShowtime refunds it), and the holds it would release. Nothing is locked: a booking made
 * between the preview and the cancellation is cancelled and refunded too.
 */
export async function previewCancelShowtime(options: {
  showtimeId: string;
  viewer: Viewer;
}): Promise<CancelShowtimePreview> {
  const show = await db().showtime.findUnique({
    where: { id: options.showtimeId },
    select: { status: true, screen: { select: { cinemaId: true } } },
  });
  if (!show) throw new AppError('NOT_FOUND', 'Showtime not found.');
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: show.screen.cinemaId });
  if (show.status === 'CANCELLED') throw new AppError('CONFLICT', 'This showtime is already cancelled.');
  // One snapshot for all three numbers.
  const [row] = await db().$queryRaw<{ bookings: number; tickets: number; refund: bigint; holds: number }[]>`
    SELECT
      (SELECT count(*)::int FROM bookings b WHERE b.showtime_id = ${options.showtimeId}::uuid AND b.status = 'CONFIRMED') AS bookings,
      (SELECT count(*)::int FROM tickets t JOIN bookings b ON b.id = t.booking_id
        WHERE b.showtime_id = ${options.showtimeId}::uuid AND b.status = 'CONFIRMED') AS tickets,
      (SELECT COALESCE(sum(b.total_minor), 0) FROM bookings b
        WHERE b.showtime_id = ${options.showtimeId}::uuid AND b.status = 'CONFIRMED') AS refund,
      (SELECT count(*)::int FROM seat_holds h WHERE h.showtime_id = ${options.showtimeId}::uuid AND h.status = 'ACTIVE') AS holds`;
  return {
    showtimeId: options.showtimeId,
    bookings: row?.bookings ?? 0,
    tickets: row?.tickets ?? 0,
    refundMinor: Number(row?.refund ?? 0),
    holds: row?.holds ?? 0,
  };
}
