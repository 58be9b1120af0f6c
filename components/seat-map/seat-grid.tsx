import type { ReactNode } from 'react';
import type { ScreenLayout } from '@/lib/schemas/layout';
import { rowShapeMap, seatShift } from '@/lib/seat-layout/shape';
import type { SeatView } from '@/lib/seat-map';

// Lays seats out on the screen's grid: one CSS grid cell per (row, col); empty cells are aisles
// and gaps. The cell renderer decides what a seat looks like (static here, a button in the picker).
// Staggered and curved rows (layout.rowShapes) are drawn shifted; the grid itself does not move.

/** Where the screen is: a glowing bar, above or below the seats. */
export function ScreenBar() {
  return (
    <div className="mx-auto w-3/4 text-center">
      <div className="h-1.5 rounded-full bg-gradient-to-r from-transparent via-brand-400 to-transparent" />
      <p className="mt-1 text-xs uppercase tracking-[0.3em] text-stone-500 dark:text-stone-400">Screen</p>
    </div>
  );
}

export function SeatGrid({
  layout,
  seats,
  renderSeat,
}: {
  layout: ScreenLayout;
  seats: SeatView[];
  renderSeat: (seat: SeatView) => ReactNode;
}) {
  const rows = new Map<number, string>();
  for (const s of seats) rows.set(s.rowIndex, s.row);
  const shapes = rowShapeMap(layout);
  return (
    <div className="overflow-x-auto pb-2">
      <div className="mx-auto w-max min-w-full px-2">
        {layout.screenAt === 'top' ? (
          <div className="mb-6">
            <ScreenBar />
          </div>
        ) : null}
        <div
          className="grid gap-1"
          style={{ gridTemplateColumns: `1.5rem repeat(${layout.cols}, minmax(1.6rem, 1.9rem)) 1.5rem` }}
        >
          {[...rows.entries()].map(([rowIndex, label]) => (
            <RowLabel key={`l${rowIndex}`} rowIndex={rowIndex} col={1} label={label} />
          ))}
          {[...rows.entries()].map(([rowIndex, label]) => (
            <RowLabel key={`r${rowIndex}`} rowIndex={rowIndex} col={layout.cols + 2} label={label} />
          ))}
          {seats.map((seat) => {
            const shift = seatShift(layout, shapes.get(seat.rowIndex), seat.col);
            return (
              <div
                key={seat.id}
                style={{
                  gridRow: seat.rowIndex + 1,
                  gridColumn: seat.col + 2,
                  transform:
                    shift.x || shift.y ? `translate(${shift.x * 100}%, ${shift.y * 100}%)` : undefined,
                }}
              >
                {renderSeat(seat)}
              </div>
            );
          })}
        </div>
        {layout.screenAt === 'bottom' ? (
          <div className="mt-6">
            <ScreenBar />
          </div>
        ) : null}
      </div>
    </div>
  );
}

function RowLabel({ rowIndex, col, label }: { rowIndex: number; col: number; label: string }) {
  return (
    <div
      aria-hidden="true"
      className="flex items-center justify-center text-xs font-medium text-stone-600 dark:text-stone-400"
      style={{ gridRow: rowIndex + 1, gridColumn: col }}
    >
      {label}
    </div>
  );
}
