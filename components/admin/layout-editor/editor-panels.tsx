'use client';

import { type FormEvent, type InputHTMLAttributes, useId, useState } from 'react';
import { CategorySwatch } from '@/components/seat-map/category-swatch';
import { buttonBase } from '@/components/ui/buttons';
import { CATEGORY_LABELS } from '@/lib/format';
import { type LayoutDraft, SEAT_CATEGORIES } from '@/lib/seat-layout/draft';
import type { LayoutSummary } from '@/lib/seat-layout/summary';
import type { LayoutProblem } from '@/lib/seat-layout/validate';

// The panels beside the plan: what the layout adds up to, what is wrong with it (each problem
// takes you to its cells), and what can be done to the selected rows, columns and seats.

const panel = 'space-y-3 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900';
const muted = 'text-stone-600 dark:text-stone-400';

export function SummaryPanel({ summary, draft }: { summary: LayoutSummary; draft: LayoutDraft }) {
  const id = useId();
  const seatRows = draft.rows.filter((r) => r.cells.some(Boolean)).length;
  return (
    <section aria-labelledby={id} className={panel}>
      <h2 id={id} className="font-semibold">
        Capacity
      </h2>
      <p className="font-display text-3xl font-bold">
        {summary.seats} <span className="text-base font-normal">seats</span>
      </p>
      <dl className="grid grid-cols-[1fr_auto] gap-x-3 gap-y-1 text-sm">
        {SEAT_CATEGORIES.map((c) => (
          <div key={c} className="contents">
            <dt className="flex items-center gap-2">
              <CategorySwatch category={c} />
              {CATEGORY_LABELS[c]}
            </dt>
            <dd className="text-right tabular-nums">{summary.byCategory[c]}</dd>
          </div>
        ))}
        {(
          [
            ['♿ Wheelchair spaces', summary.wheelchair],
            ['⊕ Companion seats', summary.companion],
            ['Out of service', summary.blocked],
          ] as const
        ).map(([what, n]) => (
          <div key={what} className="contents">
            <dt>{what}</dt>
            <dd className="text-right tabular-nums">{n}</dd>
          </div>
        ))}
      </dl>
      <p className={`text-xs ${muted}`}>
        {seatRows} {seatRows === 1 ? 'row' : 'rows'} of seats on a {draft.rows.length} × {draft.cols} grid
        {draft.aisleCols.length
          ? `, ${draft.aisleCols.length} ${draft.aisleCols.length === 1 ? 'aisle' : 'aisles'}`
          : ''}
        .
      </p>
    </section>
  );
}

