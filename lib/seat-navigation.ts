// Arrow-key movement on a seat map: to the next seat in the row (skipping aisles and gaps), or to
// the seat nearest in column in the next row up or down. Pure, for the picker and its tests.

export type NavSeat = { id: string; rowIndex: number; col: number };
export type NavKey = 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown' | 'Home' | 'End';

export function nextSeat(seats: readonly NavSeat[], currentId: string, key: NavKey): string {
  const current = seats.find((s) => s.id === currentId);
  if (!current) return seats[0]?.id ?? currentId;
  const row = seats.filter((s) => s.rowIndex === current.rowIndex).sort((a, b) => a.col - b.col);
  const i = row.findIndex((s) => s.id === currentId);
  switch (key) {
    case 'ArrowLeft':
      return row[Math.max(0, i - 1)]?.id ?? currentId;
    case 'ArrowRight':
      return row[Math.min(row.length - 1, i + 1)]?.id ?? currentId;
    case 'Home':
      return row[0]?.id ?? currentId;
    case 'End':
      return row.at(-1)?.id ?? currentId;
    default: {
      const rows = [...new Set(seats.map((s) => s.rowIndex))].sort((a, b) => a - b);
      const r = rows.indexOf(current.rowIndex) + (key === 'ArrowUp' ? -1 : 1);
      const target = rows[r];
      if (target === undefined) return currentId;
      let best: NavSeat | undefined;
      for (const s of seats) {
        if (s.rowIndex !== target) continue;
        if (!best || Math.abs(s.col - current.col) < Math.abs(best.col - current.col)) best = s;
      }
      return best?.id ?? currentId;
    }
  }
}
