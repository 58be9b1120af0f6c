import net from 'node:net';

// Fires N HTTP requests as close to simultaneously as one process can: every request gets its
// own connection, opened in advance; each request is written except for its last byte, so the
// server has parsed the headers (and authenticated the caller) and waits for the body; then
// the last bytes go out in one synchronous loop.

export type RaceRequest = { method: string; path: string; headers: Record<string, string>; body: string };
export type RaceResponse = { status: number; body: string; error?: string };
export type RaceResult = { responses: RaceResponse[]; fireSpreadMs: number };

function serialize(host: string, r: RaceRequest): Buffer {
  const body = Buffer.from(r.body);
  const head = [
    `${r.method} ${r.path} HTTP/1.1`,
    `host: ${host}`,
    'connection: close',
    'content-type: application/json',
    `content-length: ${body.length}`,
    ...Object.entries(r.headers).map(([k, v]) => `${k}: ${v}`),
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), body]);
}

function parse(raw: string): RaceResponse {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(raw);
  if (!m) return { status: 0, body: raw.slice(0, 200), error: 'no status line' };
  const split = raw.indexOf('\r\n\r\n');
  let body = split >= 0 ? raw.slice(split + 4) : '';
  if (/\r\ntransfer-encoding: chunked/i.test(raw.slice(0, split))) {
    // De-chunk: "<hex>\r\n<data>\r\n" … "0\r\n\r\n".
    let out = '';
    let rest = body;
    while (true) {
      const nl = rest.indexOf('\r\n');
      const size = Number.parseInt(rest.slice(0, nl), 16);
      if (!size) break;
      out += rest.slice(nl + 2, nl + 2 + size);
      rest = rest.slice(nl + 2 + size + 2);
    }
    body = out;
  }
  return { status: Number(m[1]), body };
}

export async function fireTogether(
  baseUrl: string,
  requests: RaceRequest[],
  options: { settleMs?: number; timeoutMs?: number } = {},
): Promise<RaceResult> {
  const url = new URL(baseUrl);
  const port = Number(url.port);
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const s = net.connect({ host: url.hostname, port, noDelay: true }, () => resolve(s));
          s.once('error', reject);
        }),
    ),
  );
  const done = sockets.map(
    (s) =>
      new Promise<RaceResponse>((resolve) => {
        const chunks: Buffer[] = [];
        const timer = setTimeout(() => s.destroy(new Error('timeout')), options.timeoutMs ?? 60_000);
        s.on('data', (c: Buffer) => chunks.push(c));
        s.once('error', (e) => {
          clearTimeout(timer);
          resolve({ status: 0, body: '', error: e.message });
        });
        s.once('close', () => {
          clearTimeout(timer);
          resolve(parse(Buffer.concat(chunks).toString('utf8')));
        });
      }),
  );
  const payloads = requests.map((r) => serialize(url.host, r));
  sockets.forEach((s, i) => {
    const p = payloads[i] as Buffer;
    s.write(p.subarray(0, p.length - 1));
  });
  // Let the server read the headers and reach the point where it awaits the body.
  await new Promise((r) => setTimeout(r, options.settleMs ?? 1_000));
  const t0 = performance.now();
  sockets.forEach((s, i) => {
    const p = payloads[i] as Buffer;
    s.write(p.subarray(p.length - 1));
  });
  const fireSpreadMs = performance.now() - t0;
  return { responses: await Promise.all(done), fireSpreadMs };
}
