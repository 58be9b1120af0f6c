import { describe, expect, it } from 'vitest';
import {
  deletions,
  searchWords,
  typoBudget,
  typoDistance,
  typoReach,
  typosAllowed,
} from '@/lib/search-words';

describe('searchWords', () => {
  it('splits as the database does: lower case, at anything but letters and digits, each word once', () => {
    expect(searchWords("  Ammachi's KITCHEN: No. 13 — kitchen ")).toEqual([
      'ammachi',
      's',
      'kitchen',
      'no',
      '13',
    ]);
    expect(searchWords('Chai & Chemistry')).toEqual(['chai', 'chemistry']);
    expect(searchWords('&& --')).toEqual([]);
  });
});

describe('typo budgets', () => {
  it('forgives none below five letters, one from five, two from nine', () => {
    expect(['pip', 'moon', 'blues', 'madurai', 'lighthous', 'lighthouse'].map(typoBudget)).toEqual([
      0, 0, 1, 1, 2, 2,
    ]);
  });
  it('judges a pair on the longer word, so a dropped letter leaving four is still forgiven', () => {
    expect(typosAllowed('ethi', 'sethi')).toBe(1);
    expect(typosAllowed('four', 'tour')).toBe(0);
    expect(typosAllowed('chemirsy', 'chemistry')).toBe(2);
  });
  it('looks far enough for a longer word with a larger budget', () => {
    expect(['moo', 'ethi', 'backwtr'].map(typoReach)).toEqual([0, 1, 2]);
  });
});

describe('deletions', () => {
  it('gives the word and every word with up to k letters deleted', () => {
    expect(deletions('abc', 0)).toEqual(['abc']);
    expect(deletions('abc', 1).sort()).toEqual(['ab', 'abc', 'ac', 'bc']);
    expect(deletions('abcd', 2).sort()).toEqual([
      'ab',
      'abc',
      'abcd',
      'abd',
      'ac',
      'acd',
      'ad',
      'bc',
      'bcd',
      'bd',
      'cd',
    ]);
  });
  it('meets a misspelling: some deletion of each side is the same word', () => {
    const common = (a: string, b: string, k: number) =>
      deletions(a, k).some((d) => deletions(b, k).includes(d));
    expect(common('mosnoon', 'monsoon', 1)).toBe(true);
    expect(common('maurai', 'madurai', 1)).toBe(true);
    expect(common('klapakam', 'kalpakkam', 2)).toBe(true);
    expect(common('keyboard', 'monsoon', 2)).toBe(false);
  });
});

describe('typoDistance', () => {
  it('counts a deletion, an insertion, a substitution and a swap of neighbours as one typo each', () => {
    expect(typoDistance('thunder', 'thunder')).toBe(0);
    expect(typoDistance('thundr', 'thunder')).toBe(1);
    expect(typoDistance('thunderr', 'thunder')).toBe(1);
    expect(typoDistance('thubder', 'thunder')).toBe(1);
    expect(typoDistance('thudner', 'thunder')).toBe(1);
    expect(typoDistance('klapakam', 'kalpakkam')).toBe(2);
  });
  it('stops early past the bound, answering bound + 1', () => {
    expect(typoDistance('keyboard', 'monsoon', 2)).toBe(3);
    expect(typoDistance('a', 'abcdef', 1)).toBe(2);
  });
});
