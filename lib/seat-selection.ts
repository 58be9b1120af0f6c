// What the seat picker keeps after the server refused a selection. Pure, for the picker and its
// tests.
//
// Seat rules (server/booking/seat-rules.ts: no single seat stranded, a companion seat only with
// its wheelchair space) judge a whole selection, so a selection on its way to a legal one can be
// refused: C5 alone would strand C4, and only C4–C6 together is fine. Undoing the tap made the
// order of taps decide (C5, C6, C4 could never get there). Such a refusal keeps what the customer
// chose, unheld, with the explanation next to the map; the server still holds the last legal
// selection, and nothing is paid for until the whole selection is held. Any other refusal (a seat
// taken meanwhile, a limit) goes back to what the server holds.

export type Refusal = { code: string };

export function selectionAfterRefusal(options: {
  wanted: readonly string[];
  held: readonly string[];
  refusal: Refusal;
}): { selection: string[]; awaitingRule: boolean } {
  if (options.refusal.code === 'SEAT_RULE_VIOLATION') {
    return { selection: [...options.wanted], awaitingRule: true };
  }
  return { selection: [...options.held], awaitingRule: false };
}
