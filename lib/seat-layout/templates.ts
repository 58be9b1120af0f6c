import { LAYOUT_MAX_COLS, LAYOUT_MAX_ROWS } from '@/lib/schemas/layout';
import { fromScreenRecords } from '@/lib/seat-layout/convert';
import { DEFAULT_LABELLING, DEFAULT_NUMBERING, emptyRow, type LayoutDraft } from '@/lib/seat-layout/draft';
import { normalize } from '@/lib/seat-layout/operations';
import { buildScreen, SCREEN_TEMPLATES, type ScreenTemplateKey } from '@/prisma/seed-data/screens';

// Layouts to start from: the demo's auditoriums (the seed's own templates, built the way the seed
// builds them, so a new screen drawn from "IMAX" is exactly the demo's IMAX), and a blank grid.

export type LayoutTemplate = { key: ScreenTemplateKey; name: string; description: string };

const NAMES: Record<ScreenTemplateKey, string> = {
  grand: 'Grand hall',
  imax: 'IMAX stadium',
  boutique: 'Boutique',
  lounge: 'Recliner lounge',
  classic: 'Classic',
  studio: 'Studio',
  motion: '4DX motion',
};

export const LAYOUT_TEMPLATES: readonly LayoutTemplate[] = (
  Object.keys(SCREEN_TEMPLATES) as ScreenTemplateKey[]
).map((key) => ({ key, name: NAMES[key], description: SCREEN_TEMPLATES[key].note }));

export function templateDraft(key: ScreenTemplateKey): LayoutDraft {
  const built = buildScreen(SCREEN_TEMPLATES[key]);
  return fromScreenRecords(built.layout, built.seats);
}

/** A `rows` × `cols` grid, every cell a standard seat (`filled`) or every cell a gap. */
export function blankDraft(rows: number, cols: number, options: { filled?: boolean } = {}): LayoutDraft {
  const r = Math.max(1, Math.min(LAYOUT_MAX_ROWS, Math.floor(rows)));
  const c = Math.max(1, Math.min(LAYOUT_MAX_COLS, Math.floor(cols)));
  const draft: LayoutDraft = {
    cols: c,
    aisleCols: [],
    screenAt: 'top',
    note: '',
    labelling: DEFAULT_LABELLING,
    rows: Array.from({ length: r }, () => {
      const row = emptyRow(c, DEFAULT_NUMBERING);
      if (options.filled) {
        row.cells = row.cells.map(() => ({
          number: 0,
          category: 'STANDARD',
          kind: 'STANDARD',
          blocked: false,
        }));
      }
      return row;
    }),
  };
  return normalize(draft);
}
