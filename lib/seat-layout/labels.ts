import { type DraftRow, type LayoutDraft, type RowLabelling, rowHasSeats } from '@/lib/seat-layout/draft';

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LETTERS_WITHOUT_I_O = 'ABCDEFGHJKLMNPQRSTUVWXYZ';

/** What a row label may be: what the tickets, the door and the seat map print. */
export const ROW_LABEL_PATTERN = /^[A-Z0-9]{1,4}$/;

/** The n-th label (0-based) of a letter sequence: A … Z, AA, AB, … (bijective, like spreadsheet columns). */
export function letterLabel(index: number, skipIO = false): string {
  const alphabet = skipIO ? LETTERS_WITHOUT_I_O : LETTERS;
  let n = index;
  let out = '';
  do {
    out = (alphabet[n % alphabet.length] as string) + out;
    n = Math.floor(n / alphabet.length) - 1;
  } while (n >= 0);
  return out;
}

/** The rows' labels under a scheme: only rows with seats are counted and labelled. */
export function labelsFor(
  rows: readonly DraftRow[],
  scheme: Exclude<RowLabelling, { style: 'manual' }>,
  screenAt: LayoutDraft['screenAt'],
): string[] {
  const labels = rows.map(() => '');
  const order = rows.map((_, i) => i);
  // Row 0 is nearest the screen when it is drawn at the top.
  const nearestFirst = screenAt === 'top' ? order : order.reverse();
  const sequence = scheme.from === 'screen' ? nearestFirst : [...nearestFirst].reverse();
  let n = 0;
  for (const i of sequence) {
    if (!rowHasSeats(rows[i] as DraftRow)) continue;
    labels[i] = scheme.style === 'letters' ? letterLabel(n, scheme.skipIO) : String(n + 1);
    n++;
  }
  return labels;
}

/** Labelling schemes, most usual first: what a draft made from existing seats is tested against. */
const LABELLING_SCHEMES: readonly Exclude<RowLabelling, { style: 'manual' }>[] = [
  { style: 'letters', skipIO: false, from: 'screen' },
  { style: 'letters', skipIO: true, from: 'screen' },
  { style: 'letters', skipIO: false, from: 'back' },
  { style: 'letters', skipIO: true, from: 'back' },
  { style: 'numbers', from: 'screen' },
  { style: 'numbers', from: 'back' },
];

/** The scheme these rows' labels follow, or `manual` when none does. */
export function detectLabelling(rows: readonly DraftRow[], screenAt: LayoutDraft['screenAt']): RowLabelling {
  for (const scheme of LABELLING_SCHEMES) {
    const labels = labelsFor(rows, scheme, screenAt);
    if (labels.every((l, i) => l === (rows[i] as DraftRow).label)) return scheme;
  }
  return { style: 'manual' };
}
