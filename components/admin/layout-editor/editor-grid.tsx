'use client';

import {
  memo,
  type PointerEvent,
  type KeyboardEvent as ReactKeyboardEvent,
  useEffect,
  useRef,
  useState,
} from 'react';
import { ScreenBar } from '@/components/seat-map/seat-grid';
import { CATEGORY_STYLE, KIND_SYMBOL } from '@/components/seat-map/seat-style';
import { CATEGORY_LABELS } from '@/lib/format';
import { cellKey, parseCellKey, rectangle } from '@/lib/seat-layout/cells';
import type { Cell, DraftRow, DraftSeat, LayoutDraft } from '@/lib/seat-layout/draft';
import { seatShift } from '@/lib/seat-layout/shape';

// The drawing surface: one ARIA grid (a table) whose cells are the layout's grid cells, with
// column headers (select a column) and row headers carrying the row labels (select a row). One
// cell is in the tab order at a time (roving tabindex); the editor moves it with the arrow keys.
// Pointer events serve mouse, pen and touch alike: a tap or click acts on one cell, a drag on the
// rectangle it spans (shown while dragging). Seats are drawn as the moviegoer's map draws them.

/** A position in the grid; row or col −1 is the header row or column (both −1: the corner). */
export type GridFocus = { row: number; col: number };

export type Gesture = {
  start: Cell;
  end: Cell;
  moved: boolean;
  /** Ctrl or ⌘ held: add to the selection rather than replace it. */
  additive: boolean;
  /** Shift held: from the selection's anchor to here. */
  extend: boolean;
};

export type HeaderPick = { kind: 'row' | 'col'; index: number; extend: boolean } | { kind: 'all' };

/** Problems by grid row, then column: the first message about that cell. */
export type ProblemMap = ReadonlyMap<number, ReadonlyMap<number, string>>;

const NO_PROBLEMS: ReadonlyMap<number, string> = new Map();

type Props = {
  draft: LayoutDraft;
  selection: ReadonlySet<string>;
  problems: ProblemMap;
  /** The id of the text that explains the keys (aria-describedby). */
  helpId: string;
  focus: GridFocus;
  /** Changes whenever the editor wants the keyboard focus moved to `focus`. */
  focusNonce: number;
  zoom: number;
  /** Pan: the pointer scrolls (touch) instead of drawing. */
  panning: boolean;
  onFocusChange: (focus: GridFocus) => void;
  onGridKeyDown: (e: ReactKeyboardEvent<HTMLTableElement>) => void;
  onGesture: (g: Gesture) => void;
  onHeader: (pick: HeaderPick) => void;
};

const BASE_CELL = 28;

function cellFromElement(el: Element | null): Cell | null {
  const key = el?.closest<HTMLElement>('[data-cell]')?.dataset.cell;
  return key ? parseCellKey(key) : null;
}

function seatWords(seat: DraftSeat): string {
  const kind =
    seat.kind === 'WHEELCHAIR' ? ', wheelchair space' : seat.kind === 'COMPANION' ? ', companion seat' : '';
  return `${CATEGORY_LABELS[seat.category]}${kind}${seat.blocked ? ', out of service' : ''}`;
}

