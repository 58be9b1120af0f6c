import 'server-only';
import { AppError } from '@/lib/errors';
import {
  POSTER_DEFAULT_WIDTH,
  POSTER_WIDTHS,
  type PosterWidth,
  posterFile,
  posterHeight,
  posterUrl,
} from '@/lib/poster';
import type { PosterUpload } from '@/lib/schemas/films';
import type { ProcessedPoster } from '@/server/media/process-poster';
import { mediaStore } from '@/server/media/store';

// Posters in the media store: one WebP per size under `posters/<key>-<width>.webp`.

export function posterObjectKey(key: string, width: PosterWidth): string {
  return `posters/${posterFile(key, width)}`;
}

// The default size is written last: once it is there, every size is (a film may point at it).
const WRITE_ORDER = [...POSTER_WIDTHS.filter((w) => w !== POSTER_DEFAULT_WIDTH), POSTER_DEFAULT_WIDTH];

export async function storePoster(poster: ProcessedPoster): Promise<void> {
  const store = mediaStore();
  for (const width of WRITE_ORDER) {
    const size = poster.sizes.find((s) => s.width === width);
    if (!size) throw new Error(`poster ${poster.key} has no ${width} px size`);
    await store.put(posterObjectKey(poster.key, width), size.bytes, 'image/webp');
  }
}

export function isPosterStored(key: string): Promise<boolean> {
  return mediaStore().has(posterObjectKey(key, POSTER_DEFAULT_WIDTH));
}

export function describePoster(key: string): PosterUpload {
  return {
    key,
    url: posterUrl(key),
    sizes: POSTER_WIDTHS.map((width) => ({ width, height: posterHeight(width), url: posterUrl(key, width) })),
  };
}

/** The URL a film shows for an uploaded poster; refused when no such upload is stored. */
export async function storedPosterUrl(key: string): Promise<string> {
  if (!(await isPosterStored(key))) {
    const message = 'This poster is not on the server (any more): upload it again.';
    throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'posterKey', message }] });
  }
  return posterUrl(key);
}
