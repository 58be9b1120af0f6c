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
    // Resolved at run time, not by the bundler: Turbopack would otherwise try to compile the
    // file as a WebAssembly module of the app (it is only ever read as bytes).
    const specifier = 'zxing-wasm/reader/zxing_reader.wasm';
    const wasmPath = require.resolve(/* turbopackIgnore: true */ specifier);
    // dist/reader/zxing_reader.wasm → the package's own package.json (not among its exports).
    const pkg = path.resolve(path.dirname(wasmPath), '../../package.json');
    const { version } = JSON.parse(readFileSync(/* turbopackIgnore: true */ pkg, 'utf8')) as {
      version: string;
    };
    const bytes = readFileSync(/* turbopackIgnore: true */ wasmPath);
    return { file: `zxing_reader-${version}.wasm`, bytes };
  });
}
