'use client';

import {
  type KeyboardEvent,
  type Ref,
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import {
  HelpDialog,
  LabellingDialog,
  NumberingDialog,
  TemplatesDialog,
} from '@/components/admin/layout-editor/editor-dialogs';
import {
  EditorGrid,
  type Gesture,
  type GridFocus,
  type HeaderPick,
  type ProblemMap,
} from '@/components/admin/layout-editor/editor-grid';
import {
  LayoutSettings,
  ProblemsPanel,
  SelectionPanel,
  SummaryPanel,
} from '@/components/admin/layout-editor/editor-panels';
import { editorReducer, initEditor } from '@/components/admin/layout-editor/editor-state';
import { applyTool, paints, TOOL_BY_KEY, TOOLS, type ToolId } from '@/components/admin/layout-editor/tools';
import { CategorySwatch } from '@/components/seat-map/category-swatch';
import { buttonBase, buttonPressed, primaryButton } from '@/components/ui/buttons';
import { CATEGORY_LABELS } from '@/lib/format';
import { cellKey, colsOf, keysToCells, onGrid, rectangle, rowCells, rowsOf } from '@/lib/seat-layout/cells';
import {
  type Cell,
  type LayoutDraft,
  SEAT_CATEGORIES,
  type SeatCategory,
  seatAt,
} from '@/lib/seat-layout/draft';
import { canRedo, canUndo } from '@/lib/seat-layout/history';
import {
  insertCols,
  insertRows,
  mirror,
  relabelRows,
  removeCols,
  removeRows,
  renumberRows,
  setNote,
  setRowLabel,
  setRowShape,
  setScreenAt,
  setSeatNumber,
} from '@/lib/seat-layout/operations';
import { summarizeDraft } from '@/lib/seat-layout/summary';
import { blockingProblems, type LayoutProblem, validateDraft } from '@/lib/seat-layout/validate';

// The visual seat-layout editor: draw a screen's rows and seats on a grid, with the screen marked
// and every seat drawn as moviegoers will see it. It owns the drawing and its undo history, checks
// it as you go (lib/seat-layout/validate.ts, the server's own rules) and hands it to `onSave`; what
// is drawn stays here whatever the save answers. See the help dialog for keys and tools.

export type SaveOutcome =
  | { ok: true; message?: string }
  | { ok: false; message: string; problems?: LayoutProblem[] };
export type LayoutEditorHandle = { save: () => Promise<void> };

type DialogName = 'templates' | 'numbering' | 'labelling' | 'help';

const ZOOMS = [0.5, 0.75, 1, 1.25, 1.5, 2];

function problemMap(problems: readonly LayoutProblem[]): ProblemMap {
  const out = new Map<number, Map<number, string>>();
  for (const p of problems) {
    for (const c of p.cells) {
      const row = out.get(c.row) ?? new Map<number, string>();
      if (!row.has(c.col)) row.set(c.col, p.message);
      out.set(c.row, row);
    }
  }
  return out;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function LayoutEditor(props: {
  initial: LayoutDraft;
  onChange?: (draft: LayoutDraft) => void;
  onSave: (draft: LayoutDraft) => Promise<SaveOutcome>;
  saveLabel?: string;
  ref?: Ref<LayoutEditorHandle>;
}) {
  const [state, dispatch] = useReducer(editorReducer, props.initial, initEditor);
  const draft = state.history.present.state;
  const [selection, setSelection] = useState<ReadonlySet<string>>(() => new Set());
  const [anchor, setAnchor] = useState<Cell | null>(null);
  const [focusRaw, setFocusRaw] = useState<GridFocus>({ row: 0, col: 0 });
  const [focusNonce, setFocusNonce] = useState(0);
  const [tool, setTool] = useState<ToolId>('select');
  const [paintCategory, setPaintCategory] = useState<SeatCategory>('STANDARD');
  const [zoom, setZoom] = useState(1);
  const [dialog, setDialog] = useState<DialogName | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveMessage, setSaveMessage] = useState<{ tone: 'error' | 'info'; text: string } | null>(null);
  const [serverProblems, setServerProblems] = useState<LayoutProblem[] | null>(null);
  const helpId = useId();
  const problemsHeadingId = useId();

  const problems = useMemo(() => validateDraft(draft), [draft]);
  const shownProblems = useMemo(() => {
    if (!serverProblems?.length) return problems;
    const seen = new Set(problems.map((p) => p.message));
    return [...problems, ...serverProblems.filter((p) => !seen.has(p.message))];
  }, [problems, serverProblems]);
  const problemCells = useMemo(() => problemMap(shownProblems), [shownProblems]);
  const summary = useMemo(() => summarizeDraft(draft), [draft]);
  const errorsCount = blockingProblems(shownProblems).length;

  // The focus and the selection always lie on the grid, whatever rows or columns went away.
  const focus: GridFocus = {
    row: Math.min(focusRaw.row, draft.rows.length - 1),
    col: Math.min(focusRaw.col, draft.cols - 1),
  };
  const selCells = useMemo(() => onGrid(draft, keysToCells(selection)), [draft, selection]);
  const targetRows = selCells.length ? rowsOf(selCells) : focus.row >= 0 ? [focus.row] : [];
  const targetCols = selCells.length ? colsOf(selCells) : focus.col >= 0 ? [focus.col] : [];
  const selectedSeats = selCells.filter((c) => seatAt(draft, c)).length;
  const onlySeat = selCells.length === 1 ? (selCells[0] as Cell) : null;
  const singleSeat =
    onlySeat && seatAt(draft, onlySeat)
      ? { ...onlySeat, number: seatAt(draft, onlySeat)?.number ?? 0 }
      : null;

  const { onChange } = props;
  useEffect(() => {
    onChange?.(draft);
  }, [draft, onChange]);
  // The server's verdict was on the drawing it got; a new drawing is checked afresh.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on every new drawing
  useEffect(() => setServerProblems(null), [draft]);

  const moveFocus = useCallback((f: GridFocus) => {
    setFocusRaw(f);
    setFocusNonce((n) => n + 1);
  }, []);

  const apply = (op: (d: LayoutDraft) => { draft: LayoutDraft; label: string } | null, nothing?: string) =>
    dispatch({ type: 'apply', op, nothing });
  const applyToolTo = (id: ToolId, cells: readonly Cell[]) =>
    apply((d) => applyTool(d, id, cells, paintCategory), 'Nothing to change there');
  const op = (label: string, f: (d: LayoutDraft) => LayoutDraft) => (d: LayoutDraft) => {
    const next = f(d);
    return next === d ? null : { draft: next, label };
  };

  function chooseTool(id: ToolId) {
    setTool(id);
    if ((SEAT_CATEGORIES as readonly string[]).includes(id)) setPaintCategory(id as SeatCategory);
    if (paints(id) && selCells.length) {
      const category = (SEAT_CATEGORIES as readonly string[]).includes(id)
        ? (id as SeatCategory)
        : paintCategory;
      apply((d) => applyTool(d, id, selCells, category), 'Nothing to change in the selection');
    }
  }

  const selectCells = (cells: readonly Cell[]) => setSelection(new Set(cells.map(cellKey)));

  function onGesture(g: Gesture) {
    if (tool === 'pan') return;
    if (tool !== 'select') {
      applyToolTo(tool, rectangle(g.start, g.end));
      return;
    }
    if (g.extend) {
      const from = anchor ?? g.start;
      const cells = rectangle(from, g.end);
      setSelection(new Set([...(g.additive ? selection : []), ...cells.map(cellKey)]));
      setAnchor(from);
      return;
    }
    if (!g.moved) {
      const k = cellKey(g.start);
      const next = new Set(g.additive ? selection : []);
      if (g.additive ? selection.has(k) : selection.size === 1 && selection.has(k)) next.delete(k);
      else next.add(k);
      setSelection(next);
      setAnchor(g.start);
      return;
    }
    setSelection(new Set([...(g.additive ? selection : []), ...rectangle(g.start, g.end).map(cellKey)]));
    setAnchor(g.start);
  }

  // Rows' callbacks must keep their identity (the rows are memoised); they read the latest state here.
  const latest = useRef({ draft, selection, anchor });
  latest.current = { draft, selection, anchor };
  const onHeader = useCallback((pick: HeaderPick) => {
    const { draft: d, selection: sel, anchor: a } = latest.current;
    let cells: Cell[];
    if (pick.kind === 'all') {
      cells = d.rows.flatMap((_, r) => rowCells(d, r));
      setSelection(cells.every((c) => sel.has(cellKey(c))) ? new Set() : new Set(cells.map(cellKey)));
      return;
    }
    if (pick.kind === 'row') {
      const from = pick.extend && a ? a.row : pick.index;
      cells = rectangle({ row: from, col: 0 }, { row: pick.index, col: d.cols - 1 });
      if (!pick.extend) setAnchor({ row: pick.index, col: 0 });
    } else {
      const from = pick.extend && a ? a.col : pick.index;
      cells = rectangle({ row: 0, col: from }, { row: d.rows.length - 1, col: pick.index });
      if (!pick.extend) setAnchor({ row: 0, col: pick.index });
    }
    const all = cells.every((c) => sel.has(cellKey(c)));
    setSelection(all && !pick.extend && sel.size === cells.length ? new Set() : new Set(cells.map(cellKey)));
  }, []);
  const onFocusChange = useCallback((f: GridFocus) => setFocusRaw(f), []);

  function onGridKeyDown(e: KeyboardEvent<HTMLTableElement>) {
    const rows = draft.rows.length;
    const cols = draft.cols;
    const mod = e.ctrlKey || e.metaKey;
    const f = focus;
    let next: GridFocus;
    switch (e.key) {
      case 'ArrowUp':
        next = { row: mod ? -1 : Math.max(-1, f.row - 1), col: f.col };
        break;
      case 'ArrowDown':
        next = { row: mod ? rows - 1 : Math.min(rows - 1, f.row + 1), col: f.col };
        break;
      case 'ArrowLeft':
        next = { row: f.row, col: mod ? -1 : Math.max(-1, f.col - 1) };
        break;
      case 'ArrowRight':
        next = { row: f.row, col: mod ? cols - 1 : Math.min(cols - 1, f.col + 1) };
        break;
      case 'Home':
        next = mod ? { row: 0, col: 0 } : { row: f.row, col: 0 };
        break;
      case 'End':
        next = mod ? { row: rows - 1, col: cols - 1 } : { row: f.row, col: cols - 1 };
        break;
      case 'PageUp':
        next = { row: Math.max(0, f.row - 5), col: f.col };
        break;
      case 'PageDown':
        next = { row: Math.min(rows - 1, f.row + 5), col: f.col };
        break;
      case ' ':
      case 'Enter': {
        e.preventDefault();
        if (f.row < 0 && f.col < 0) onHeader({ kind: 'all' });
        else if (f.col < 0) onHeader({ kind: 'row', index: f.row, extend: e.shiftKey });
        else if (f.row < 0) onHeader({ kind: 'col', index: f.col, extend: e.shiftKey });
        else {
          const k = cellKey(f);
          const toggled = new Set(selection);
          if (toggled.has(k)) toggled.delete(k);
          else toggled.add(k);
          setSelection(toggled);
          setAnchor(f);
        }
        return;
      }
      case 'Escape':
        if (selection.size) {
          e.preventDefault();
          e.stopPropagation();
          setSelection(new Set());
        }
        return;
      case 'Delete':
      case 'Backspace': {
        e.preventDefault();
        const cells = selCells.length ? selCells : f.row >= 0 && f.col >= 0 ? [f] : [];
        applyToolTo('erase', cells);
        return;
      }
      case 'a':
      case 'A':
        if (!mod) return;
        e.preventDefault();
        selectCells(draft.rows.flatMap((_, r) => rowCells(draft, r)));
        return;
      default:
        return;
    }
    e.preventDefault();
    const body = (p: GridFocus) => p.row >= 0 && p.col >= 0;
    if (e.shiftKey && body(next)) {
      const from = anchor ?? (body(f) ? f : next);
      setAnchor(from);
      selectCells(rectangle(from, next));
    } else if (body(next)) setAnchor(next);
    moveFocus(next);
  }

  function onRootKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.defaultPrevented) return;
    const target = e.target as HTMLElement;
    if (
      target.closest('dialog') ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName) ||
      target.isContentEditable
    )
      return;
    if (e.ctrlKey || e.metaKey) {
      if (e.altKey) return;
      const k = e.key.toLowerCase();
      if (k === 'z') dispatch({ type: e.shiftKey ? 'redo' : 'undo' });
      else if (k === 'y') dispatch({ type: 'redo' });
      else return;
      e.preventDefault();
      return;
    }
    if (e.altKey) return;
    if (e.key === '?') setDialog('help');
    else if (e.key === '+' || e.key === '=') zoomBy(1);
    else if (e.key === '-') zoomBy(-1);
    else if (e.key === '0') setZoom(1);
    else {
      const t = TOOL_BY_KEY.get(e.key.toLowerCase());
      if (!t) return;
      chooseTool(t.id);
    }
    e.preventDefault();
  }

  function zoomBy(step: number) {
    setZoom((z) => {
      const i = ZOOMS.findIndex((v) => v >= z);
      return ZOOMS[Math.max(0, Math.min(ZOOMS.length - 1, (i < 0 ? ZOOMS.length - 1 : i) + step))] as number;
    });
  }

  function showProblem(p: LayoutProblem) {
    const cells = onGrid(draft, p.cells);
    if (!cells.length) return;
    selectCells(cells);
    setAnchor(cells[0] as Cell);
    moveFocus(cells[0] as Cell);
  }

  function replaceDraft(next: LayoutDraft, label: string) {
    apply(() => ({ draft: next, label }));
    setSelection(new Set());
    setAnchor(null);
    setDialog(null);
    moveFocus({ row: 0, col: 0 });
  }

  const rowWords = (rows: number[]) =>
    rows.length === 1
      ? `row ${draft.rows[rows[0] as number]?.label || `at grid row ${(rows[0] as number) + 1}`}`
      : `${rows.length} rows`;

  const actions = {
    insertRows: (where: 'above' | 'below') => {
      const at = where === 'above' ? Math.min(...targetRows) : Math.max(...targetRows) + 1;
      apply(
        op(`Inserted a row ${where} ${rowWords(targetRows)}`, (d) => insertRows(d, at)),
        'The grid has as many rows as a screen may have',
      );
      setSelection(new Set());
      moveFocus({ row: at, col: Math.max(0, focus.col) });
    },
    removeRows: () => {
      apply(op(`Deleted ${rowWords(targetRows)}`, (d) => removeRows(d, targetRows)));
      setSelection(new Set());
    },
    insertCols: (where: 'left' | 'right') => {
      const at = where === 'left' ? Math.min(...targetCols) : Math.max(...targetCols) + 1;
      apply(
        op(
          `Inserted a column ${where === 'left' ? 'before' : 'after'} column ${at + (where === 'left' ? 1 : 0)}`,
          (d) => insertCols(d, at),
        ),
        'The grid has as many columns as a screen may have',
      );
      setSelection(new Set());
    },
    removeCols: () => {
      apply(
        op(`Deleted ${plural(targetCols.length, 'column')}`, (d) => removeCols(d, targetCols)),
        'A grid keeps at least one column',
      );
      setSelection(new Set());
    },
    mirror: (axis: 'horizontal' | 'vertical') =>
      apply(
        op(
          `Mirrored ${selCells.length ? 'the selection' : 'the plan'} ${axis === 'horizontal' ? 'left to right' : 'front to back'}`,
          (d) => mirror(d, axis, selCells.length ? selCells : undefined),
        ),
        'Mirroring changes nothing here',
      ),
    setShape: (shape: { offset?: number; curve?: number }) =>
      apply(
        op(`${shape.offset !== undefined ? 'Staggered' : 'Curved'} ${rowWords(targetRows)}`, (d) =>
          setRowShape(d, targetRows, shape),
        ),
      ),
    renameRow: (label: string) => {
      const r = targetRows[0];
      if (r === undefined) return;
      apply(
        op(`Renamed grid row ${r + 1} to ${label.trim().toUpperCase() || 'nothing'}`, (d) =>
          setRowLabel(d, r, label),
        ),
      );
    },
    setSeatNumber: (n: number) => {
      if (!onlySeat) return;
      apply(op(`Numbered the seat ${n}`, (d) => setSeatNumber(d, onlySeat, n)));
    },
    openNumbering: () => setDialog('numbering'),
    openLabelling: () => setDialog('labelling'),
  };

  const save = async () => {
    if (saving) return;
    const blocking = blockingProblems(problems);
    if (blocking.length) {
      setSaveMessage({ tone: 'error', text: `Fix the ${plural(blocking.length, 'problem')} listed first.` });
      document.getElementById(problemsHeadingId)?.focus();
      return;
    }
    setSaving(true);
    setSaveMessage(null);
    try {
      const r = await props.onSave(draft);
      if (r.ok) setSaveMessage(r.message ? { tone: 'info', text: r.message } : null);
      else {
        setSaveMessage({ tone: 'error', text: r.message });
        if (r.problems?.length) setServerProblems(r.problems);
      }
    } catch {
      setSaveMessage({
        tone: 'error',
        text: 'We could not reach the server. Your drawing is still here: try again in a moment.',
      });
    } finally {
      setSaving(false);
    }
  };
  useImperativeHandle(props.ref, () => ({ save }));

  const status = `${state.announcement.text ? `${state.announcement.text}. ` : ''}${errorsCount ? `${plural(errorsCount, 'problem')} to fix.` : 'No problems.'}`;

  return (
    // The shortcuts work wherever focus is in the editor, except in text fields and dialogs.
    // biome-ignore lint/a11y/noStaticElementInteractions: keyboard shortcuts for the whole editor, each also a labelled button
    <div className="space-y-3" onKeyDown={onRootKeyDown}>
      <p id={helpId} className="sr-only">
        Arrow keys move between cells, Space selects, Shift and arrows select a rectangle. Letters choose
        tools: V select, S seat, E gap, 1 2 3 categories, W wheelchair, C companion, B out of service, A
        aisle. Question mark for all keys.
      </p>
      <div className="flex flex-wrap items-start gap-x-4 gap-y-2">
        <fieldset className="min-w-0 flex gap-1">
          <legend className="sr-only">History</legend>
          <button
            type="button"
            className={buttonBase}
            disabled={!canUndo(state.history)}
            onClick={() => dispatch({ type: 'undo' })}
            aria-keyshortcuts="Control+Z Meta+Z"
            title="Undo (Ctrl+Z)"
          >
            ↶ Undo
          </button>
          <button
            type="button"
            className={buttonBase}
            disabled={!canRedo(state.history)}
            onClick={() => dispatch({ type: 'redo' })}
            aria-keyshortcuts="Control+Shift+Z Meta+Shift+Z Control+Y"
            title="Redo (Ctrl+Shift+Z or Ctrl+Y)"
          >
            ↷ Redo
          </button>
        </fieldset>
        <fieldset className="min-w-0 flex flex-wrap gap-1">
          <legend className="sr-only">Tools</legend>
          {TOOLS.map((t) => {
            const pressed = tool === t.id;
            return (
              <button
                key={t.id}
                type="button"
                aria-pressed={pressed}
                aria-keyshortcuts={t.key}
                title={`${t.label} (${t.key}): ${t.hint}`}
                onClick={() => chooseTool(t.id)}
                className={pressed ? buttonPressed : buttonBase}
              >
                <ToolGlyph id={t.id} />
                {t.label}
                <span aria-hidden="true" className="ml-0.5 font-mono text-[10px]">
                  {t.key}
                </span>
              </button>
            );
          })}
        </fieldset>
        <fieldset className="min-w-0 flex items-center gap-1">
          <legend className="sr-only">Zoom</legend>
          <button
            type="button"
            className={buttonBase}
            onClick={() => zoomBy(-1)}
            aria-label="Zoom out"
            title="Zoom out (−)"
          >
            −
          </button>
          <button type="button" className={buttonBase} onClick={() => setZoom(1)} title="Back to 100 % (0)">
            <span className="sr-only">Zoom: </span>
            {Math.round(zoom * 100)}%
          </button>
          <button
            type="button"
            className={buttonBase}
            onClick={() => zoomBy(1)}
            aria-label="Zoom in"
            title="Zoom in (+)"
          >
            +
          </button>
        </fieldset>
        <div className="flex gap-1">
          <button type="button" className={buttonBase} onClick={() => setDialog('templates')}>
            Templates…
          </button>
          <button
            type="button"
            className={buttonBase}
            onClick={() => setDialog('help')}
            aria-keyshortcuts="?"
            title="Keys and touch (?)"
          >
            Help
          </button>
        </div>
      </div>
      <p aria-live="polite" className="min-h-5 text-sm text-stone-700 dark:text-stone-300">
        {status}
      </p>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_19rem]">
        <div className="min-w-0 space-y-2">
          <div className="max-h-[70vh] overflow-auto rounded-lg border border-stone-200 bg-white dark:border-ink-700 dark:bg-ink-900">
            <EditorGrid
              draft={draft}
              selection={selection}
              problems={problemCells}
              helpId={helpId}
              focus={focus}
              focusNonce={focusNonce}
              zoom={zoom}
              panning={tool === 'pan'}
              onFocusChange={onFocusChange}
              onGridKeyDown={onGridKeyDown}
              onGesture={onGesture}
              onHeader={onHeader}
            />
          </div>
          <Legend />
          <div className="rounded-lg border border-stone-200 bg-stone-50 px-4 py-3 dark:border-ink-700 dark:bg-ink-950">
            <div className="flex flex-wrap items-center justify-between gap-3">
              <div className="min-w-0 text-sm" aria-live="polite">
                {saveMessage ? (
                  <p
                    className={
                      saveMessage.tone === 'error' ? 'font-medium text-red-800 dark:text-red-300' : ''
                    }
                  >
                    {saveMessage.text}
                  </p>
                ) : (
                  <p className="text-stone-600 dark:text-stone-400">
                    {summary.seats} seats · {errorsCount ? plural(errorsCount, 'problem') : 'ready to save'}
                  </p>
                )}
              </div>
              <button
                type="button"
                className={primaryButton}
                onClick={() => void save()}
                disabled={saving}
                aria-busy={saving}
              >
                {saving ? 'Saving…' : (props.saveLabel ?? 'Save')}
              </button>
            </div>
          </div>
        </div>
        <div className="grid min-w-0 gap-4 md:grid-cols-2 lg:grid-cols-1 lg:content-start">
          <ProblemsPanel problems={shownProblems} onShow={showProblem} headingId={problemsHeadingId} />
          <SummaryPanel summary={summary} draft={draft} />
          <SelectionPanel
            draft={draft}
            rows={targetRows}
            cols={targetCols}
            selectedCells={selCells.length}
            selectedSeats={selectedSeats}
            singleSeat={singleSeat}
            actions={actions}
          />
          <LayoutSettings
            draft={draft}
            onScreenAt={(at) =>
              apply(op(`Screen ${at === 'top' ? 'above' : 'below'} the plan`, (d) => setScreenAt(d, at)))
            }
            onNote={(note) => apply(op('Changed the note', (d) => setNote(d, note)))}
          />
        </div>
      </div>

      <TemplatesDialog open={dialog === 'templates'} onClose={() => setDialog(null)} onPick={replaceDraft} />
      <NumberingDialog
        open={dialog === 'numbering'}
        onClose={() => setDialog(null)}
        selectedRows={selCells.length ? targetRows : []}
        current={
          draft.rows[targetRows[0] ?? 0]?.numbering ?? { order: 'left-to-right', start: 1, blockStep: 0 }
        }
        onApply={(scope, scheme) => {
          const rows = scope === 'all' ? draft.rows.map((_, i) => i) : targetRows;
          apply(
            op(`Numbered the seats of ${scope === 'all' ? 'every row' : rowWords(rows)}`, (d) =>
              renumberRows(d, rows, scheme),
            ),
            'Those seats were already numbered that way',
          );
          setDialog(null);
        }}
      />
      <LabellingDialog
        open={dialog === 'labelling'}
        onClose={() => setDialog(null)}
        current={draft.labelling}
        onApply={(scheme) => {
          apply(
            op('Labelled the rows', (d) => relabelRows(d, scheme)),
            'The rows were already labelled that way',
          );
          setDialog(null);
        }}
      />
      <HelpDialog open={dialog === 'help'} onClose={() => setDialog(null)} />
    </div>
  );
}

