import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POSTER_MAX_BYTES, posterKeyOf, posterSources } from '@/lib/poster';
import type { PosterUpload } from '@/lib/schemas/films';
import { searchMoviesOp } from '@/server/api/operations/catalog';
import { createFilmOp, getPosterImageOp, uploadPosterOp } from '@/server/api/operations/films';
import { db } from '@/server/db';
import { type MediaStore, mediaStore, setMediaStore } from '@/server/media/store';
import { bearerFor, call, strongBearerFor } from '../support/api';
import { createCinema, createUser } from '../support/factories';
import { jpegImage, pngClaiming, pngImage } from '../support/images';

// Posters through the REST API, as a client sends them: the file itself as the body. Judged by
// content (a PNG called .jpg is fine, a text file called poster.jpg is not), bounded in bytes and
// pixels, stored as WebP in the site's sizes at 2:3, and served from an immutable URL. Stored in
// the process's default store (the database, MEDIA_STORE unset), watched for what is written: other
// test files write posters into the same table at the same time, so "nothing stored" is judged by
// this file's own puts, not by the table.

let token: string;
const written: string[] = [];

beforeAll(async () => {
  const store = mediaStore();
  const watched: MediaStore = {
    ...store,
    put: async (key, bytes, contentType) => {
      written.push(key);
      await store.put(key, bytes, contentType);
    },
  };
  setMediaStore(watched);
  const cinema = await createCinema();
  const user = await createUser({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId: cinema.id, role: 'MANAGER' } });
  token = await strongBearerFor(user);
});
afterAll(() => {
  setMediaStore(undefined);
});

const upload = (bytes: Buffer, contentType: string, as = token) =>
  call(uploadPosterOp, { body: bytes, headers: { 'content-type': contentType }, token: as });

const errorOf = (r: { body: unknown }) => (r.body as { error: { code: string; message: string } }).error;

async function storedFiles(): Promise<string[]> {
  const rows = await db().mediaObject.findMany({ where: { key: { in: written } }, select: { key: true } });
  return rows.map((r) => r.key).sort();
}

