import 'server-only';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { PrismaClient } from '@/prisma/generated/client';
import { assertMediaKey, databaseMediaStore, filesystemMediaStore } from '@/server/media/store';

// Copies every file of an older deployment's media folder (MEDIA_DIR, default DATA_DIR/media) into
// media_objects at once, for an operator who wants to retire the folder without waiting for each
// poster to be asked for (the database store copies them lazily too). Safe to run again, and while
// the app runs: objects are immutable and a put of a present key does nothing.

export type MediaImport = {
  /** Files that are media objects (their path a media key). */
  files: number;
  copied: number;
  /** Already in the table (copied before, or uploaded since). */
  present: number;
  /** Paths that are not media keys, left alone: a write's leftover `*.tmp`, anything else put there. */
  skipped: string[];
};

const BATCH = 500;

function isMediaKey(key: string): boolean {
  // The filesystem store's half-written `<key>.<uuid>.tmp` fits the key rule, but is none.
  if (key.endsWith('.tmp')) return false;
  try {
    assertMediaKey(key);
    return true;
  } catch {
    return false;
  }
}

export async function importMediaFiles(options: { dir: string; db: PrismaClient }): Promise<MediaImport> {
  const entries = await readdir(options.dir, { recursive: true, withFileTypes: true }).catch(
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    },
  );
  const paths = entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(options.dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
  const keys = paths.filter(isMediaKey);
  const files = filesystemMediaStore(options.dir);
  const store = databaseMediaStore({ db: () => options.db });
  let copied = 0;
  for (let i = 0; i < keys.length; i += BATCH) {
    const batch = keys.slice(i, i + BATCH);
    const present = await options.db.mediaObject.findMany({
      where: { key: { in: batch } },
      select: { key: true },
    });
    const have = new Set(present.map((p) => p.key));
    for (const key of batch) {
      if (have.has(key)) continue;
      const object = await files.get(key);
      if (!object) continue; // removed meanwhile
      await store.put(key, object.bytes, object.contentType);
      copied++;
    }
  }
  return {
    files: keys.length,
    copied,
    present: keys.length - copied,
    skipped: paths.filter((p) => !isMediaKey(p)),
  };
}
