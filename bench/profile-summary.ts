import { readFile } from 'node:fs/promises';

// `node --import tsx bench/profile-summary.ts <server .cpuprofile> <windows-<run>.json> [holds per
// window, comma-separated]`: where the app server's CPU went while bench:booking measured, from
// the profile BENCH_PROFILE=1 writes. Samples outside the measured windows (start-up, seeding,
// warm-up) are left out. Self time is grouped by what owns the code: a package under
// node_modules, Next's server bundle (.next/server: the route machinery, and our own code that
// Turbopack bundled into it), Node itself, the garbage collector; then the busiest functions.
// Given the holds each window counted (the table's holds/s × seconds), it prints ms per hold.

type CallFrame = { functionName: string; url: string; lineNumber: number };
type ProfileNode = { id: number; callFrame: CallFrame; children?: number[] };
type Profile = { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };
type Windows = { windows: { scenario: string; clients: number; fromUs: number; toUs: number }[] };

function owner(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return `native: ${functionName || '(anonymous)'}`;
  }
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1] as string;
  if (url.includes('/.next/server/')) return 'next server bundle (.next/server)';
  if (url.startsWith('node:')) return `node: ${url.slice(5).split('/')[0]}`;
  if (url.includes('/server/') || url.includes('/lib/')) return 'marquee (tsx, outside the bundle)';
  return url;
}

async function main(): Promise<void> {
  const [profilePath, windowsPath, holdsArg] = process.argv.slice(2);
  if (!profilePath || !windowsPath) {
    process.stderr.write('usage: profile-summary.ts <profile.cpuprofile> <windows.json> [holds,...]\n');
    process.exit(2);
  }
  const profile = JSON.parse(await readFile(profilePath, 'utf8')) as Profile;
  const { windows } = JSON.parse(await readFile(windowsPath, 'utf8')) as Windows;
  const holds = (holdsArg ?? '').split(',').map(Number);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  windows.forEach((w, k) => {
    const groups = new Map<string, number>();
    const functions = new Map<string, number>();
    let t = profile.startTime;
    let total = 0;
    profile.samples.forEach((id, i) => {
      const dt = profile.timeDeltas[i] ?? 0;
      t += dt;
      if (t < w.fromUs || t > w.toUs) return;
      const frame = byId.get(id)?.callFrame;
      if (!frame) return;
      const group = owner(frame);
      if (group === 'idle') return;
      total += dt;
      groups.set(group, (groups.get(group) ?? 0) + dt);
      const fn = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/.*node_modules\//, '').replace(/.*\/\.next\//, '.next/')}:${frame.lineNumber + 1}`;
      functions.set(fn, (functions.get(fn) ?? 0) + dt);
    });
    const n = holds[k];
    const per = (us: number) =>
      n ? `${(us / 1000 / n).toFixed(3)} ms/hold` : `${(us / 1000).toFixed(0)} ms`;
    const pct = (us: number) => `${((100 * us) / Math.max(1, total)).toFixed(1).padStart(5)} %`;
    const lines = [
      `${w.scenario}, ${w.clients} clients: ${(total / 1000).toFixed(0)} ms of app CPU in ${((w.toUs - w.fromUs) / 1e6).toFixed(1)} s${n ? `, ${per(total)}` : ''}`,
      ...[...groups]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 24)
        .map(([g, us]) => `  ${pct(us)}  ${per(us).padStart(16)}  ${g}`),
      '  busiest functions (self time):',
      ...[...functions]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 14)
        .map(([f, us]) => `  ${pct(us)}  ${per(us).padStart(16)}  ${f.slice(0, 110)}`),
    ];
    process.stdout.write(`${lines.join('\n')}\n\n`);
  });
}

await main();