export function EditorGrid(props: Props) {
  const { draft, selection, focus, zoom, panning } = props;
  const tableRef = useRef<HTMLTableElement>(null);
  const [drag, setDrag] = useState<{
    start: Cell;
    end: Cell;
    pointerId: number;
    additive: boolean;
    extend: boolean;
  } | null>(null);
  const size = Math.round(BASE_CELL * zoom);
  const aisles = new Set(draft.aisleCols);

  // Keyboard focus follows `focus` when the editor asks (arrow keys, a problem's "show" link).
  // biome-ignore lint/correctness/useExhaustiveDependencies: focusNonce is the request; focus is read at that moment
  useEffect(() => {
    if (props.focusNonce === 0) return;
    const el = tableRef.current?.querySelector<HTMLElement>(`[data-pos="${focus.row}:${focus.col}"]`);
    el?.focus({ preventScroll: true });
    el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }, [props.focusNonce]);

  const preview = new Set<string>();
  if (drag && (drag.start.row !== drag.end.row || drag.start.col !== drag.end.col)) {
    for (const c of rectangle(drag.start, drag.end)) preview.add(cellKey(c));
  }

  const onPointerDown = (e: PointerEvent<HTMLTableElement>) => {
    if (panning || e.button !== 0) return;
    const cell = cellFromElement(e.target as Element);
    if (!cell) return;
    // Moves then reach the table wherever the pointer goes (the cell under it is looked up by
    // position). A pointer the browser no longer tracks cannot be captured; the drag works without.
    try {
      e.currentTarget.setPointerCapture(e.pointerId);
    } catch {}
    setDrag({
      start: cell,
      end: cell,
      pointerId: e.pointerId,
      additive: e.ctrlKey || e.metaKey,
      extend: e.shiftKey,
    });
  };
  const onPointerMove = (e: PointerEvent<HTMLTableElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    const cell = cellFromElement(document.elementFromPoint(e.clientX, e.clientY));
    if (cell && (cell.row !== drag.end.row || cell.col !== drag.end.col)) setDrag({ ...drag, end: cell });
  };
  const onPointerUp = (e: PointerEvent<HTMLTableElement>) => {
    if (!drag || e.pointerId !== drag.pointerId) return;
    setDrag(null);
    const moved = drag.start.row !== drag.end.row || drag.start.col !== drag.end.col;
    props.onGesture({
      start: drag.start,
      end: drag.end,
      moved,
      additive: drag.additive,
      extend: drag.extend,
    });
    props.onFocusChange(drag.end);
  };

  const tabbable = (row: number, col: number) => focus.row === row && focus.col === col;
  const headerClass =
    'select-none text-center text-[11px] font-medium text-stone-600 dark:text-stone-300 cursor-pointer';

  return (
    <div className="mx-auto w-max px-2 py-3">
      {draft.screenAt === 'top' ? (
        <div className="mb-4">
          <ScreenBar />
        </div>
      ) : null}
      <table
        ref={tableRef}
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: WAI-ARIA's data grid pattern is a table with role grid (its keys: onGridKeyDown)
        role="grid"
        aria-label="Seat layout"
        aria-multiselectable="true"
        aria-rowcount={draft.rows.length + 1}
        aria-colcount={draft.cols + 1}
        aria-describedby={props.helpId}
        className={`border-separate ${panning ? 'touch-auto' : 'touch-none'}`}
        style={{ borderSpacing: Math.max(1, Math.round(3 * zoom)) }}
        onKeyDown={props.onGridKeyDown}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={() => setDrag(null)}
      >
        <thead>
          <tr>
            {/* biome-ignore lint/a11y/useKeyWithClickEvents: Space and Enter on this cell are handled by the grid's onKeyDown */}
            <td
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a cell of the data grid pattern
              role="gridcell"
              data-pos="-1:-1"
              tabIndex={tabbable(-1, -1) ? 0 : -1}
              aria-label="Select every cell"
              onFocus={() => props.onFocusChange({ row: -1, col: -1 })}
              onClick={() => props.onHeader({ kind: 'all' })}
              className={headerClass}
              style={{ width: size, height: size * 0.8 }}
            >
              <span aria-hidden="true">⊞</span>
            </td>
            {Array.from({ length: draft.cols }, (_, col) => {
              const selected = draft.rows.every((_, row) => selection.has(`${row}:${col}`));
              return (
                <th
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                  key={col}
                  scope="col"
                  data-pos={`-1:${col}`}
                  tabIndex={tabbable(-1, col) ? 0 : -1}
                  aria-selected={selected}
                  aria-label={`Column ${col + 1}${aisles.has(col) ? ', aisle' : ''}`}
                  onFocus={() => props.onFocusChange({ row: -1, col })}
                  onClick={(e) => props.onHeader({ kind: 'col', index: col, extend: e.shiftKey })}
                  className={`${headerClass} rounded ${aisles.has(col) ? 'bg-stone-200 dark:bg-ink-700' : ''} ${selected ? 'bg-brand-100 text-brand-800 dark:bg-brand-800 dark:text-white' : ''}`}
                  style={{ width: size, fontSize: Math.max(9, Math.round(11 * zoom)) }}
                >
                  {col + 1}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {draft.rows.map((row, r) => {
            let mask = '';
            for (let c = 0; c < draft.cols; c++) {
              const k = `${r}:${c}`;
              mask += selection.has(k) ? (preview.has(k) ? 'B' : 'S') : preview.has(k) ? 'P' : '.';
            }
            return (
              <EditorRow
                // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions on the grid
                key={r}
                row={row}
                r={r}
                cols={draft.cols}
                aisleKey={draft.aisleCols.join(',')}
                mask={mask}
                problems={props.problems.get(r) ?? NO_PROBLEMS}
                tabbableCol={focus.row === r ? focus.col : null}
                size={size}
                zoom={zoom}
                screenAt={draft.screenAt}
                onFocusChange={props.onFocusChange}
                onHeader={props.onHeader}
              />
            );
          })}
        </tbody>
      </table>
      {draft.screenAt === 'bottom' ? (
        <div className="mt-4">
          <ScreenBar />
        </div>
      ) : null}
    </div>
  );
}

type RowProps = {
  row: DraftRow;
  r: number;
  cols: number;
  aisleKey: string;
  /** Per column: S selected, P in the drag rectangle, B both, . neither. */
  mask: string;
  /** This row's problems by column. */
  problems: ReadonlyMap<number, string>;
  tabbableCol: number | null;
  size: number;
  zoom: number;
  screenAt: LayoutDraft['screenAt'];
  onFocusChange: (f: GridFocus) => void;
  onHeader: (pick: HeaderPick) => void;
};

// A row redraws only when its seats, its selection marks, its focus or the zoom change: the
// operations keep unchanged rows as the same objects.
const EditorRow = memo(function EditorRow(p: RowProps) {
  const aisles = new Set(p.aisleKey ? p.aisleKey.split(',').map(Number) : []);
  const shape = { offset: p.row.offset, curve: p.row.curve };
  const rowName = p.row.label ? `Row ${p.row.label}` : `Grid row ${p.r + 1}`;
  const rowSelected = p.mask.length > 0 && [...p.mask].every((m) => m === 'S' || m === 'B');
  return (
    <tr>
      <th
        scope="row"
        data-pos={`${p.r}:-1`}
        tabIndex={p.tabbableCol === -1 ? 0 : -1}
        aria-selected={rowSelected}
        aria-label={`${rowName}${p.row.label ? '' : ', no label'}${p.row.offset ? ', staggered' : ''}${p.row.curve ? ', curved' : ''}`}
        onFocus={() => p.onFocusChange({ row: p.r, col: -1 })}
        onClick={(e) => p.onHeader({ kind: 'row', index: p.r, extend: e.shiftKey })}
        className={`cursor-pointer select-none rounded px-1 text-center font-semibold text-stone-700 dark:text-stone-200 ${rowSelected ? 'bg-brand-100 text-brand-800 dark:bg-brand-800 dark:text-white' : ''}`}
        style={{ height: p.size, minWidth: p.size, fontSize: Math.max(10, Math.round(12 * p.zoom)) }}
      >
        {p.row.label || (
          <span aria-hidden="true" className="inline-block h-1 w-2 rounded bg-stone-300 dark:bg-ink-700" />
        )}
      </th>
      {Array.from({ length: p.cols }, (_, c) => {
        const seat = p.row.cells[c] ?? null;
        const mark = p.mask[c];
        const key = `${p.r}:${c}`;
        const problem = p.problems.get(c);
        const aisle = aisles.has(c);
        const shift = seat ? seatShift({ cols: p.cols, screenAt: p.screenAt }, shape, c) : { x: 0, y: 0 };
        // The number drawn on the seat is a word of its name (WCAG 2.5.3, label in name).
        const what = seat ? `seat ${seat.number}, ${seatWords(seat)}` : aisle ? 'aisle' : 'gap';
        return (
          <td
            // biome-ignore lint/suspicious/noArrayIndexKey: cells are positions on the grid
            key={c}
            // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a cell of the data grid pattern (a table with role grid)
            role="gridcell"
            data-cell={key}
            data-pos={key}
            tabIndex={p.tabbableCol === c ? 0 : -1}
            aria-selected={mark === 'S' || mark === 'B'}
            aria-invalid={problem ? true : undefined}
            aria-label={`${rowName}, column ${c + 1}: ${what}${problem ? `. Problem: ${problem}` : ''}`}
            title={problem}
            onFocus={() => p.onFocusChange({ row: p.r, col: c })}
            className={[
              'relative rounded p-0',
              aisle ? 'bg-stone-100 dark:bg-ink-800' : '',
              mark === 'S' || mark === 'B'
                ? 'bg-brand-100 shadow-[inset_0_0_0_2px_var(--color-brand-600)] dark:bg-brand-800'
                : '',
              mark === 'P' || mark === 'B'
                ? 'outline-2 outline-offset-0 outline-dashed outline-brand-500'
                : '',
            ].join(' ')}
            style={{ width: p.size, height: p.size }}
          >
            {seat ? (
              <span
                aria-hidden="true"
                className={[
                  'mx-auto flex items-center justify-center rounded-t-md border-2 bg-white font-medium leading-none dark:bg-ink-900',
                  CATEGORY_STYLE[seat.category],
                  seat.blocked ? 'border-dashed line-through' : '',
                ].join(' ')}
                style={{
                  width: p.size - 4,
                  height: p.size - 4,
                  fontSize: Math.max(8, Math.round(10 * p.zoom)),
                  transform:
                    shift.x || shift.y
                      ? `translate(${shift.x * p.size}px, ${shift.y * p.size}px)`
                      : undefined,
                }}
              >
                {KIND_SYMBOL[seat.kind] ?? seat.number}
              </span>
            ) : (
              <span
                aria-hidden="true"
                className="mx-auto block h-1 w-1 rounded-full bg-stone-300 dark:bg-ink-700"
              />
            )}
            {problem ? (
              <span
                aria-hidden="true"
                className="absolute -right-0.5 -top-0.5 h-2 w-2 rounded-full bg-red-600 ring-2 ring-white dark:ring-ink-900"
              />
            ) : null}
          </td>
        );
      })}
    </tr>
  );
});
