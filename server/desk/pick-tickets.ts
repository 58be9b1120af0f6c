import 'server-only';
import { AppError } from '@/lib/errors';

// Which of a booking's live tickets a desk change takes: the ones named (all must be live tickets
// of the booking), none checked in (someone is sitting there).

export function pickTickets<T extends { id: string; status: string }>(
  live: T[],
  ids: string[],
  refusal: string,
): T[] {
  const byId = new Map(live.map((t) => [t.id, t]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) {
    throw new AppError('CONFLICT', 'Some of these tickets are not live tickets of this booking.', {
      details: { reason: 'unknown-tickets', ticketIds: missing },
    });
  }
  const chosen = ids.map((id) => byId.get(id) as T);
  const inSeats = chosen.filter((t) => t.status === 'CHECKED_IN');
  if (inSeats.length) {
    throw new AppError('CONFLICT', refusal, {
      details: { reason: 'checked-in', ticketIds: inSeats.map((t) => t.id) },
    });
  }
  return chosen;
}
