// Why: the npm registry mirror on our build machines only serves packages for linux-x64, so
// `npm install` (npm 11) leaves the other platforms' optional binaries (biome, tailwind oxide,
// esbuild, ...) out of package-lock.json, and `npm ci` then refuses the lockfile as "out of sync".
// Recording them as optional entries without a tarball makes the lockfile complete; npm skips
// them on a platform they do not fit. Run after every `npm install` that changes dependencies.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const pkgs = lock.packages;
let added = 0;
for (const [path, entry] of Object.entries(pkgs)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const top = `node_modules/${name}`;
    const nested = `${path}/node_modules/${name}`;
    if (pkgs[top] || pkgs[nested]) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(range)) {
      console.warn(`skipped ${name}@${range}: not an exact version`);
      continue;
    }
    // Hoisted like npm would place it.
    pkgs[top] = { version: range, ...(entry.dev ? { dev: true } : {}), optional: true };
    added++;
  }
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`lockfile: recorded ${added} optional platform package(s)`);
