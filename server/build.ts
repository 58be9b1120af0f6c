import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

// `npm start` must work on a fresh clone, so it builds when there is no production build or
// when the sources are newer than the one there is (after a `git pull`, say).

const SOURCES = [
  'app',
  'components',
  'lib',
  'server',
  'public',
  'prisma/schema.prisma',
  'next.config.ts',
  'package-lock.json',
];

async function newestMtime(p: string): Promise<number> {
  if (!existsSync(p)) return 0;
  const s = await stat(p);
  if (!s.isDirectory()) return s.mtimeMs;
  let newest = s.mtimeMs;
  for (const entry of await readdir(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    newest = Math.max(newest, await newestMtime(path.join(p, entry.name)));
  }
  return newest;
}

export async function buildIsCurrent(root = process.cwd()): Promise<boolean> {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return false;
  const built = (await stat(buildId)).mtimeMs;
  const sources = await Promise.all(SOURCES.map((s) => newestMtime(path.join(root, s))));
  return Math.max(...sources) <= built;
}

export async function ensureBuild(
  log: (msg: string) => void,
  root = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (await buildIsCurrent(root)) return;
  log('building the production bundle (next build; about a minute on a small machine)');
  const bin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, 'build'], { cwd: root, stdio: 'inherit', env });
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`)),
    );
  });
}
