import 'server-only';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { singleton } from '@/server/singleton';

// The camera scanner's barcode reader (zxing-wasm, through the barcode-detector polyfill) for
// browsers without a native BarcodeDetector. Served from our own origin: the library's default
// is a public CDN, which the page's CSP refuses and a door device offline could not reach. The
// file name carries the version the client was built with, so it is cached as immutable.

const require = createRequire(import.meta.url);

export type ScannerWasm = { file: string; bytes: Buffer };

export function scannerWasm(): ScannerWasm {
  return singleton('scanner-wasm', () => {
    const wasmPath = require.resolve('zxing-wasm/reader/zxing_reader.wasm');
    // dist/reader/zxing_reader.wasm → the package's own package.json (not among its exports).
    const pkg = path.resolve(path.dirname(wasmPath), '../../package.json');
    const { version } = JSON.parse(readFileSync(pkg, 'utf8')) as { version: string };
    const bytes = readFileSync(wasmPath);
    return { file: `zxing_reader-${version}.wasm`, bytes };
  });
}
