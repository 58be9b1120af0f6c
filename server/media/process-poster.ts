import 'server-only';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { AppError } from '@/lib/errors';
import {
  POSTER_ASPECT_MAX,
  POSTER_ASPECT_MIN,
  POSTER_MAX_BYTES,
  POSTER_MAX_PIXELS,
  POSTER_MAX_SIDE,
  POSTER_MIN_HEIGHT,
  POSTER_MIN_WIDTH,
  POSTER_WIDTHS,
  type PosterWidth,
  posterHeight,
} from '@/lib/poster';

// An uploaded poster, judged by its content (never its name or declared type) and made into the
// sizes the site shows: JPEG, PNG or WebP only, at most POSTER_MAX_BYTES, with sane dimensions
// read from the header before anything is decoded; turned upright by its EXIF orientation,
// cropped to 2:3 around its centre, re-encoded as WebP without its metadata (no camera, no GPS).

export type PosterSize = { width: PosterWidth; height: number; bytes: Buffer };
export type ProcessedPoster = {
  /** 32 hex digits of the upload's SHA-256: the same file always gets the same key. */
  key: string;
  source: { format: string; width: number; height: number; bytes: number };
  sizes: PosterSize[];
};

const ACCEPTED = new Set(['jpeg', 'png', 'webp']);

const refuse = (message: string) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ path: 'poster', message }] });

export function posterKeyFor(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex').slice(0, 32);
}

export async function processPoster(bytes: Buffer): Promise<ProcessedPoster> {
  if (bytes.length === 0) throw refuse('Choose an image file for the poster.');
  if (bytes.length > POSTER_MAX_BYTES) {
    throw new AppError(
      'PAYLOAD_TOO_LARGE',
      `The poster must be at most ${POSTER_MAX_BYTES / 1024 / 1024} MB.`,
      {
        details: [{ path: 'poster', message: 'At most 5 MB.' }],
      },
    );
  }
  // Header only: nothing is decoded before the dimensions are known to be sane.
  const options = { limitInputPixels: POSTER_MAX_PIXELS, failOn: 'error' as const };
  // Not an image sharp knows (a text file, a PDF): no metadata at all. Reading the header decodes
  // no pixels, so it is read without the pixel limit, to say how big an oversized image is.
  const meta = await sharp(bytes, { limitInputPixels: false })
    .metadata()
    .catch(() => null);
  if (!meta?.format || !ACCEPTED.has(meta.format)) {
    const message = 'The poster must be a JPEG, PNG or WebP image.';
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', message, { details: [{ path: 'poster', message }] });
  }
  // As displayed: a photo taken sideways says so in its EXIF orientation.
  const width = meta.autoOrient?.width ?? meta.width ?? 0;
  const height = meta.autoOrient?.height ?? meta.height ?? 0;
  if (width > POSTER_MAX_SIDE || height > POSTER_MAX_SIDE || width * height > POSTER_MAX_PIXELS) {
    throw refuse(
      `The image is ${width} × ${height} pixels: at most ${POSTER_MAX_SIDE} pixels a side and ${POSTER_MAX_PIXELS / 1_000_000} megapixels.`,
    );
  }
  if (width < POSTER_MIN_WIDTH || height < POSTER_MIN_HEIGHT) {
    throw refuse(
      `The image is ${width} × ${height} pixels: a poster needs at least ${POSTER_MIN_WIDTH} × ${POSTER_MIN_HEIGHT}.`,
    );
  }
  const aspect = width / height;
  if (aspect < POSTER_ASPECT_MIN || aspect > POSTER_ASPECT_MAX) {
    throw refuse(
      `The image is ${width} × ${height} pixels: a poster is portrait, about 2:3 (for example 1000 × 1500).`,
    );
  }
  try {
    const upright = sharp(bytes, options).rotate().toColourspace('srgb');
    const sizes = await Promise.all(
      POSTER_WIDTHS.map(async (w) => {
        const h = posterHeight(w);
        const out = await upright
          .clone()
          .resize({ width: w, height: h, fit: 'cover', position: 'centre' })
          .webp({ quality: 82, effort: 4 })
          .toBuffer();
        return { width: w, height: h, bytes: out };
      }),
    );
    return {
      key: posterKeyFor(bytes),
      source: { format: meta.format, width, height, bytes: bytes.length },
      sizes,
    };
  } catch {
    // The header was fine but the pixels are not (a truncated or damaged file).
    throw refuse('The image could not be read: the file may be damaged. Export it again and retry.');
  }
}
