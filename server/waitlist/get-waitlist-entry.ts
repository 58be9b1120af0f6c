import 'server-only';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';
import { settleOffers } from '@/server/waitlist/settle-offers';
import { loadWaitlistEntry } from '@/server/waitlist/waitlist-view';

/**
 * The caller's waitlist entry for a showtime, or null. Settles the caller's offer first, so a
 * paid offer reads FULFILLED and a lapsed one EXPIRED the moment it happens, not at the next sweep.
 */
export async function getWaitlistEntry(options: {
  userId: string;
  showtimeId: string;
}): Promise<WaitlistEntryView | null> {
  await settleOffers(options);
  return loadWaitlistEntry(options);
}
