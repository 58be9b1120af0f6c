import { type ScreenLayout, screenLayoutSchema } from '@/lib/schemas/layout';
import { MovieFormat, SeatCategory, SeatKind } from '@/prisma/generated/enums';

// Auditorium templates. A template describes the seat grid row by row; buildScreen() turns it
// into the Screen.layout JSON and the seat rows, numbering seats the way they are printed on
// the chairs (1 from the left, skipping aisles and gaps).

type Span = readonly [first: number, last: number];

export type RowSpec = {
  category: SeatCategory;
  /** Inclusive column ranges that hold seats; aisle columns inside a span are skipped. */
  spans: readonly Span[];
  /** Columns of wheelchair spaces; each needs a COMPANION seat right next to it. */
  wheelchair?: readonly number[];
  companion?: readonly number[];
};

export type ScreenTemplate = {
  formats: MovieFormat[];
  cols: number;
  aisleCols: number[];
  /** One entry per grid row from the screen backwards; `null` is a cross-aisle walkway. */
  rows: readonly (RowSpec | null)[];
  note: string;
  /** Cleaning buffer after each show; bigger rooms take longer to turn round. */
  cleaningMinutes: number;
  /** Base prices (paise) for a weekday 2D show, before format and evening surcharges. */
  prices: { standardMinor: number; premiumBps: number; reclinerMinor: number };
};

const { STANDARD, PREMIUM, RECLINER } = SeatCategory;
const { TWO_D, THREE_D, IMAX, FOUR_DX } = MovieFormat;

const row = (category: SeatCategory, spans: readonly Span[], access?: Partial<RowSpec>): RowSpec => ({
  category,
  spans,
  ...access,
});
const times = (n: number, spec: RowSpec): RowSpec[] => Array.from({ length: n }, () => spec);

// Block layouts reused by several rows of one template.
const GRAND_FULL: Span[] = [
  [0, 4],
  [6, 17],
  [19, 23],
];
const IMAX_FULL: Span[] = [
  [0, 4],
  [6, 21],
  [23, 27],
];
const CLASSIC_FULL: Span[] = [
  [0, 3],
  [5, 14],
  [16, 19],
];
const STUDIO_FULL: Span[] = [
  [0, 7],
  [9, 16],
];
const MOTION_FULL: Span[] = [
  [0, 3],
  [5, 8],
  [10, 13],
  [15, 18],
];

export const SCREEN_TEMPLATES = {
  // A big flat-floor hall: three blocks, a cross-aisle, accessible row behind it, premium back.
  grand: {
    formats: [TWO_D, THREE_D],
    cols: 24,
    aisleCols: [5, 18],
    rows: [
      row(STANDARD, [[7, 16]]),
      row(STANDARD, [
        [1, 4],
        [6, 17],
        [19, 22],
      ]),
      ...times(4, row(STANDARD, GRAND_FULL)),
      null,
      row(STANDARD, GRAND_FULL, { wheelchair: [0, 23], companion: [1, 22] }),
      row(STANDARD, GRAND_FULL),
      ...times(2, row(PREMIUM, GRAND_FULL)),
      row(PREMIUM, [
        [1, 4],
        [6, 17],
        [19, 22],
      ]),
    ],
    note: 'Wheelchair spaces in row G behind the cross-aisle. Premium rows I–K.',
    cleaningMinutes: 20,
    prices: { standardMinor: 24_000, premiumBps: 14_000, reclinerMinor: 0 },
  },
  // Stadium seating with short front rows; step-free entry at the front, so access is row C.
  imax: {
    formats: [IMAX, TWO_D],
    cols: 28,
    aisleCols: [5, 22],
    rows: [
      row(STANDARD, [[8, 19]]),
      row(STANDARD, [[6, 21]]),
      row(
        STANDARD,
        [
          [2, 4],
          [6, 21],
          [23, 25],
        ],
        { wheelchair: [2, 25], companion: [3, 24] },
      ),
      ...times(5, row(STANDARD, IMAX_FULL)),
      row(PREMIUM, IMAX_FULL),
      row(PREMIUM, [
        [1, 4],
        [6, 21],
        [23, 26],
      ]),
    ],
    note: 'Step-free entry at the front: wheelchair spaces in row C. Premium rows I–J.',
    cleaningMinutes: 20,
    prices: { standardMinor: 30_000, premiumBps: 13_000, reclinerMinor: 0 },
  },
  // An intimate room with a side aisle.
  boutique: {
    formats: [TWO_D, THREE_D],
    cols: 12,
    aisleCols: [3],
    rows: [
      row(
        STANDARD,
        [
          [0, 2],
          [4, 11],
        ],
        { wheelchair: [0], companion: [1] },
      ),
      ...times(
        4,
        row(STANDARD, [
          [0, 2],
          [4, 11],
        ]),
      ),
      row(PREMIUM, [
        [0, 2],
        [4, 11],
      ]),
      row(PREMIUM, [
        [1, 2],
        [4, 10],
      ]),
    ],
    note: 'Wheelchair space at the front left of row A. Premium rows F–G.',
    cleaningMinutes: 15,
    prices: { standardMinor: 22_000, premiumBps: 13_500, reclinerMinor: 0 },
  },
  // All recliners, served at the seat.
  lounge: {
    formats: [TWO_D],
    cols: 13,
    aisleCols: [6],
    rows: [
      row(
        RECLINER,
        [
          [0, 5],
          [7, 12],
        ],
        { wheelchair: [0], companion: [1] },
      ),
      ...times(
        4,
        row(RECLINER, [
          [0, 5],
          [7, 12],
        ]),
      ),
      row(RECLINER, [
        [2, 5],
        [7, 10],
      ]),
    ],
    note: 'Every seat a recliner with call-button service. Wheelchair space at the front left.',
    cleaningMinutes: 20,
    prices: { standardMinor: 0, premiumBps: 0, reclinerMinor: 65_000 },
  },
  // A mid-size hall with every category: standard, premium, and a recliner back row.
  classic: {
    formats: [TWO_D, THREE_D],
    cols: 20,
    aisleCols: [4, 15],
    rows: [
      row(STANDARD, [[5, 14]]),
      row(STANDARD, [
        [1, 3],
        [5, 14],
        [16, 18],
      ]),
      ...times(5, row(STANDARD, CLASSIC_FULL)),
      row(STANDARD, CLASSIC_FULL, { wheelchair: [0, 19], companion: [1, 18] }),
      ...times(2, row(PREMIUM, CLASSIC_FULL)),
      row(RECLINER, [[5, 14]]),
    ],
    note: 'Wheelchair spaces at both ends of row H. Premium rows I–J, recliners in row K.',
    cleaningMinutes: 20,
    prices: { standardMinor: 20_000, premiumBps: 14_000, reclinerMinor: 60_000 },
  },
  // A flat room with one centre aisle; access from the back.
  studio: {
    formats: [TWO_D],
    cols: 17,
    aisleCols: [8],
    rows: [
      row(STANDARD, [
        [2, 7],
        [9, 14],
      ]),
      ...times(5, row(STANDARD, STUDIO_FULL)),
      row(STANDARD, STUDIO_FULL, { wheelchair: [0, 16], companion: [1, 15] }),
      row(PREMIUM, [
        [1, 7],
        [9, 15],
      ]),
    ],
    note: 'Wheelchair spaces at both ends of row G, level with the entrance. Premium row H.',
    cleaningMinutes: 15,
    prices: { standardMinor: 20_000, premiumBps: 13_500, reclinerMinor: 0 },
  },
  // Motion seats come in fixed blocks of four, hence the gaps.
  motion: {
    formats: [FOUR_DX],
    cols: 19,
    aisleCols: [9],
    rows: [
      row(STANDARD, MOTION_FULL, { wheelchair: [0, 18], companion: [1, 17] }),
      ...times(5, row(STANDARD, MOTION_FULL)),
    ],
    note: 'Motion seats in blocks of four. Wheelchair spaces (static) at both ends of row A.',
    cleaningMinutes: 20,
    prices: { standardMinor: 30_000, premiumBps: 13_000, reclinerMinor: 0 },
  },
} satisfies Record<string, ScreenTemplate>;

