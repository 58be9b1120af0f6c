// The query side of typo-tolerant search (server/catalog/search-movies.ts). The database side is
// migration 20261207100000_search_words: it splits titles, names, languages, genres and formats
// into words the same way as searchWords() here, and indexes each word's deletion neighbourhood.

/** At most this many words of a query are looked up (a pasted paragraph is not a search). */
export const MAX_QUERY_WORDS = 8;

/**
 * Lower-cased words, split at anything but letters and digits: what the database's
 * search_words_of() makes of a title or a name.
 */
export function searchWords(text: string): string[] {
  const out: string[] = [];
  for (const w of text
    .normalize('NFKC')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)) {
    if (w && !out.includes(w)) out.push(w);
  }
  return out.slice(0, MAX_QUERY_WORDS);
}

/**
 * Typos forgiven in a word, as Typesense and Meilisearch do by length: none below five letters (a
 * short word with one letter changed is usually another word: "four", "tour"), one from five, two
 * from nine. Judged on the longer of the two words compared, so a dropped letter that leaves four
 * ("ethi" for "sethi") is still forgiven.
 */
export function typoBudget(word: string): 0 | 1 | 2 {
  const n = [...word].length;
  return n >= 9 ? 2 : n >= 5 ? 1 : 0;
}

/** Typos allowed between a query word and a catalogue word. */
export function typosAllowed(queryWord: string, word: string): 0 | 1 | 2 {
  return typoBudget([...queryWord].length >= [...word].length ? queryWord : word);
}

/**
 * The most typos any catalogue word could be allowed against this query word: a word of up to k
 * letters more (every added letter being one typo) may have the larger budget.
 */
export function typoReach(queryWord: string): 0 | 1 | 2 {
  const n = [...queryWord].length;
  return n >= 7 ? 2 : n >= 4 ? 1 : 0;
}

/** The word and every word made by deleting up to `k` of its letters (k ≤ 2). */
export function deletions(word: string, k: number): string[] {
  const letters = [...word];
  const out = new Set<string>([word]);
  if (k >= 1) {
    for (let i = 0; i < letters.length; i++) {
      const one = letters.slice(0, i).concat(letters.slice(i + 1));
      out.add(one.join(''));
      if (k >= 2) {
        for (let j = i; j < one.length; j++)
          out.add(
            one
              .slice(0, j)
              .concat(one.slice(j + 1))
              .join(''),
          );
      }
    }
  }
  return [...out];
}

/**
 * Optimal string alignment distance: insertions, deletions, substitutions and transpositions of
 * neighbours each cost one ("mosnoon" is one typo from "monsoon", where Levenshtein says two).
 * Stops early and answers `max + 1` once the distance must exceed `max`.
 */
export function typoDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  const s = [...a];
  const t = [...b];
  if (Math.abs(s.length - t.length) > max) return max + 1;
  // Three rows of the usual table (the one before last is needed for a transposition); every index
  // read below is inside the rows built, hence the `as number`.
  let prev2: number[] = [];
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        d = Math.min(d, (prev2[j - 2] as number) + 1);
      }
      row.push(d);
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = row;
  }
  return prev[t.length] as number;
}
