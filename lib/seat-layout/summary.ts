import {
  type LayoutDraft,
  SEAT_CATEGORIES,
  type SeatCategory,
  type SeatKind,
  seatsOf,
} from '@/lib/seat-layout/draft';

// The numbers a manager checks a layout by: seats in all and by category, accessible places, and
// what is out of service. Counted from a draft in the editor, or from grouped seat rows in lists.

export type LayoutSummary = {
  seats: number;
  byCategory: Record<SeatCategory, number>;
  wheelchair: number;
  companion: number;
  blocked: number;
};

type SeatLike = { category: SeatCategory; kind: SeatKind; blocked: boolean; count?: number };

/** Counts seats, each entry standing for `count` seats (1 when absent: one entry per seat). */
export function summarizeSeats(seats: Iterable<SeatLike>): LayoutSummary {
  const out: LayoutSummary = {
    seats: 0,
    byCategory: Object.fromEntries(SEAT_CATEGORIES.map((c) => [c, 0])) as Record<SeatCategory, number>,
    wheelchair: 0,
    companion: 0,
    blocked: 0,
  };
  for (const s of seats) {
    const n = s.count ?? 1;
    out.seats += n;
    out.byCategory[s.category] += n;
    if (s.kind === 'WHEELCHAIR') out.wheelchair += n;
    if (s.kind === 'COMPANION') out.companion += n;
    if (s.blocked) out.blocked += n;
  }
  return out;
}

export function summarizeDraft(draft: LayoutDraft): LayoutSummary {
  return summarizeSeats([...seatsOf(draft)].map((s) => s.seat));
}
