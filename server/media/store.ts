import 'server-only';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { env } from '@/server/env';
import { setSingleton, singleton } from '@/server/singleton';

// Where uploaded media (posters) live: a small interface, so that an object store (S3, R2, GCS)
// can replace the filesystem without touching the use cases. Keys are relative paths of
// lower-case letters, digits, dots, dashes and slashes (`posters/<hash>-320.webp`), never
// climbing out of the store. Objects are immutable once written: their keys name their content.

export type StoredObject = { bytes: Buffer; contentType: string };

export type MediaStore = {
  put(key: string, bytes: Buffer, contentType: string): Promise<void>;
  /** The object, or null when there is none. */
  get(key: string): Promise<StoredObject | null>;
  has(key: string): Promise<boolean>;
  /** Removes it; removing what is not there is fine. */
  delete(key: string): Promise<void>;
};

const KEY = /^[a-z0-9]+(?:[a-z0-9._-]*[a-z0-9])?(?:\/[a-z0-9]+(?:[a-z0-9._-]*[a-z0-9])?)*$/;

export function assertMediaKey(key: string): void {
  if (!KEY.test(key) || key.split('/').some((s) => s.includes('..')) || key.length > 200) {
    throw new Error(`not a media key: ${JSON.stringify(key)}`);
  }
}

const TYPES: Record<string, string> = { '.webp': 'image/webp', '.png': 'image/png', '.jpg': 'image/jpeg' };

/**
 * Files under `root`, one per key. A write goes to a temporary file first and is renamed into
 * place, so a reader never sees half an image, and a crash leaves at most a stray temporary file.
 */
export function filesystemMediaStore(root: string): MediaStore {
  const file = (key: string) => {
    assertMediaKey(key);
    return path.join(root, ...key.split('/'));
  };
  const contentType = (key: string) => TYPES[path.extname(key)] ?? 'application/octet-stream';
  return {
    async put(key, bytes) {
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    },
    async get(key) {
      try {
        return { bytes: await readFile(file(key)), contentType: contentType(key) };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
    async has(key) {
      try {
        return (await stat(file(key))).isFile();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
        throw error;
      }
    },
    async delete(key) {
      await rm(file(key), { force: true });
    },
  };
}

/** The process's store: MEDIA_DIR, by default DATA_DIR/media. */
export function mediaStore(): MediaStore {
  return singleton('media-store', () => {
    const config = env();
    return filesystemMediaStore(path.resolve(config.MEDIA_DIR ?? path.join(config.DATA_DIR, 'media')));
  });
}

/** Puts another store in place (an object store, or a test's own directory). */
export function setMediaStore(store: MediaStore | undefined): void {
  setSingleton('media-store', store);
}
