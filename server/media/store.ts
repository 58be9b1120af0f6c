import 'server-only';
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { PrismaClient } from '@/prisma/generated/client';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { setSingleton, singleton } from '@/server/singleton';

// Where uploaded media (posters) live: a small interface, so that an object store (S3, R2, GCS)
// can replace the database without touching the use cases. Keys are relative paths of
// lower-case letters, digits, dots, dashes and slashes (`posters/<hash>-320.webp`), never
// climbing out of the store. Objects are immutable once written: their keys name their content.
//
// Two stores: the database (default, MEDIA_STORE=database: table media_objects, so every
// instance serves the same posters and backups carry them) and files under MEDIA_DIR
// (MEDIA_STORE=filesystem, what Marquee did before; one machine, or a folder all instances mount).

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

/**
 * How long a copy lives in an instance's cache. Objects never change, so this only bounds how
 * long another instance may still serve one that was deleted (nothing deletes posters today).
 */
const CACHE_TTL_MS = 60 * 60_000;
/** Counted per cached object beside its bytes: the key, the entry, the Buffer's header. */
const CACHE_ENTRY_OVERHEAD = 256;

export type DatabaseMediaStoreOptions = {
  /** The client to use, asked for at each call (the process's db() unless a test gives its own). */
  db: () => PrismaClient;
  /**
   * Where objects were written before they lived in the database (MEDIA_DIR). An object the
   * table lacks is looked for there and, when found, copied into the table: an upgraded
   * deployment loses no poster, and each file is copied once, by whichever instance is asked first.
   */
  legacy?: MediaStore;
  /** Bytes of objects this instance keeps in memory (0: none). */
  cacheBytes?: number;
};

/**
 * Objects in the table media_objects. A put is INSERT … ON CONFLICT DO NOTHING: the key names the
 * content, so a second put of a key (the same upload twice, two instances copying one old file)
 * has nothing to add. Pages link posters at immutable URLs, so browsers ask once; what does reach
 * the server (a new visitor, a CDN filling its cache) is served from a byte-bounded LRU of recent
 * objects, and only a miss reads the database.
 */
export function databaseMediaStore(options: DatabaseMediaStoreOptions): MediaStore {
  const { legacy } = options;
  const cacheBytes = options.cacheBytes ?? 0;
  const cache =
    cacheBytes > 0
      ? new LRUCache<string, StoredObject>({
          maxSize: cacheBytes,
          sizeCalculation: (object) => object.bytes.length + CACHE_ENTRY_OVERHEAD,
          ttl: CACHE_TTL_MS,
        })
      : undefined;

  async function put(key: string, bytes: Buffer, contentType: string): Promise<void> {
    assertMediaKey(key);
    await options.db().$executeRaw`
      INSERT INTO media_objects (key, content_type, bytes, size)
      VALUES (${key}, ${contentType}, ${bytes}, ${bytes.length})
      ON CONFLICT (key) DO NOTHING`;
  }

  /** A file written before the database store, copied into the table; null when there is none. */
  async function fromLegacy(key: string): Promise<StoredObject | null> {
    const object = legacy ? await legacy.get(key) : null;
    if (object) await put(key, object.bytes, object.contentType);
    return object;
  }

  return {
    put,
    async get(key) {
      assertMediaKey(key);
      const cached = cache?.get(key);
      if (cached) return cached;
      const row = await options.db().mediaObject.findUnique({
        where: { key },
        select: { bytes: true, contentType: true },
      });
      const object = row
        ? {
            // A view of the bytes Prisma read, not a copy.
            bytes: Buffer.from(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength),
            contentType: row.contentType,
          }
        : await fromLegacy(key);
      // Misses are not cached: another instance may store the object a moment later.
      if (object) cache?.set(key, object);
      return object;
    },
    async has(key) {
      assertMediaKey(key);
      if (cache?.has(key)) return true;
      const row = await options.db().mediaObject.findUnique({ where: { key }, select: { key: true } });
      return row !== null || (await fromLegacy(key)) !== null;
    },
    async delete(key) {
      assertMediaKey(key);
      await options.db().mediaObject.deleteMany({ where: { key } });
      cache?.delete(key);
      // Else the next read would copy it back from the old file.
      await legacy?.delete(key);
    },
  };
}

/**
 * The process's store, by MEDIA_STORE: the database (default), with the files under MEDIA_DIR
 * (default DATA_DIR/media) read once each for what was uploaded before; or those files alone.
 */
export function mediaStore(): MediaStore {
  return singleton('media-store', () => {
    const config = env();
    const files = filesystemMediaStore(path.resolve(config.MEDIA_DIR ?? path.join(config.DATA_DIR, 'media')));
    if (config.MEDIA_STORE === 'filesystem') return files;
    return databaseMediaStore({ db, legacy: files, cacheBytes: config.MEDIA_CACHE_MB * 1024 * 1024 });
  });
}

/** Puts another store in place (an object store, or a test's own directory). */
export function setMediaStore(store: MediaStore | undefined): void {
  setSingleton('media-store', store);
}
