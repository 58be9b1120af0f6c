// Starts the production server (what `npm start` runs) on the node that runs this script, with a
// DATA_DIR of its own (so its own embedded PostgreSQL), waits for GET /api/health to answer 200,
// then stops it with SIGTERM and expects a clean exit: .ci/run uses it to prove a release line
// (Node 24) can serve, not only pass the tests. Exits 1 with the server's last lines otherwise.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.SMOKE_PORT ?? 3297);
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'marquee-start-smoke-'));
chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as the postgres user when we are root
const output = [];
let bannerSeen = false;
const t0 = performance.now();
const server = spawn(
  process.execPath,
  ['--import', 'tsx', '--import', './server/preload.mjs', 'server/main.ts'],
  {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: process.env.SMOKE_PG_PORT ?? '54397',
      AUTH_SECRET: randomBytes(32).toString('hex'),
      PAYMENT_PROVIDER: 'sandbox',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
for (const stream of [server.stdout, server.stderr])
  stream.on('data', (chunk) => {
    output.push(String(chunk));
    if (String(chunk).includes('Marquee is running at')) bannerSeen = true;
    if (output.length > 60) output.shift();
  });
const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve({ code, signal })));

function fail(message) {
  process.stderr.write(`${message}\n--- server output (last lines) ---\n${output.join('')}\n`);
  server.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
}

// Started means the launcher's banner is out (its signal handlers are installed just after it)
// and the health route answers.
let health;
for (const deadline = Date.now() + 120_000; Date.now() < deadline; ) {
  if (server.exitCode !== null) fail(`the server exited during start-up (code ${server.exitCode})`);
  try {
    const res = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(5_000) });
    if (res.status === 200 && bannerSeen) {
      health = await res.json();
      break;
    }
  } catch {
    // not listening yet
  }
  await new Promise((r) => setTimeout(r, 500));
}
if (!health) fail('the server did not start and answer GET /api/health with 200 within 120 s');
const readyMs = Math.round(performance.now() - t0);

server.kill('SIGTERM');
const stop = await Promise.race([exited, new Promise((r) => setTimeout(() => r(null), 30_000))]);
if (!stop) fail('the server did not stop within 30 s of SIGTERM');
rmSync(dataDir, { recursive: true, force: true });
if (stop.code !== 0) fail(`the server exited with ${stop.code ?? stop.signal} after SIGTERM`);
process.stdout.write(
  `node ${process.version}: production server answered /api/health 200 ${JSON.stringify(health)} ${readyMs} ms after launch, and stopped cleanly on SIGTERM\n`,
);
