// Misspellings as people make them, for the search benchmark: each kind of single edit at every
// position of a word (a letter dropped, one added, one wrong, two neighbours swapped), and pairs of
// edits for long words. Letters added or substituted are the word's keyboard neighbours, so
// "thunder" becomes "thubder", not "thuqder": what a thumb on a phone does.

export type TypoKind = 'deletion' | 'insertion' | 'substitution' | 'transposition';
export type Typo = { kind: TypoKind | 'double'; word: string };

const ROWS = ['qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

/** A key next to `c` on a QWERTY keyboard (the one to its right, or left at the row's end). */
export function neighbourKey(c: string): string {
  for (const row of ROWS) {
    const i = row.indexOf(c);
    if (i >= 0) return row[i + 1] ?? row[i - 1] ?? c;
  }
  return c === 'x' ? 'y' : 'x';
}

/** Every distinct single-edit misspelling of `word`, by kind (the word itself never). */
export function singleTypos(word: string): Typo[] {
  const out = new Map<string, Typo>();
  const add = (kind: TypoKind, w: string) => {
    if (w !== word && !out.has(w)) out.set(w, { kind, word: w });
  };
  const s = [...word];
  for (let i = 0; i < s.length; i++) {
    const c = s[i] as string;
    add('deletion', [...s.slice(0, i), ...s.slice(i + 1)].join(''));
    add('insertion', [...s.slice(0, i + 1), neighbourKey(c), ...s.slice(i + 1)].join(''));
    add('substitution', [...s.slice(0, i), neighbourKey(c), ...s.slice(i + 1)].join(''));
    if (i + 1 < s.length && s[i + 1] !== c) {
      add('transposition', [...s.slice(0, i), s[i + 1], c, ...s.slice(i + 2)].join(''));
    }
  }
  return [...out.values()];
}

/** A deterministic sample of two-edit misspellings: single typos of single typos. */
export function doubleTypos(word: string, sample: number, seed = 1): Typo[] {
  const firsts = singleTypos(word);
  const all: string[] = [];
  for (const a of firsts) for (const b of singleTypos(a.word)) if (b.word !== word) all.push(b.word);
  const distinct = [...new Set(all)];
  // A small linear congruential generator, so runs compare like with like.
  let x = seed;
  const out: Typo[] = [];
  for (let n = 0; n < sample && distinct.length > 0; n++) {
    x = (x * 1_103_515_245 + 12_345) % 2 ** 31;
    const [w] = distinct.splice(x % distinct.length, 1);
    out.push({ kind: 'double', word: w as string });
  }
  return out;
}
