// The seat map as both sides see it. The server computes states and prices; the client only
// draws them.

export type SeatState = 'available' | 'held' | 'sold' | 'blocked';
export type SeatCategoryName = 'STANDARD' | 'PREMIUM' | 'RECLINER';
export type SeatKindName = 'STANDARD' | 'WHEELCHAIR' | 'COMPANION';

export type SeatView = {
  id: string;
  row: string;
  number: number;
  rowIndex: number;
  col: number;
  category: SeatCategoryName;
  kind: SeatKindName;
  state: SeatState;
};
