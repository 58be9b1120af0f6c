import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

// A real redis-server behind a small HTTP server that speaks Upstash's REST protocol, so tests
// drive @upstash/redis and @upstash/ratelimit exactly as production does against Upstash:
//   POST /            one command as a JSON array            → { result } | 4xx { error }
//   POST /pipeline    an array of commands                   → [{ result } | { error }, …]
//   POST /multi-exec  the same, atomically (MULTI … EXEC)    → [{ result } | { error }, …]
// Bearer-token auth; with `Upstash-Encoding: base64`, strings come back base64-encoded (except a
// literal "OK"), as the client expects. @upstash/ratelimit's scripts start with
// `#!lua flags=allow-key-locking`, which Redis 7.0 refuses: the flag is stripped, and EVALSHA of
// the original script's hash is mapped to the stripped script's.

export const REDIS_MISSING =
  'redis-server is not installed, so the Redis-backed rate limits, lockout and cache cannot be tested. Install it: apt-get install -y redis-server (.ci/run does).';

// REDIS_SERVER names another binary (or a missing one, to see what a machine without Redis does).
const redisBin = () => process.env.REDIS_SERVER || 'redis-server';

export function redisServerInstalled(): boolean {
  return spawnSync(redisBin(), ['--version'], { stdio: 'ignore' }).status === 0;
}

// ─── a minimal RESP client ───────────────────────────────────────────────────

type Reply = string | number | null | Reply[] | RespError;
class RespError {
  constructor(readonly message: string) {}
}

function encodeCommand(args: string[]): string {
  return `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`;
}

class RespClient {
  private buffer = Buffer.alloc(0);
  private readonly waiting: ((r: Reply) => void)[] = [];
  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const parsed = this.parse(0);
        if (!parsed) break;
        this.buffer = this.buffer.subarray(parsed.end);
        this.waiting.shift()?.(parsed.value);
      }
    });
  }

  static connect(port: number): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RespClient(socket)));
      socket.once('error', reject);
    });
  }

  private parse(at: number): { value: Reply; end: number } | null {
    const nl = this.buffer.indexOf('\r\n', at);
    if (nl < 0) return null;
    const type = String.fromCharCode(this.buffer[at] as number);
    const line = this.buffer.toString('utf8', at + 1, nl);
    const next = nl + 2;
    switch (type) {
      case '+':
        return { value: line, end: next };
      case '-':
        return { value: new RespError(line), end: next };
      case ':':
        return { value: Number(line), end: next };
      case '$': {
        const len = Number(line);
        if (len < 0) return { value: null, end: next };
        if (this.buffer.length < next + len + 2) return null;
        return { value: this.buffer.toString('utf8', next, next + len), end: next + len + 2 };
      }
      case '*': {
        const n = Number(line);
        if (n < 0) return { value: null, end: next };
        const items: Reply[] = [];
        let pos = next;
        for (let i = 0; i < n; i++) {
          const item = this.parse(pos);
          if (!item) return null;
          items.push(item.value);
          pos = item.end;
        }
        return { value: items, end: pos };
      }
      default:
        throw new Error(`unexpected RESP type ${type}`);
    }
  }

  /** Sends the commands in one write (so a MULTI … EXEC block is never interleaved) and collects every reply. */
  send(commands: string[][]): Promise<Reply[]> {
    const replies = commands.map(() => new Promise<Reply>((resolve) => this.waiting.push(resolve)));
    this.socket.write(commands.map(encodeCommand).join(''));
    return Promise.all(replies);
  }

  close(): void {
    this.socket.destroy();
  }
}

// ─── the REST front ──────────────────────────────────────────────────────────

const LUA_FLAGS = /^#!lua[^\n]*\n/;
const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');

function toJson(reply: Reply, base64: boolean): unknown {
  if (reply instanceof RespError) return reply;
  if (Array.isArray(reply)) return reply.map((r) => (r instanceof RespError ? r.message : toJson(r, base64)));
  if (typeof reply === 'string')
    return base64 && reply !== 'OK' ? Buffer.from(reply).toString('base64') : reply;
  return reply;
}

