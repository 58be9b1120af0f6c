import { execFile } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { PrismaClient } from '@/prisma/generated/client';
import { getPosterImageOp } from '@/server/api/operations/films';
import { createPrisma, db } from '@/server/db';
import { importMediaFiles } from '@/server/media/import-media-files';
import { storedPosterUrl } from '@/server/media/posters';
import {
  databaseMediaStore,
  filesystemMediaStore,
  type MediaStore,
  mediaStore,
  setMediaStore,
} from '@/server/media/store';
import { call } from '../support/api';

// Posters in PostgreSQL (MEDIA_STORE=database, the default): the store's contract, the same
// objects seen by two instances (two stores on two connection pools), the files of an older
// deployment copied in on first read, the table's own rules, and the in-memory copy.

let otherInstance: PrismaClient;
let legacyDir: string;

beforeAll(async () => {
  otherInstance = createPrisma(inject('databaseUrl'), 2);
  legacyDir = await mkdtemp(path.join(os.tmpdir(), 'marquee-legacy-media-'));
});
afterAll(async () => {
  await otherInstance.$disconnect();
  await rm(legacyDir, { recursive: true, force: true });
});

/** A key no other test (or earlier run) uses: keys name content, so rows are never reused. */
const newKey = (width = 320) => `posters/${randomUUID().replaceAll('-', '')}-${width}.webp`;
const webp = (n = 2048) => Buffer.concat([Buffer.from('RIFF....WEBPVP8 '), randomBytes(n)]);
const row = (key: string) =>
  db().mediaObject.findUnique({ where: { key }, select: { size: true, contentType: true } });

describe('the database media store', () => {
  const store = databaseMediaStore({ db });

  it('puts, gets, has and deletes an object; deleting what is not there is fine', async () => {
    const key = newKey();
    const bytes = webp();
    expect([await store.get(key), await store.has(key)]).toEqual([null, false]);
    await store.put(key, bytes, 'image/webp');
    const got = await store.get(key);
    expect(got?.contentType).toBe('image/webp');
    expect(got?.bytes.equals(bytes)).toBe(true);
    expect(await store.has(key)).toBe(true);
    expect(await row(key)).toEqual({ size: bytes.length, contentType: 'image/webp' });
    await store.delete(key);
    expect([await store.get(key), await store.has(key)]).toEqual([null, false]);
    await store.delete(key);
  });

  it('a second put of a key changes nothing (the key names the content), concurrent ones too', async () => {
    const key = newKey();
    const first = webp();
    await Promise.all([
      store.put(key, first, 'image/webp'),
      store.put(key, first, 'image/webp'),
      databaseMediaStore({ db: () => otherInstance }).put(key, first, 'image/webp'),
    ]);
    await store.put(key, webp(), 'image/png');
    const got = await store.get(key);
    expect([got?.contentType, got?.bytes.equals(first)]).toEqual(['image/webp', true]);
    expect(await db().mediaObject.count({ where: { key } })).toBe(1);
  });

  it('refuses a key that is not one, before and in the database', async () => {
    for (const bad of [
      '../etc/passwd',
      'posters/../x.webp',
      '/posters/a.webp',
      'Posters/A.webp',
      'a//b',
      '',
    ]) {
      await expect(store.put(bad, webp(), 'image/webp'), bad).rejects.toThrow(/not a media key/);
      await expect(store.get(bad), bad).rejects.toThrow(/not a media key/);
    }
    // The table's CHECKs hold whoever writes: a key the store would refuse, a size that lies,
    // a content type that is not one.
    const insert = (key: string, size: number, type = 'image/webp') =>
      db().$executeRaw`INSERT INTO media_objects (key, content_type, bytes, size)
                       VALUES (${key}, ${type}, ${Buffer.from('abc')}, ${size})`;
    await expect(insert('posters/a..b.webp', 3)).rejects.toThrow(/media_objects_key_format/);
    await expect(insert('posters/x/', 3)).rejects.toThrow(/media_objects_key_format/);
    await expect(insert(`posters/${'a'.repeat(200)}`, 3)).rejects.toThrow(/media_objects_key_format/);
    await expect(insert(newKey(), 4)).rejects.toThrow(/media_objects_size_matches/);
    await expect(insert(newKey(), 3, 'text/html; charset=utf-8')).rejects.toThrow(
      /media_objects_content_type_format/,
    );
  });

  it('never lets a stored key hold other bytes (trigger), while writing the same back is harmless', async () => {
    const key = newKey();
    await store.put(key, webp(), 'image/webp');
    await expect(
      db().$executeRaw`UPDATE media_objects SET bytes = ${Buffer.from('xyz')}, size = 3 WHERE key = ${key}`,
    ).rejects.toThrow(/immutable/);
    await expect(
      db().$executeRaw`UPDATE media_objects SET content_type = 'image/png' WHERE key = ${key}`,
    ).rejects.toThrow(/immutable/);
    expect(await db().$executeRaw`UPDATE media_objects SET bytes = bytes WHERE key = ${key}`).toBe(1);
  });

  it('is shared: what one instance stores, another (its own pool) serves at once', async () => {
    const a = databaseMediaStore({ db, cacheBytes: 1024 * 1024 });
    const b = databaseMediaStore({ db: () => otherInstance, cacheBytes: 1024 * 1024 });
    const key = newKey();
    const bytes = webp();
    // B looked first and found nothing: a miss is not remembered.
    expect(await b.get(key)).toBeNull();
    await a.put(key, bytes, 'image/webp');
    expect((await b.get(key))?.bytes.equals(bytes)).toBe(true);
    expect(await b.has(key)).toBe(true);
  });
});

