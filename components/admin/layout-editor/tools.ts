import { CATEGORY_LABELS } from '@/lib/format';
import { colsOf } from '@/lib/seat-layout/cells';
import { type Cell, type LayoutDraft, type SeatCategory, seatAt } from '@/lib/seat-layout/draft';
import {
  eraseCells,
  fillSeats,
  setAisles,
  setBlocked,
  setCategory,
  setKind,
} from '@/lib/seat-layout/operations';

// The editor's tools: what a click, a tap, a drag or a key does to cells. With cells selected,
// choosing a painting tool applies it to them at once; with none, it paints where you click or drag.

export type ToolId =
  | 'select'
  | 'pan'
  | 'seat'
  | 'erase'
  | 'STANDARD'
  | 'PREMIUM'
  | 'RECLINER'
  | 'wheelchair'
  | 'companion'
  | 'blocked'
  | 'aisle';

export type Tool = { id: ToolId; label: string; key: string; hint: string; group: string };

export const TOOLS: readonly Tool[] = [
  {
    id: 'select',
    label: 'Select',
    key: 'V',
    group: 'Pointer',
    hint: 'Click, shift-click or drag to select cells',
  },
  {
    id: 'pan',
    label: 'Pan',
    key: 'H',
    group: 'Pointer',
    hint: 'Drag to scroll the plan without changing it (touch)',
  },
  { id: 'seat', label: 'Seat', key: 'S', group: 'Draw', hint: 'Put seats on empty cells' },
  { id: 'erase', label: 'Gap', key: 'E', group: 'Draw', hint: 'Remove seats, leaving a gap' },
  {
    id: 'STANDARD',
    label: CATEGORY_LABELS.STANDARD as string,
    key: '1',
    group: 'Category',
    hint: 'Make seats Standard',
  },
  {
    id: 'PREMIUM',
    label: CATEGORY_LABELS.PREMIUM as string,
    key: '2',
    group: 'Category',
    hint: 'Make seats Premium',
  },
  {
    id: 'RECLINER',
    label: CATEGORY_LABELS.RECLINER as string,
    key: '3',
    group: 'Category',
    hint: 'Make seats Recliners',
  },
  {
    id: 'wheelchair',
    label: 'Wheelchair',
    key: 'W',
    group: 'Access',
    hint: 'Make seats wheelchair spaces (again: ordinary seats)',
  },
  {
    id: 'companion',
    label: 'Companion',
    key: 'C',
    group: 'Access',
    hint: 'Make seats companion seats, beside a wheelchair space (again: ordinary seats)',
  },
  {
    id: 'blocked',
    label: 'Out of service',
    key: 'B',
    group: 'Service',
    hint: 'Take seats out of service, or back into it',
  },
  {
    id: 'aisle',
    label: 'Aisle',
    key: 'A',
    group: 'Service',
    hint: 'Make the columns walkways (their seats go), or seating columns again',
  },
];

export const TOOL_BY_KEY = new Map(TOOLS.map((t) => [t.key.toLowerCase(), t]));

export const paints = (tool: ToolId) => tool !== 'select' && tool !== 'pan';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What applying a tool to cells does: a new draft and words for it, or null when it changes nothing. */
export function applyTool(
  draft: LayoutDraft,
  tool: ToolId,
  cells: readonly Cell[],
  paintCategory: SeatCategory,
): { draft: LayoutDraft; label: string } | null {
  const seats = cells.map((c) => seatAt(draft, c)).filter((s) => s !== null);
  const aisles = new Set(draft.aisleCols);
  let next: LayoutDraft;
  let label: string;
  switch (tool) {
    case 'select':
    case 'pan':
      return null;
    case 'seat': {
      const n = cells.filter((c) => !seatAt(draft, c) && !aisles.has(c.col)).length;
      next = fillSeats(draft, cells, paintCategory);
      label = `Added ${plural(n, 'seat')}`;
      break;
    }
    case 'erase':
      next = eraseCells(draft, cells);
      label = `Removed ${plural(seats.length, 'seat')}`;
      break;
    case 'STANDARD':
    case 'PREMIUM':
    case 'RECLINER':
      next = setCategory(draft, cells, tool);
      label = `Made ${plural(seats.filter((s) => s.category !== tool).length, 'seat')} ${CATEGORY_LABELS[tool]}`;
      break;
    case 'wheelchair':
    case 'companion': {
      const kind = tool === 'wheelchair' ? 'WHEELCHAIR' : 'COMPANION';
      const words = tool === 'wheelchair' ? 'wheelchair space' : 'companion seat';
      const undoing = seats.length > 0 && seats.every((s) => s.kind === kind);
      next = setKind(draft, cells, undoing ? 'STANDARD' : kind);
      label = undoing
        ? `Made ${plural(seats.length, words)} ordinary ${seats.length === 1 ? 'seat' : 'seats'}`
        : `Made ${plural(seats.filter((s) => s.kind !== kind).length, 'seat')} ${seats.length === 1 ? `a ${words}` : `${words}s`}`;
      break;
    }
    case 'blocked': {
      const unblock = seats.length > 0 && seats.every((s) => s.blocked);
      next = setBlocked(draft, cells, !unblock);
      label = unblock
        ? `Put ${plural(seats.length, 'seat')} back in service`
        : `Took ${plural(seats.filter((s) => !s.blocked).length, 'seat')} out of service`;
      break;
    }
    case 'aisle': {
      const cols = colsOf(cells);
      const unmark = cols.every((c) => aisles.has(c));
      next = setAisles(draft, cols, !unmark);
      const names = cols.map((c) => String(c + 1)).join(', ');
      label = unmark ? `Column ${names}: seating again` : `Column ${names}: aisle`;
      break;
    }
  }
  return next === draft ? null : { draft: next, label };
}
