import { z } from 'zod';
import { MAX_SEATS_PER_HOLD } from '@/lib/schemas/booking';

// The waitlist of a sold-out showtime: shapes shared by the REST API, the server actions and the
// waitlist panel. An offer is an ordinary hold made for the waiter, paid through /checkout.

export const MAX_WAITLIST_SEATS = MAX_SEATS_PER_HOLD;

export const joinWaitlistRequestSchema = z.object({
  /** How many seats side by side the party needs. */
  seats: z
    .number('say how many seats you need')
    .int('a whole number of seats')
    .min(1, 'at least one seat')
    .max(MAX_WAITLIST_SEATS, `at most ${MAX_WAITLIST_SEATS} seats`),
});
export type JoinWaitlistRequest = z.infer<typeof joinWaitlistRequestSchema>;

export const waitlistStatusSchema = z.enum(['WAITING', 'OFFERED', 'FULFILLED', 'EXPIRED', 'CANCELLED']);
export type WaitlistStatus = z.infer<typeof waitlistStatusSchema>;

const waitlistOfferSchema = z.object({
  /** The hold made for the waiter: pay for it at `checkoutPath` before `expiresAt`. */
  holdId: z.uuid(),
  seatIds: z.array(z.uuid()),
  labels: z.array(z.string()),
  expiresAt: z.iso.datetime(),
  checkoutPath: z.string(),
});
export type WaitlistOffer = z.infer<typeof waitlistOfferSchema>;

export const waitlistEntrySchema = z.object({
  id: z.uuid(),
  showtimeId: z.uuid(),
  seatsWanted: z.number().int().min(1).max(MAX_WAITLIST_SEATS),
  status: waitlistStatusSchema,
  /** 1 = next in line; null unless WAITING. */
  position: z.number().int().min(1).nullable(),
  createdAt: z.iso.datetime(),
  /** The seats held for the caller while OFFERED; null otherwise. */
  offer: waitlistOfferSchema.nullable(),
});
export type WaitlistEntryView = z.infer<typeof waitlistEntrySchema>;

/** A live entry keeps the user's place (one per user and showtime, by a partial unique index). */
export function isLiveWaitlistStatus(status: WaitlistStatus): boolean {
  return status === 'WAITING' || status === 'OFFERED';
}

/** Offer the waitlist on a showtime's page once at most this share of its seats is left. */
const NEARLY_SOLD_OUT_SHARE = 0.1;

export function nearlySoldOut(available: number, total: number): boolean {
  return available <= Math.max(MAX_WAITLIST_SEATS, Math.floor(total * NEARLY_SOLD_OUT_SHARE));
}
