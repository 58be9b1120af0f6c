// Draws the installable app's icons (web app manifest, Apple touch icon, Wallet pass) from
// app/icon.svg with sharp, so they always match the favicon. The PNGs are committed in
// public/icons; run `npm run icons` after changing the SVG.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';

const root = path.resolve(import.meta.dirname, '..');
const svg = await readFile(path.join(root, 'app/icon.svg'));
const out = (name) => path.join(root, 'public/icons', name);

async function plain(size, name) {
  await sharp(svg, { density: (72 * size) / 32 })
    .resize(size, size)
    .png()
    .toFile(out(name));
}

// A maskable icon may be cropped to a circle: the mark sits inside the central 80 % safe zone on
// a full-bleed brand background.
async function maskable(size, name) {
  const inner = Math.round(size * 0.7);
  const mark = await sharp(svg, { density: (72 * inner) / 32 })
    .resize(inner, inner)
    .png()
    .toBuffer();
  await sharp({ create: { width: size, height: size, channels: 4, background: '#c2410c' } })
    .composite([{ input: mark, gravity: 'centre' }])
    .png()
    .toFile(out(name));
}

await plain(192, 'icon-192.png');
await plain(512, 'icon-512.png');
await maskable(512, 'maskable-512.png');
// iOS draws its own rounded corners and shows transparency as black: a full-bleed square.
await maskable(180, 'apple-touch-icon.png');
console.log('icons written to public/icons');