export type UpstashTestServer = {
  url: string;
  token: string;
  redisPort: number;
  /** Empties Redis (between tests). */
  flush(): Promise<void>;
  /** Runs a raw command against redis-server (for assertions). */
  command(...args: string[]): Promise<unknown>;
  stop(): Promise<void>;
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForRedis(port: number, child: ChildProcess, log: () => string): Promise<RespClient> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode}):\n${log()}`);
    try {
      const c = await RespClient.connect(port);
      const [pong] = await c.send([['PING']]);
      if (pong === 'PONG') return c;
      c.close();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`redis-server did not start on port ${port}:\n${log()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startUpstashTestServer(): Promise<UpstashTestServer> {
  if (!redisServerInstalled()) throw new Error(REDIS_MISSING);
  const redisPort = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'marquee-redis-'));
  let output = '';
  const child = spawn(
    redisBin(),
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const client = await waitForRedis(redisPort, child, () => output);
  const token = `test-token-${sha1(String(Math.random())).slice(0, 16)}`;
  const scriptAliases = new Map<string, string>(); // sha1(original) → sha1(stripped)

  function rewrite(cmd: unknown[]): string[] {
    const args = cmd.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
    const name = args[0]?.toUpperCase();
    if ((name === 'EVAL' || name === 'EVAL_RO') && args[1] && LUA_FLAGS.test(args[1])) {
      const stripped = args[1].replace(LUA_FLAGS, '');
      scriptAliases.set(sha1(args[1]), sha1(stripped));
      args[1] = stripped;
    }
    if (name === 'SCRIPT' && args[1]?.toUpperCase() === 'LOAD' && args[2] && LUA_FLAGS.test(args[2])) {
      const stripped = args[2].replace(LUA_FLAGS, '');
      scriptAliases.set(sha1(args[2]), sha1(stripped));
      args[2] = stripped;
    }
    if ((name === 'EVALSHA' || name === 'EVALSHA_RO') && args[1])
      args[1] = scriptAliases.get(args[1]) ?? args[1];
    return args;
  }

  const http: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.headers.authorization !== `Bearer ${token}`) return reply(401, { error: 'Unauthorized' });
      const base64 = String(req.headers['upstash-encoding'] ?? '').toLowerCase() === 'base64';
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return reply(400, { error: 'ERR failed to parse command' });
      }
      const route = (req.url ?? '/').split('?')[0];
      const item = (r: Reply) =>
        r instanceof RespError ? { error: r.message } : { result: toJson(r, base64) };
      try {
        if (route === '/pipeline' || route === '/multi-exec') {
          if (!Array.isArray(body) || !body.every(Array.isArray))
            return reply(400, { error: 'ERR bad pipeline' });
          const commands = (body as unknown[][]).map(rewrite);
          if (route === '/pipeline') return reply(200, (await client.send(commands)).map(item));
          const replies = await client.send([['MULTI'], ...commands, ['EXEC']]);
          const exec = replies[replies.length - 1];
          if (exec instanceof RespError || !Array.isArray(exec)) {
            const firstError = replies.find((r) => r instanceof RespError) as RespError | undefined;
            return reply(400, { error: (firstError ?? (exec as RespError))?.message ?? 'EXECABORT' });
          }
          return reply(200, exec.map(item));
        }
        if (!Array.isArray(body)) return reply(400, { error: 'ERR command must be an array' });
        const [r] = await client.send([rewrite(body)]);
        if (r instanceof RespError) return reply(400, { error: r.message });
        return reply(200, { result: toJson(r as Reply, base64) });
      } catch (error) {
        return reply(500, { error: String(error) });
      }
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = http.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    redisPort,
    flush: async () => {
      await client.send([['FLUSHALL']]);
    },
    command: async (...args) => {
      const [r] = await client.send([args]);
      return r instanceof RespError ? Promise.reject(new Error(r.message)) : r;
    },
    stop: async () => {
      const closed = new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections();
      await closed;
      client.close();
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
