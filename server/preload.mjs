// Loaded with `node --import tsx --import ./server/preload.mjs`: lets the custom server and CLI
// scripts import modules marked `import 'server-only'` (the marker only has meaning inside
// Next's bundle, where it keeps them out of client code).
import { register } from 'node:module';

register('./server-only-hook.mjs', import.meta.url);
