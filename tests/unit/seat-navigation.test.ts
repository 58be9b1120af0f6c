import { describe, expect, it } from 'vitest';
import { nextSeat } from '@/lib/seat-navigation';

// Row A: cols 0,1 | aisle | 3,4.  Row B: cols 1..4.  Row C (shorter, centred): col 2.
const seats = [
  { id: 'A0', rowIndex: 0, col: 0 },
  { id: 'A1', rowIndex: 0, col: 1 },
  { id: 'A3', rowIndex: 0, col: 3 },
  { id: 'A4', rowIndex: 0, col: 4 },
  { id: 'B1', rowIndex: 1, col: 1 },
  { id: 'B2', rowIndex: 1, col: 2 },
  { id: 'B3', rowIndex: 1, col: 3 },
  { id: 'B4', rowIndex: 1, col: 4 },
  { id: 'C2', rowIndex: 2, col: 2 },
];

describe('keyboard movement on the seat map', () => {
  it('moves along a row across the aisle and stops at the ends', () => {
    expect(nextSeat(seats, 'A1', 'ArrowRight')).toBe('A3');
    expect(nextSeat(seats, 'A4', 'ArrowRight')).toBe('A4');
    expect(nextSeat(seats, 'A0', 'ArrowLeft')).toBe('A0');
    expect(nextSeat(seats, 'B3', 'Home')).toBe('B1');
    expect(nextSeat(seats, 'B1', 'End')).toBe('B4');
  });

  it('moves between rows to the nearest column', () => {
    expect(nextSeat(seats, 'A0', 'ArrowDown')).toBe('B1');
    expect(nextSeat(seats, 'B4', 'ArrowDown')).toBe('C2');
    expect(nextSeat(seats, 'C2', 'ArrowUp')).toBe('B2');
    expect(nextSeat(seats, 'A3', 'ArrowUp')).toBe('A3');
  });
});
