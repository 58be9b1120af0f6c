// A film's address (/movies/<slug>) from its title: lower-case ASCII letters and digits joined by
// dashes ("Chai & Chemistry" → "chai-and-chemistry", "Ammachi’s Kitchen" → "ammachis-kitchen").
// Titles with no Latin letters at all (a title typed in Devanagari) fall back to "film"; the
// use case adds a number when the slug is taken.

export const SLUG_BASE_MAX = 60;

export function slugify(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_BASE_MAX)
    .replace(/-+$/, '');
  return slug || 'film';
}

/** The first of `base`, `base-2`, `base-3`… that is not in `taken`. */
export function nextFreeSlug(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}