export type ScreenTemplateKey = keyof typeof SCREEN_TEMPLATES;

export type SeatDraft = {
  rowLabel: string;
  number: number;
  rowIndex: number;
  col: number;
  category: SeatCategory;
  kind: SeatKind;
};

export type BuiltScreen = { layout: ScreenLayout; seats: SeatDraft[]; categories: SeatCategory[] };

/** A, B, … Z, AA, AB, … */
function rowLabel(index: number): string {
  const letter = String.fromCharCode(65 + (index % 26));
  return index < 26 ? letter : rowLabel(Math.floor(index / 26) - 1) + letter;
}

function seatKind(spec: RowSpec, col: number): SeatKind {
  if (spec.wheelchair?.includes(col)) return SeatKind.WHEELCHAIR;
  if (spec.companion?.includes(col)) return SeatKind.COMPANION;
  return SeatKind.STANDARD;
}

export function buildScreen(template: ScreenTemplate): BuiltScreen {
  const aisles = new Set(template.aisleCols);
  const seats: SeatDraft[] = [];
  let labelIndex = 0;
  template.rows.forEach((spec, rowIndex) => {
    if (!spec) return;
    const label = rowLabel(labelIndex++);
    const cols = spec.spans
      .flatMap(([first, last]) => Array.from({ length: last - first + 1 }, (_, i) => first + i))
      .filter((col) => !aisles.has(col))
      .sort((a, b) => a - b);
    cols.forEach((col, i) => {
      seats.push({
        rowLabel: label,
        number: i + 1,
        rowIndex,
        col,
        category: spec.category,
        kind: seatKind(spec, col),
      });
    });
  });
  const layout = screenLayoutSchema.parse({
    rows: template.rows.length,
    cols: template.cols,
    aisleCols: template.aisleCols,
    screenAt: 'top',
    note: template.note,
  });
  assertSound(template, seats);
  const categories = [...new Set(seats.map((s) => s.category))];
  return { layout, seats, categories };
}

// A broken template should stop the seed loudly rather than produce a seat map that lies.
function assertSound(template: ScreenTemplate, seats: SeatDraft[]): void {
  const at = new Map(seats.map((s) => [`${s.rowIndex}:${s.col}`, s]));
  if (at.size !== seats.length) throw new Error('seed layout: two seats share a grid cell');
  for (const seat of seats) {
    if (seat.col >= template.cols)
      throw new Error(`seed layout: seat ${seat.rowLabel}${seat.number} off the grid`);
    if (seat.kind !== SeatKind.WHEELCHAIR) continue;
    const left = at.get(`${seat.rowIndex}:${seat.col - 1}`);
    const right = at.get(`${seat.rowIndex}:${seat.col + 1}`);
    if (left?.kind !== SeatKind.COMPANION && right?.kind !== SeatKind.COMPANION) {
      throw new Error(`seed layout: wheelchair space ${seat.rowLabel}${seat.number} has no companion seat`);
    }
  }
  const wheelchairs = seats.filter((s) => s.kind === SeatKind.WHEELCHAIR).length;
  const companions = seats.filter((s) => s.kind === SeatKind.COMPANION).length;
  if (wheelchairs === 0 || companions < wheelchairs) {
    throw new Error('seed layout: every screen needs wheelchair spaces, each with a companion seat');
  }
}
