import 'server-only';
import { AppError } from '@/lib/errors';
import type { ContextSeat, ShowtimeContext } from '@/server/booking/showtime-context';

// Seat rules the server enforces on a selection (the client only displays the explanation).
// Pure functions of the layout, the seats others have taken, and the selection.

export type SeatRuleViolation = {
  rule: 'orphan-seat' | 'companion-needs-wheelchair' | 'wheelchair-reserved';
  seatIds: string[];
  labels: string[];
  message: string;
};

/** Runs of side-by-side ordinary seats in one row: aisles, gaps and accessible places split them. */
function blocks(row: ContextSeat[]): ContextSeat[][] {
  const out: ContextSeat[][] = [];
  let current: ContextSeat[] = [];
  for (const seat of row) {
    const prev = current.at(-1);
    const ordinary = seat.kind === 'STANDARD' && !seat.blocked;
    if (!ordinary) {
      if (current.length) out.push(current);
      current = [];
      continue;
    }
    if (prev && seat.col !== prev.col + 1) {
      out.push(current);
      current = [];
    }
    current.push(seat);
  }
  if (current.length) out.push(current);
  return out;
}

function singles(block: ContextSeat[], isFree: (s: ContextSeat) => boolean): Set<string> {
  const out = new Set<string>();
  block.forEach((seat, i) => {
    if (!isFree(seat)) return;
    const left = block[i - 1];
    const right = block[i + 1];
    if ((!left || !isFree(left)) && (!right || !isFree(right))) out.add(seat.id);
  });
  return out;
}

/** Seats this selection would leave alone between taken seats, a row end or an aisle. */
export function strandedSeats(
  ctx: Pick<ShowtimeContext, 'rows'>,
  taken: ReadonlySet<string>,
  selected: ReadonlySet<string>,
): ContextSeat[] {
  const stranded: ContextSeat[] = [];
  for (const row of ctx.rows.values()) {
    if (!row.some((s) => selected.has(s.id))) continue;
    for (const block of blocks(row)) {
      if (!block.some((s) => selected.has(s.id))) continue;
      const before = singles(block, (s) => !taken.has(s.id));
      const after = singles(block, (s) => !taken.has(s.id) && !selected.has(s.id));
      // Only singles this selection creates count: a seat already alone is not its doing.
      for (const seat of block) if (after.has(seat.id) && !before.has(seat.id)) stranded.push(seat);
    }
  }
  return stranded;
}

export function checkSeatRules(options: {
  ctx: ShowtimeContext;
  taken: ReadonlySet<string>;
  selected: ContextSeat[];
  accessible: boolean;
  now: Date;
}): SeatRuleViolation | null {
  const { ctx, taken, selected, now } = options;
  const releaseAt = new Date(ctx.startsAt.getTime() - ctx.cinema.wheelchairReleaseMinutes * 60_000);
  const reserved = now < releaseAt;
  if (reserved) {
    const wheelchair = selected.filter((s) => s.kind === 'WHEELCHAIR');
    const companions = selected.filter((s) => s.kind === 'COMPANION');
    if (companions.length > 0 && wheelchair.length === 0) {
      return {
        rule: 'companion-needs-wheelchair',
        seatIds: companions.map((s) => s.id),
        labels: companions.map((s) => s.label),
        message: `${companions.map((s) => s.label).join(', ')} ${companions.length > 1 ? 'are companion seats' : 'is a companion seat'}, booked together with a wheelchair space. Add the wheelchair space, or choose other seats.`,
      };
    }
    if (wheelchair.length > 0 && !options.accessible) {
      return {
        rule: 'wheelchair-reserved',
        seatIds: wheelchair.map((s) => s.id),
        labels: wheelchair.map((s) => s.label),
        message: `${wheelchair.map((s) => s.label).join(', ')} ${wheelchair.length > 1 ? 'are wheelchair spaces' : 'is a wheelchair space'}, kept for wheelchair users until ${ctx.cinema.wheelchairReleaseMinutes} minutes before the show. Confirm you need one, or choose another seat.`,
      };
    }
  }
  if (ctx.cinema.orphanSeatRule) {
    const stranded = strandedSeats(ctx, taken, new Set(selected.map((s) => s.id)));
    if (stranded.length > 0) {
      const labels = stranded.map((s) => s.label);
      return {
        rule: 'orphan-seat',
        seatIds: stranded.map((s) => s.id),
        labels,
        message: `This would leave ${labels.length > 1 ? `seats ${labels.join(', ')}` : `seat ${labels[0]}`} on ${labels.length > 1 ? 'their' : 'its'} own. Include ${labels.length > 1 ? 'them' : 'it'}, or move your selection so no single seat is left between others.`,
      };
    }
  }
  return null;
}

export function seatRuleError(v: SeatRuleViolation): AppError {
  return new AppError('SEAT_RULE_VIOLATION', v.message, {
    details: { rule: v.rule, seatIds: v.seatIds, labels: v.labels },
  });
}
