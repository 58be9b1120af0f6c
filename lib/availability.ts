// How full a showtime is, as shown on film and cinema pages. The server counts the seats; this
// only names the state, so the film page, the cinema page and any client agree.

export type Availability = 'available' | 'almost-full' | 'sold-out';

/** Under this share of sellable seats left, a show is "almost full". */
const ALMOST_FULL_SHARE = 0.15;

export function availabilityOf(seatsLeft: number, sellable: number): Availability {
  if (seatsLeft <= 0) return 'sold-out';
  if (sellable > 0 && seatsLeft / sellable < ALMOST_FULL_SHARE) return 'almost-full';
  return 'available';
}

export const AVAILABILITY_LABELS: Record<Availability, string> = {
  available: 'Available',
  'almost-full': 'Almost full',
  'sold-out': 'Sold out',
};
