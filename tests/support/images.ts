import { deflateSync } from 'node:zlib';
import sharp from 'sharp';

// Images for poster tests, made here rather than kept as binary fixtures.

/** A real PNG of that size: a coloured field with a lighter block, so crops are visible. */
export async function pngImage(width: number, height: number, colour = '#7c2d12'): Promise<Buffer> {
  const block = await sharp({
    create: {
      width: Math.max(1, Math.round(width / 3)),
      height: Math.max(1, Math.round(height / 3)),
      channels: 3,
      background: '#fde68a',
    },
  })
    .png()
    .toBuffer();
  return sharp({ create: { width, height, channels: 3, background: colour } })
    .composite([{ input: block, gravity: 'centre' }])
    .png()
    .toBuffer();
}

export async function jpegImage(width: number, height: number): Promise<Buffer> {
  return sharp(await pngImage(width, height))
    .jpeg({ quality: 80 })
    .toBuffer();
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/**
 * A small file whose PNG header claims `width` × `height` pixels (a decompression bomb's shape):
 * a few hundred bytes that would decode to gigabytes.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(0, 9); // greyscale
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.alloc(64))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
