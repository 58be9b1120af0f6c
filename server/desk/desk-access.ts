import 'server-only';
import { AppError } from '@/lib/errors';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { parseBookingReference } from '@/server/tickets/booking-reference';

// Who may work the bookings desk, and on which bookings: staff and managers of the booking's
// cinema, and admins. Another cinema's booking reads as not found, so references cannot be probed.

export const DESK_POLICY = { roles: ['STAFF', 'MANAGER'] } as const;

/** The cinemas whose bookings the viewer works on; null for admins (every cinema). */
export function deskCinemaIds(viewer: Viewer): string[] | null {
  authorize(viewer, DESK_POLICY);
  if (viewer.role === 'ADMIN') return null;
  return [...new Set([...viewer.staffCinemaIds, ...viewer.managedCinemaIds])];
}

/** Managers (of the cinema) and admins see customers' addresses; door staff see names. */
export function seesAddresses(viewer: Viewer, cinemaId: string): boolean {
  return viewer.role === 'ADMIN' || viewer.managedCinemaIds.includes(cinemaId);
}

/** A booking of the viewer's cinemas by reference (any case, O for 0, I or L for 1), or NOT_FOUND. */
export async function deskBookingRef(
  viewer: Viewer,
  reference: string,
): Promise<{ id: string; reference: string; cinemaId: string }> {
  const cinemas = deskCinemaIds(viewer);
  const canonical = canonicalReference(reference);
  const b = canonical
    ? await db().booking.findUnique({
        where: { reference: canonical },
        select: {
          id: true,
          reference: true,
          showtime: { select: { screen: { select: { cinemaId: true } } } },
        },
      })
    : null;
  const cinemaId = b?.showtime.screen.cinemaId;
  if (!b || !cinemaId || (cinemas && !cinemas.includes(cinemaId))) {
    throw new AppError('NOT_FOUND', 'Booking not found.');
  }
  return { id: b.id, reference: b.reference, cinemaId };
}

/**
 * The reference as stored (MQ-7K3F9X2) from what someone typed: any case, with or without the
 * dash, spaces, O for 0 and I or L for 1 (Crockford, as parseBookingReference reads it).
 */
export function canonicalReference(input: string): string | null {
  const plain = input.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const m = /^MQ([0-9A-Z]{7})$/.exec(plain);
  if (!m) return null;
  const body = (m[1] as string).replace(/O/g, '0').replace(/[IL]/g, '1');
  const reference = `MQ-${body}`;
  return parseBookingReference(reference) === null ? null : reference;
}