describe('posters of an older deployment (files under MEDIA_DIR)', () => {
  it('are read from the file once and copied into the table, so the file may then go', async () => {
    const files = filesystemMediaStore(legacyDir);
    const store = databaseMediaStore({ db, legacy: files });
    const key = newKey(640);
    const bytes = webp(4096);
    await mkdir(path.join(legacyDir, 'posters'), { recursive: true });
    await writeFile(path.join(legacyDir, ...key.split('/')), bytes);
    expect(await row(key)).toBeNull();

    const got = await store.get(key);
    expect([got?.contentType, got?.bytes.equals(bytes)]).toEqual(['image/webp', true]);
    expect(await row(key)).toEqual({ size: bytes.length, contentType: 'image/webp' });

    // Another instance without the folder serves it too; and with the file gone, so does this one.
    expect((await databaseMediaStore({ db: () => otherInstance }).get(key))?.bytes.equals(bytes)).toBe(true);
    await rm(path.join(legacyDir, ...key.split('/')));
    expect((await store.get(key))?.bytes.equals(bytes)).toBe(true);
  });

  it('count as stored when a film names one (has() copies it in too)', async () => {
    const posterKey = randomUUID().replaceAll('-', '');
    for (const width of [160, 320, 640]) {
      const file = path.join(legacyDir, 'posters', `${posterKey}-${width}.webp`);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, webp());
    }
    setMediaStore(databaseMediaStore({ db, legacy: filesystemMediaStore(legacyDir) }));
    try {
      // What creating or editing a film with this poster key checks, and what the page's <img> asks.
      expect(await storedPosterUrl(posterKey)).toBe(`/api/media/posters/${posterKey}-320.webp`);
      // has() looked at the default size (320) and copied it; each other size comes on its first read.
      expect(await row(`posters/${posterKey}-320.webp`)).not.toBeNull();
      expect(await row(`posters/${posterKey}-160.webp`)).toBeNull();
      const served = await call(getPosterImageOp, { params: { file: `${posterKey}-160.webp` } });
      expect([served.status, served.headers.get('cache-control')]).toEqual([
        200,
        'public, max-age=31536000, immutable',
      ]);
      expect(await row(`posters/${posterKey}-160.webp`)).not.toBeNull();
    } finally {
      setMediaStore(undefined);
    }
  });

  it('deleted stay deleted: the old file goes with the row, not copied back', async () => {
    const files = filesystemMediaStore(legacyDir);
    const store = databaseMediaStore({ db, legacy: files });
    const key = newKey();
    await files.put(key, webp(), 'image/webp');
    expect(await store.has(key)).toBe(true);
    await store.delete(key);
    expect([await store.get(key), await files.has(key)]).toEqual([null, false]);
  });
});