export function ProblemsPanel(props: {
  problems: readonly LayoutProblem[];
  onShow: (problem: LayoutProblem) => void;
  headingId: string;
}) {
  const errors = props.problems.filter((p) => p.severity === 'error');
  const warnings = props.problems.filter((p) => p.severity === 'warning');
  return (
    <section aria-labelledby={props.headingId} className={panel}>
      <h2 id={props.headingId} tabIndex={-1} className="font-semibold">
        {errors.length
          ? `${errors.length} ${errors.length === 1 ? 'problem' : 'problems'} to fix before saving`
          : 'Ready to save'}
      </h2>
      {props.problems.length === 0 ? (
        <p className={`text-sm ${muted}`}>Labels, numbers and accessible seating all check out.</p>
      ) : (
        <ul className="space-y-2 text-sm">
          {[...errors, ...warnings].map((p, i) => (
            <li
              // biome-ignore lint/suspicious/noArrayIndexKey: problems are recomputed as a whole
              key={i}
              className={`rounded-md border-l-4 p-2 ${p.severity === 'error' ? 'border-red-600 bg-red-50 dark:bg-red-950' : 'border-amber-500 bg-amber-50 dark:bg-amber-950'}`}
            >
              <p>
                <span className="font-semibold">{p.severity === 'error' ? 'Problem: ' : 'Note: '}</span>
                {p.message}
              </p>
              {p.cells.length ? (
                <button
                  type="button"
                  className="mt-1 font-medium text-brand-800 underline dark:text-brand-400"
                  onClick={() => props.onShow(p)}
                >
                  Show {p.cells.length === 1 ? 'the cell' : `the ${p.cells.length} cells`}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

type SelectionActions = {
  insertRows: (where: 'above' | 'below') => void;
  removeRows: () => void;
  insertCols: (where: 'left' | 'right') => void;
  removeCols: () => void;
  mirror: (axis: 'horizontal' | 'vertical') => void;
  setShape: (shape: { offset?: number; curve?: number }) => void;
  renameRow: (label: string) => void;
  setSeatNumber: (n: number) => void;
  openNumbering: () => void;
  openLabelling: () => void;
};

/** One value edited in place (a row's label, a seat's number), committed with its button or Enter. */
function InlineEdit(props: {
  label: string;
  initial: string;
  button: string;
  input: InputHTMLAttributes<HTMLInputElement>;
  onCommit: (value: string) => void;
}) {
  const id = useId();
  const [value, setValue] = useState(props.initial);
  const commit = (e: FormEvent) => {
    e.preventDefault();
    props.onCommit(value);
  };
  return (
    <form onSubmit={commit} className="flex items-end gap-2">
      <div className="min-w-0 flex-1 space-y-1">
        <label htmlFor={id} className="block text-sm">
          {props.label}
        </label>
        <input
          id={id}
          autoComplete="off"
          {...props.input}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          className={`block h-9 w-full rounded-md border border-stone-300 bg-white px-2 dark:border-ink-700 dark:bg-ink-900 ${props.input.className ?? ''}`}
        />
      </div>
      <button type="submit" className={buttonBase}>
        {props.button}
      </button>
    </form>
  );
}

function SelectField(props: {
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm">
        {props.label}
      </label>
      <select
        id={id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        className="block h-9 w-full rounded-md border border-stone-300 bg-white px-2 dark:border-ink-700 dark:bg-ink-900"
      >
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

const STAGGER = [
  { value: '0', label: 'In line' },
  { value: '-0.5', label: 'Half a seat left' },
  { value: '0.5', label: 'Half a seat right' },
];
const CURVE = [
  { value: '0', label: 'Straight' },
  { value: '0.25', label: 'Slight' },
  { value: '0.5', label: 'Medium' },
  { value: '1', label: 'Strong' },
];

export function SelectionPanel(props: {
  draft: LayoutDraft;
  /** What the row and column actions act on: the selection's rows and columns, or the focused cell's. */
  rows: number[];
  cols: number[];
  selectedCells: number;
  selectedSeats: number;
  /** The one seat selected, if exactly one: its row and number. */
  singleSeat: { row: number; col: number; number: number } | null;
  actions: SelectionActions;
}) {
  const { draft, rows, cols, actions } = props;
  const headingId = useId();
  const oneRow = rows.length === 1 ? draft.rows[rows[0] as number] : undefined;
  const rowNames = rows.map((r) => draft.rows[r]?.label || `grid row ${r + 1}`);
  const first = rows[0] !== undefined ? draft.rows[rows[0]] : undefined;
  return (
    <section aria-labelledby={headingId} className={panel}>
      <h2 id={headingId} className="font-semibold">
        Rows and columns
      </h2>
      <p className={`text-sm ${muted}`} aria-live="polite">
        {props.selectedCells
          ? `${props.selectedCells} ${props.selectedCells === 1 ? 'cell' : 'cells'} selected (${props.selectedSeats} ${props.selectedSeats === 1 ? 'seat' : 'seats'})`
          : 'Nothing selected: actions below apply to the focused cell’s row and column.'}
        {rows.length
          ? ` · ${rows.length === 1 ? 'row' : 'rows'} ${rowNames.slice(0, 4).join(', ')}${rows.length > 4 ? '…' : ''}`
          : ''}
      </p>

      <fieldset className="space-y-2" disabled={rows.length === 0}>
        <legend className="text-sm font-medium">Rows</legend>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonBase} onClick={() => actions.insertRows('above')}>
            Insert row above
          </button>
          <button type="button" className={buttonBase} onClick={() => actions.insertRows('below')}>
            Insert row below
          </button>
          <button type="button" className={buttonBase} onClick={actions.removeRows}>
            Delete {rows.length > 1 ? `${rows.length} rows` : 'row'}
          </button>
        </div>
        {oneRow ? (
          <InlineEdit
            key={`row-${rows[0]}-${oneRow.label}`}
            label="Row label"
            initial={oneRow.label}
            button="Rename"
            input={{ maxLength: 4, className: 'uppercase' }}
            onCommit={actions.renameRow}
          />
        ) : null}
        <div className="grid grid-cols-2 gap-2">
          <SelectField
            label="Stagger"
            value={String(first?.offset ?? 0)}
            options={STAGGER}
            onChange={(v) => actions.setShape({ offset: Number(v) })}
          />
          <SelectField
            label="Curve"
            value={String(CURVE.some((o) => Number(o.value) === first?.curve) ? (first?.curve ?? 0) : 0)}
            options={CURVE}
            onChange={(v) => actions.setShape({ curve: Number(v) })}
          />
        </div>
      </fieldset>

      <fieldset className="space-y-2" disabled={cols.length === 0}>
        <legend className="text-sm font-medium">Columns</legend>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonBase} onClick={() => actions.insertCols('left')}>
            Insert column left
          </button>
          <button type="button" className={buttonBase} onClick={() => actions.insertCols('right')}>
            Insert column right
          </button>
          <button type="button" className={buttonBase} onClick={actions.removeCols}>
            Delete {cols.length > 1 ? `${cols.length} columns` : 'column'}
          </button>
        </div>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">
          Mirror {props.selectedCells ? 'the selection' : 'the whole plan'}
        </legend>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonBase} onClick={() => actions.mirror('horizontal')}>
            Left ↔ right
          </button>
          <button type="button" className={buttonBase} onClick={() => actions.mirror('vertical')}>
            Front ↔ back
          </button>
        </div>
      </fieldset>

      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Numbers and labels</legend>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonBase} onClick={actions.openNumbering}>
            Number seats…
          </button>
          <button type="button" className={buttonBase} onClick={actions.openLabelling}>
            Label rows…
          </button>
        </div>
        {props.singleSeat ? (
          <InlineEdit
            key={`seat-${props.singleSeat.row}:${props.singleSeat.col}-${props.singleSeat.number}`}
            label="This seat’s number"
            initial={String(props.singleSeat.number)}
            button="Set"
            input={{ type: 'number', inputMode: 'numeric', min: 1, max: 9999 }}
            onCommit={(v) => {
              const n = Number(v);
              if (v.trim() && Number.isInteger(n)) actions.setSeatNumber(n);
            }}
          />
        ) : null}
      </fieldset>
    </section>
  );
}

export function LayoutSettings(props: {
  draft: LayoutDraft;
  onScreenAt: (at: LayoutDraft['screenAt']) => void;
  onNote: (note: string) => void;
}) {
  const headingId = useId();
  const noteId = useId();
  const [note, setNote] = useState<string | null>(null);
  return (
    <section aria-labelledby={headingId} className={panel}>
      <h2 id={headingId} className="font-semibold">
        The room
      </h2>
      <SelectField
        label="The screen is"
        value={props.draft.screenAt}
        options={[
          { value: 'top', label: 'Above the plan' },
          { value: 'bottom', label: 'Below the plan' },
        ]}
        onChange={(v) => props.onScreenAt(v === 'bottom' ? 'bottom' : 'top')}
      />
      <div className="space-y-1">
        <label htmlFor={noteId} className="block text-sm">
          Note for moviegoers
        </label>
        <textarea
          id={noteId}
          rows={2}
          maxLength={200}
          value={note ?? props.draft.note}
          onChange={(e) => setNote(e.target.value)}
          onBlur={() => {
            if (note !== null) props.onNote(note.trim());
            setNote(null);
          }}
          className="block w-full rounded-md border border-stone-300 bg-white px-2 py-1 text-sm dark:border-ink-700 dark:bg-ink-900"
        />
        <p className={`text-xs ${muted}`}>Shown under the seat map, e.g. “Recliners in row K”.</p>
      </div>
    </section>
  );
}
