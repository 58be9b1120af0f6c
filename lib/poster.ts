// Posters, as pages show them. An uploaded poster is stored once per size the site uses, as WebP
// at 2:3 (server/media/process-poster.ts), under a key made from the upload's content: its URLs
// never change meaning, so they are served with a year-long immutable cache. The database keeps
// the middle size's URL (movies.poster_url, which every reader already selects); the other sizes
// are derived from it here. Films without an upload show a static image under public/.

/** Widths of the stored sizes, in pixels (height = width × 1.5). */
export const POSTER_WIDTHS = [160, 320, 640] as const;
export type PosterWidth = (typeof POSTER_WIDTHS)[number];

/** The size whose URL movies.poster_url holds (CHECK movies_poster_key_url agrees). */
export const POSTER_DEFAULT_WIDTH: PosterWidth = 320;

/** Shown until a poster is uploaded. */
export const PLACEHOLDER_POSTER_URL = '/posters/placeholder.svg';

export const POSTER_KEY_PATTERN = /^[0-9a-f]{32}$/;
export const POSTER_PATH = '/api/media/posters';
/** The file name in a poster URL: `<key>-<width>.webp`. */
export const POSTER_FILE_PATTERN = /^([0-9a-f]{32})-(160|320|640)\.webp$/;

export function posterHeight(width: number): number {
  return Math.round(width * 1.5);
}

export function posterFile(key: string, width: PosterWidth): string {
  return `${key}-${width}.webp`;
}

export function posterUrl(key: string, width: PosterWidth = POSTER_DEFAULT_WIDTH): string {
  return `${POSTER_PATH}/${posterFile(key, width)}`;
}

/** The uploaded poster's key in a poster URL, or null for a static image. */
export function posterKeyOf(url: string): string | null {
  if (!url.startsWith(`${POSTER_PATH}/`)) return null;
  return POSTER_FILE_PATTERN.exec(url.slice(POSTER_PATH.length + 1))?.[1] ?? null;
}

/** `src` and, for an uploaded poster, a `srcSet` of every stored size. */
export function posterSources(url: string): { src: string; srcSet?: string } {
  const key = posterKeyOf(url);
  if (!key) return { src: url };
  return {
    src: posterUrl(key),
    srcSet: POSTER_WIDTHS.map((w) => `${posterUrl(key, w)} ${w}w`).join(', '),
  };
}

// What an upload must be (server/media/process-poster.ts checks the content; the admin form checks
// the size first, to save a pointless upload).
export const POSTER_MAX_BYTES = 5 * 1024 * 1024;
export const POSTER_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Smaller than this and the site's larger sizes would be visibly blurred. */
export const POSTER_MIN_WIDTH = 300;
export const POSTER_MIN_HEIGHT = 450;
/** Decoding more than this is a decompression bomb, not a poster. */
export const POSTER_MAX_SIDE = 10_000;
export const POSTER_MAX_PIXELS = 40_000_000;
/**
 * Width ÷ height accepted: one-sheets (27×40 in), 2:3, 11×17 and 4:5 art all fit; each is cropped
 * to 2:3 around its centre, losing at most a sixth of one side. Landscape images are refused.
 */
export const POSTER_ASPECT_MIN = 0.55;
export const POSTER_ASPECT_MAX = 0.8;