describe('copying a whole folder at once (npm run media:import)', () => {
  it('copies every media file the table lacks, leaves the rest alone, and may run again', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-media-import-'));
    try {
      const files = filesystemMediaStore(dir);
      const keys = [newKey(160), newKey(320), newKey(640)];
      for (const key of keys) await files.put(key, webp(), 'image/webp');
      // Already in the table (uploaded since): not copied again.
      await databaseMediaStore({ db }).put(keys[0]!, (await files.get(keys[0]!))!.bytes, 'image/webp');
      // A write's leftover and a stray file: not media keys.
      await writeFile(path.join(dir, 'posters', `abc-320.webp.${randomUUID()}.tmp`), 'half');
      await writeFile(path.join(dir, 'README.TXT'), 'notes');

      const first = await importMediaFiles({ dir, db: db() });
      expect(first).toEqual({
        files: 3,
        copied: 2,
        present: 1,
        skipped: ['README.TXT', expect.stringMatching(/^posters\/abc-320\.webp\.[0-9a-f-]+\.tmp$/)],
      });
      for (const key of keys) {
        const stored = await databaseMediaStore({ db: () => otherInstance }).get(key);
        expect(stored?.bytes.equals((await files.get(key))!.bytes), key).toBe(true);
      }
      expect((await importMediaFiles({ dir, db: db() })).copied).toBe(0);

      // The command, as an operator runs it: the folder from MEDIA_DIR.
      const more = newKey();
      await files.put(more, webp(), 'image/webp');
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', '--import', './server/preload.mjs', 'server/cli/media-import.ts'],
        {
          env: {
            NODE_ENV: 'production',
            PATH: process.env.PATH,
            DATABASE_URL: inject('databaseUrl'),
            MEDIA_DIR: dir,
          },
          timeout: 60_000,
        },
      );
      expect(stdout).toContain('4 media files in');
      expect(stdout).toContain('1 copied into the database, 3 there already');
      expect(await row(more)).not.toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 90_000);

  it('finds nothing to do without a folder', async () => {
    const missing = path.join(legacyDir, 'no-such-folder');
    expect(await importMediaFiles({ dir: missing, db: db() })).toEqual({
      files: 0,
      copied: 0,
      present: 0,
      skipped: [],
    });
  });
});

describe('the in-memory copy', () => {
  it('serves a repeated read without the database, bounded by bytes', async () => {
    const cached = databaseMediaStore({ db, cacheBytes: 3 * (2048 + 16 + 256) + 100 });
    const keys = [newKey(), newKey(), newKey(), newKey()];
    for (const key of keys) await cached.put(key, webp(), 'image/webp');
    for (const key of keys.slice(0, 3)) expect(await cached.get(key)).not.toBeNull();
    // Behind its back: the rows go (only a test does this; objects are never changed in place).
    await db().mediaObject.deleteMany({ where: { key: { in: keys } } });
    for (const key of keys.slice(0, 3)) expect(await cached.get(key), key).not.toBeNull();
    // The fourth pushes the oldest out: three fit, four do not.
    await cached.put(keys[3]!, webp(), 'image/webp');
    expect(await cached.get(keys[3]!)).not.toBeNull();
    expect(await cached.get(keys[0]!)).toBeNull();
    expect(await cached.get(keys[2]!)).not.toBeNull();
    // Without a cache, every read is the database's.
    expect(await databaseMediaStore({ db }).get(keys[1]!)).toBeNull();
  });
});

describe('the process store', () => {
  it('is the database unless MEDIA_STORE=filesystem', async () => {
    const store: MediaStore = mediaStore();
    const key = newKey();
    await store.put(key, webp(), 'image/webp');
    expect(await row(key)).not.toBeNull();
    setMediaStore(undefined);
  });
});
