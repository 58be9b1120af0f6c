import 'server-only';
import { isDeepStrictEqual } from 'node:util';

/**
 * The fields an edit changed, as the audit log's before and after: only those, so a record says
 * what was changed rather than repeating the whole row.
 */
export function changedFields<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): { before: Partial<T>; after: Partial<T>; changed: (keyof T)[] } {
  const changed = (Object.keys(after) as (keyof T)[]).filter(
    (k) => after[k] !== undefined && !isDeepStrictEqual(before[k], after[k]),
  );
  return {
    before: Object.fromEntries(changed.map((k) => [k, before[k]])) as Partial<T>,
    after: Object.fromEntries(changed.map((k) => [k, after[k]])) as Partial<T>,
    changed,
  };
}