function ToolGlyph({ id }: { id: ToolId }) {
  if (id === 'STANDARD' || id === 'PREMIUM' || id === 'RECLINER') {
    return <CategorySwatch category={id} size="h-3 w-3" />;
  }
  const glyph: Partial<Record<ToolId, string>> = {
    select: '⬚',
    pan: '✥',
    seat: '▣',
    erase: '⌫',
    wheelchair: '♿',
    companion: '⊕',
    blocked: '⊘',
    aisle: '↕',
  };
  return <span aria-hidden="true">{glyph[id]}</span>;
}

function Legend() {
  return (
    <ul
      aria-label="Legend"
      className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-stone-700 dark:text-stone-300"
    >
      {SEAT_CATEGORIES.map((c) => (
        <li key={c} className="flex items-center gap-1.5">
          <CategorySwatch category={c} />
          {CATEGORY_LABELS[c]}
        </li>
      ))}
      <li>♿ Wheelchair space</li>
      <li>⊕ Companion seat</li>
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block h-3.5 w-3.5 rounded-t border-2 border-dashed border-stone-500"
        />
        Out of service
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-3.5 w-3.5 rounded bg-stone-200 dark:bg-ink-700" />
        Aisle
      </li>
      <li className="flex items-center gap-1.5">
        <span aria-hidden="true" className="inline-block h-2 w-2 rounded-full bg-red-600" />
        Problem
      </li>
    </ul>
  );
}
