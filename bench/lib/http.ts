import http from 'node:http';

// A small HTTP/1.1 client for load generation: one keep-alive agent per scenario, bodies
// serialised by the caller once, latency measured from the call to the last byte of the body.

export type HttpResult = {
  /** HTTP status, or 0 when the request failed without a response (reset, timeout). */
  status: number;
  body: string;
  ms: number;
  error?: string;
  /** The Retry-After header, when the server sent one. */
  retryAfter?: string;
  /** The ETag header, when the server sent one. */
  etag?: string;
  /** Bytes of the body as sent (compressed, if it was). */
  bytes?: number;
};

export type RequestOptions = {
  token?: string;
  /** JSON body, already serialised (build it once per client, not per request). */
  body?: Buffer;
  timeoutMs?: number;
  headers?: Record<string, string>;
};

export type HttpClient = {
  request(method: string, path: string, options?: RequestOptions): Promise<HttpResult>;
  close(): void;
};

export function jsonBody(value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value));
}

export function httpClient(baseUrl: string, maxSockets: number): HttpClient {
  const url = new URL(baseUrl);
  const agent = new http.Agent({
    keepAlive: true,
    maxSockets,
    maxFreeSockets: maxSockets,
    scheduling: 'fifo',
  });
  return {
    request(method, path, options = {}) {
      return new Promise((resolve) => {
        const t0 = performance.now();
        const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
        if (options.token) headers.authorization = `Bearer ${options.token}`;
        if (options.headers) Object.assign(headers, options.headers);
        if (options.body) {
          headers['content-type'] = 'application/json';
          headers['content-length'] = options.body.length;
        }
        let settled = false;
        const done = (r: Omit<HttpResult, 'ms'>) => {
          if (settled) return;
          settled = true;
          resolve({ ...r, ms: performance.now() - t0 });
        };
        const req = http.request(
          { agent, hostname: url.hostname, port: url.port, method, path, headers },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            const retryAfter = res.headers['retry-after'];
            const etag = res.headers.etag;
            res.on('end', () => {
              const raw = Buffer.concat(chunks);
              done({
                status: res.statusCode ?? 0,
                bytes: raw.length,
                // A compressed body is only counted, never read.
                body: res.headers['content-encoding'] ? '' : raw.toString('utf8'),
                ...(retryAfter === undefined ? {} : { retryAfter }),
                ...(etag === undefined ? {} : { etag }),
              });
            });
            res.on('error', (e) => done({ status: 0, body: '', error: e.message }));
          },
        );
        req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
        req.on('error', (e) => done({ status: 0, body: '', error: e.message }));
        req.end(options.body);
      });
    },
    close() {
      agent.destroy();
    },
  };
}

/** The `error.code` of Marquee's error envelope, if the body is one. */
export function errorCode(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { error?: { code?: unknown } };
    return typeof parsed.error?.code === 'string' ? parsed.error.code : undefined;
  } catch {
    return undefined;
  }
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>) {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export type RawRequest = {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
};

export type RawResponse = {
  /** 0: no answer (reset, timeout; `error` says which); -1: the client refused to send it. */
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  error?: string;
};

/**
 * One request exactly as given, on a connection of its own: any method, the path byte for byte
 * (fetch would normalise `..`, refuse TRACE and re-encode), optionally from a chosen local address.
 */
export function rawRequest(
  base: string | URL,
  request: RawRequest,
  options: { localAddress?: string; timeoutMs?: number } = {},
): Promise<RawResponse> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (r: RawResponse) => {
      if (settled) return;
      settled = true;
      resolve(r);
    };
    const failed = (status: number, error: Error) =>
      done({ status, headers: {}, body: '', error: error.message });
    let req: http.ClientRequest;
    try {
      req = http.request(
        {
          host: url.hostname,
          port: url.port,
          method: request.method ?? 'GET',
          path: request.path,
          headers: request.headers,
          localAddress: options.localAddress,
          agent: false,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            done({
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
            }),
          );
          res.on('error', (e) => failed(0, e));
        },
      );
    } catch (error) {
      failed(-1, error as Error);
      return;
    }
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('timeout')));
    req.on('error', (e) => failed(0, e));
    req.end(request.body);
  });
}
