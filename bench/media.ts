import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { Cleanup } from '@/bench/lib/cleanup';
import { startMigratedBenchDatabase } from '@/bench/lib/postgres';
import { summarize } from '@/bench/lib/stats';
import { fmtInt, renderTable } from '@/bench/lib/table';

// `npm run bench:media`: what a poster read costs the server in each store (server/media/store.ts):
// files under a folder (MEDIA_STORE=filesystem), the database with no in-memory copy, and the
// database through the byte-bounded LRU (the default, MEDIA_CACHE_MB). Posters are made by the
// upload path itself (processPoster) from noisy images, so their sizes are a photo's, not a flat
// colour's. Each mode reads POSTERS posters' 320 and 640 px sizes in turn, first one at a time
// (latency) and then CONCURRENCY at a time (reads per second). In this process, no HTTP: browsers
// cache the URL for a year (immutable), so what reaches the server is a new visitor or a CDN
// filling; this is its cost per object. Also the cost of a put and of copying an old file in.
// Knobs: BENCH_POSTERS (default 20), BENCH_READS (default 2000), BENCH_PG_DIR, BENCH_PG_PORT.

const POSTERS = Number(process.env.BENCH_POSTERS || 20);
const READS = Number(process.env.BENCH_READS || 2000);
const CONCURRENCY = 16;
const PG_DIR = process.env.BENCH_PG_DIR || '/tmp/marquee-bench-media-pg';
const PG_PORT = Number(process.env.BENCH_PG_PORT || 54475);

/** Milliseconds to three places: a cached read is a few microseconds. */
const fmtMs = (n: number) => (n < 1 ? n.toFixed(3) : n.toFixed(1));

const cleanup = new Cleanup();
const log = (msg: string) => process.stderr.write(`  ${msg}\n`);
cleanup.onSignals(log);

try {
  await startMigratedBenchDatabase(cleanup, {
    dataDir: PG_DIR,
    port: PG_PORT,
    name: 'bench_media',
    keep: false,
  });
  const { db, disconnectDb } = await import('@/server/db');
  cleanup.add('pools', () => disconnectDb());
  const { processPoster } = await import('@/server/media/process-poster');
  const { posterObjectKey } = await import('@/server/media/posters');
  const { databaseMediaStore, filesystemMediaStore } = await import('@/server/media/store');
  type MediaStore = ReturnType<typeof filesystemMediaStore>;

  const dir = await mkdtemp(path.join(os.tmpdir(), 'marquee-bench-media-'));
  cleanup.add('files', () => rm(dir, { recursive: true, force: true }));
  const files = filesystemMediaStore(dir);
  const database = databaseMediaStore({ db });
  const cached = databaseMediaStore({ db, cacheBytes: 32 * 1024 * 1024 });

  log(`making ${POSTERS} posters`);
  const keys: string[] = [];
  const sizes: number[] = [];
  const putMs: number[] = [];
  for (let i = 0; i < POSTERS; i++) {
    const image = await sharp({
      create: {
        width: 1000,
        height: 1500,
        channels: 3,
        background: '#334155',
        noise: { type: 'gaussian', mean: 120, sigma: 40 },
      },
    })
      .jpeg({ quality: 85 })
      .toBuffer();
    const poster = await processPoster(image);
    for (const size of poster.sizes) {
      const key = posterObjectKey(poster.key, size.width);
      await files.put(key, size.bytes, 'image/webp');
      const t0 = performance.now();
      await database.put(key, size.bytes, 'image/webp');
      putMs.push(performance.now() - t0);
      if (size.width !== 160) {
        keys.push(key);
        sizes.push(size.bytes.length);
      }
    }
  }
  const meanKb = sizes.reduce((a, b) => a + b, 0) / sizes.length / 1024;

  async function sequential(store: MediaStore): Promise<number[]> {
    for (const key of keys) await store.get(key); // warm-up (fills the LRU, the OS and PG caches)
    const samples: number[] = [];
    for (let i = 0; i < READS; i++) {
      const t0 = performance.now();
      const object = await store.get(keys[i % keys.length] as string);
      samples.push(performance.now() - t0);
      if (!object) throw new Error('a poster went missing');
    }
    return samples;
  }
  async function concurrent(store: MediaStore): Promise<number> {
    let next = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < READS) await store.get(keys[next++ % keys.length] as string);
      }),
    );
    return READS / ((performance.now() - t0) / 1000);
  }

  const rows: string[][] = [];
  for (const [name, store] of [
    ['filesystem (MEDIA_STORE=filesystem)', files],
    ['database, no cache (MEDIA_CACHE_MB=0)', database],
    ['database + LRU (default)', cached],
  ] as const) {
    log(name);
    const s = summarize(await sequential(store));
    const rate = await concurrent(store);
    rows.push([name, fmtMs(s.p50), fmtMs(s.p95), fmtMs(s.p99), fmtInt(rate)]);
  }

  // An older deployment's file read for the first time: read from the folder, copied into the table.
  const legacy = databaseMediaStore({ db, legacy: files });
  await db().mediaObject.deleteMany({ where: { key: { in: keys } } });
  const copyMs: number[] = [];
  for (const key of keys) {
    const t0 = performance.now();
    await legacy.get(key);
    copyMs.push(performance.now() - t0);
  }
  const put = summarize(putMs);
  const copy = summarize(copyMs);

  process.stdout.write(
    `\nPoster reads, ${keys.length} objects (320 and 640 px WebP, mean ${meanKb.toFixed(1)} kB), ${fmtInt(READS)} reads per mode, ${CONCURRENCY} at a time for reads/s\n\n`,
  );
  process.stdout.write(
    renderTable(
      [
        { title: 'store', align: 'left' },
        { title: 'p50', align: 'right' },
        { title: 'p95', align: 'right' },
        { title: 'p99', align: 'right' },
        { title: 'reads/s', align: 'right' },
      ],
      rows,
    ),
  );
  process.stdout.write(
    `\nput into the database: p50 ${fmtMs(put.p50)}, p95 ${fmtMs(put.p95)} (${put.count} objects); first read of an old file (read + copy in): p50 ${fmtMs(copy.p50)}, p95 ${fmtMs(copy.p95)} (ms)\n`,
  );
} finally {
  await cleanup.run(log);
}