describe('uploading a poster', () => {
  it('stores a WebP of each size the site uses, 2:3, and answers with their URLs', async () => {
    const r = await upload(await pngImage(1000, 1500), 'image/png');
    expect(r.status).toBe(201);
    const poster = r.body as PosterUpload;
    expect(poster.key).toMatch(/^[0-9a-f]{32}$/);
    expect(poster.url).toBe(`/api/media/posters/${poster.key}-320.webp`);
    expect(poster.sizes.map((s) => [s.width, s.height])).toEqual([
      [160, 240],
      [320, 480],
      [640, 960],
    ]);
    // One row per size in media_objects, the default size written last.
    expect(written.filter((k) => k.includes(poster.key))).toEqual(
      [160, 640, 320].map((w) => `posters/${poster.key}-${w}.webp`),
    );
    expect(await storedFiles()).toEqual(
      expect.arrayContaining(written.filter((k) => k.includes(poster.key))),
    );
    for (const size of poster.sizes) {
      const served = await call(getPosterImageOp, { params: { file: size.url.split('/').pop() ?? '' } });
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('image/webp');
      expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const meta = await sharp(served.raw).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', size.width, size.height]);
      // No EXIF, no colour profile tricks: what we made, nothing the upload carried.
      expect(meta.exif).toBeUndefined();
    }
    // The same file again is the same key, processed once.
    const again = await upload(await pngImage(1000, 1500), 'image/png');
    expect([again.status, (again.body as PosterUpload).key]).toEqual([201, poster.key]);
    const audits = await db().auditLog.count({ where: { action: 'poster.uploaded', entityId: poster.key } });
    expect(audits).toBe(1);
  });

  it('crops a poster that is not exactly 2:3 around its centre, and turns a sideways photo upright', async () => {
    const green = { r: 22, g: 163, b: 74 };
    const red = { r: 220, g: 38, b: 38 };
    const field = (width: number, height: number, background: typeof green) =>
      sharp({ create: { width, height, channels: 3, background } });
    const pixel = async (file: string, x: number, y: number) => {
      const { data, info } = await sharp((await call(getPosterImageOp, { params: { file } })).raw)
        .raw()
        .toBuffer({ resolveWithObject: true });
      const i = (y * info.width + x) * info.channels;
      return { r: data[i] ?? 0, g: data[i + 1] ?? 0, b: data[i + 2] ?? 0 };
    };
    const near = (a: typeof green, b: typeof green) =>
      Math.abs(a.r - b.r) + Math.abs(a.g - b.g) + Math.abs(a.b - b.b) < 40;

    // 1100 × 1500 (0.73): green, with a red band 50 px wide at each side; cropping to 2:3 around
    // the centre takes exactly the bands off.
    const band = await field(50, 1500, red).png().toBuffer();
    const banded = await field(1100, 1500, green)
      .composite([
        { input: band, left: 0, top: 0 },
        { input: band, left: 1050, top: 0 },
      ])
      .png()
      .toBuffer();
    const cropped = (await upload(banded, 'image/png')).body as PosterUpload;
    expect(near(await pixel(`${cropped.key}-640.webp`, 2, 480), green)).toBe(true);
    expect(near(await pixel(`${cropped.key}-640.webp`, 637, 480), green)).toBe(true);

    // A 1500 × 1000 photo whose EXIF says "rotate 90° clockwise": a portrait poster, with what
    // the file has at its top (red) on the right once upright.
    const top = await field(1500, 300, red).png().toBuffer();
    const sideways = await field(1500, 1000, green)
      .composite([{ input: top, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const upright = await upload(sideways, 'image/jpeg');
    expect(upright.status).toBe(201);
    const key = (upright.body as PosterUpload).key;
    expect(near(await pixel(`${key}-160.webp`, 150, 120), red)).toBe(true);
    expect(near(await pixel(`${key}-160.webp`, 10, 120), green)).toBe(true);
  });

  it('judges by content: a PNG sent as image/jpeg or octet-stream is fine, a JPEG too', async () => {
    expect((await upload(await pngImage(600, 900, '#14532d'), 'image/jpeg')).status).toBe(201);
    expect((await upload(await pngImage(600, 900, '#1e3a8a'), 'application/octet-stream')).status).toBe(201);
    expect((await upload(await jpegImage(600, 900), 'image/jpeg')).status).toBe(201);
    const webp = await sharp(await pngImage(600, 900, '#581c87'))
      .webp()
      .toBuffer();
    expect((await upload(webp, 'image/webp')).status).toBe(201);
  });

  it('refuses what is not a poster, writing nothing', async () => {
    const before = await storedFiles();
    const text = await upload(Buffer.from('This is not an image, whatever its name says.\n'), 'image/jpeg');
    expect([text.status, errorOf(text).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const gif = await sharp(await pngImage(400, 600))
      .gif()
      .toBuffer();
    expect((await upload(gif, 'image/gif')).status).toBe(415);
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="600"><script>alert(1)</script></svg>',
    );
    expect((await upload(svg, 'image/svg+xml')).status).toBe(415);

    // A few hundred bytes claiming 20,000 × 30,000 pixels: refused from the header, never decoded.
    const bomb = await upload(pngClaiming(20_000, 30_000), 'image/png');
    expect([bomb.status, errorOf(bomb).code, errorOf(bomb).message]).toEqual([
      400,
      'VALIDATION_FAILED',
      expect.stringContaining('20000 × 30000'),
    ]);
    const tiny = await upload(await pngImage(200, 300), 'image/png');
    expect([tiny.status, errorOf(tiny).message]).toEqual([
      400,
      expect.stringContaining('at least 300 × 450'),
    ]);
    const landscape = await upload(await pngImage(1500, 1000), 'image/png');
    expect([landscape.status, errorOf(landscape).message]).toEqual([
      400,
      expect.stringContaining('portrait'),
    ]);
    const damaged = (await pngImage(600, 900)).subarray(0, 400);
    const broken = await upload(damaged, 'image/png');
    expect([broken.status, errorOf(broken).message]).toEqual([
      400,
      expect.stringContaining('could not be read'),
    ]);

    // Over 5 MB: refused while reading the body.
    const huge = Buffer.concat([await pngImage(400, 600), Buffer.alloc(POSTER_MAX_BYTES)]);
    expect((await upload(huge, 'image/png')).status).toBe(413);
    // Not sent as a file at all.
    const form = await upload(Buffer.from('poster=abc'), 'application/x-www-form-urlencoded');
    expect([form.status, errorOf(form).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    const empty = await call(uploadPosterOp, { token });
    expect([empty.status, errorOf(empty).code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await storedFiles()).toEqual(before);
  });

  it('is for managers and admins with two-factor authentication only', async () => {
    const png = await pngImage(500, 750, '#7f1d1d');
    const before = await storedFiles();
    const customer = await bearerFor(await createUser());
    expect((await upload(png, 'image/png', customer)).status).toBe(403);
    const manager = await createUser({ role: 'MANAGER' });
    const cinema = await createCinema();
    await db().cinemaStaff.create({ data: { userId: manager.id, cinemaId: cinema.id, role: 'MANAGER' } });
    expect((await upload(png, 'image/png', await bearerFor(manager))).status).toBe(403);
    expect((await call(uploadPosterOp, { body: png, headers: { 'content-type': 'image/png' } })).status).toBe(
      401,
    );
    expect(await storedFiles()).toEqual(before);
  });
});

describe('serving posters', () => {
  it('answers 404 for an unknown poster and 400 for a name that is not one', async () => {
    expect((await call(getPosterImageOp, { params: { file: `${'0'.repeat(32)}-320.webp` } })).status).toBe(
      404,
    );
    for (const file of ['../../../etc/passwd', `${'0'.repeat(32)}-321.webp`, 'poster.svg']) {
      expect((await call(getPosterImageOp, { params: { file } })).status, file).toBe(400);
    }
  });

  it('puts an uploaded poster on the film everywhere the site shows it', async () => {
    const poster = (await upload(await pngImage(800, 1200, '#0c4a6e'), 'image/png')).body as PosterUpload;
    const title = `Poster Film ${poster.key.slice(0, 6)}`;
    const created = await call(createFilmOp, {
      token,
      body: {
        title,
        synopsis: 'A film whose poster was uploaded through the REST API in a test.',
        runtimeMinutes: 100,
        certificate: 'U',
        genres: ['Family'],
        languages: ['Hindi'],
        formats: ['TWO_D'],
        releaseDate: '2026-11-01',
        posterKey: poster.key,
      },
    });
    expect(created.status).toBe(201);
    const search = await call(searchMoviesOp, { path: `/api/v1/search?q=${encodeURIComponent(title)}` });
    const hit = (search.body as { results: { title: string; posterUrl: string }[] }).results.find(
      (r) => r.title === title,
    );
    expect(hit?.posterUrl).toBe(poster.url);
    // Pages build a srcset of every stored size from that one URL.
    expect(posterKeyOf(poster.url)).toBe(poster.key);
    expect(posterSources(poster.url).srcSet).toBe(poster.sizes.map((s) => `${s.url} ${s.width}w`).join(', '));
    expect(posterSources('/posters/kaveri-nights.svg')).toEqual({ src: '/posters/kaveri-nights.svg' });
  });
});

describe('the router’s bodies', () => {
  it('refuses a file sent to an operation that takes JSON', async () => {
    const r = await call(createFilmOp, {
      token,
      body: await pngImage(300, 450),
      headers: { 'content-type': 'image/png' },
    });
    expect([r.status, errorOf(r).code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});
