import { IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { ERROR_STATUS, type ErrorCode } from '@/lib/errors';

// What the custom server answers itself, before Next sees a request, because Next would answer
// it with a 500 or without the error envelope (issue 11, item 6): a method the path does not
// take (TRACE anywhere, PUT on a page), a path that is not valid percent-encoding or carries a NUL,
// a dot segment or an unknown path under /api, headers too large or a request HTTP cannot parse,
// and server-action posts whose body Next's decoder would choke on. Every answer is the one
// error envelope.

export type RouteTable = readonly { pattern: RegExp; methods: ReadonlySet<string> }[];

/** Methods a page (or a static asset) takes: reads, and server-action posts. */
const PAGE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST']);

/** /api routes that are not in API_OPERATIONS: next-auth's own endpoints and the docs page. */
const UNDOCUMENTED_API_ROUTES = [
  { path: '/api/auth/{...}', methods: ['GET', 'POST'] },
  { path: '/api/docs', methods: ['GET'] },
] as const;

/** The /api paths and their methods, from the operations the OpenAPI document lists. */
export function apiRouteTable(operations: readonly { method: string; path: string }[]): RouteTable {
  const byPath = new Map<string, Set<string>>();
  for (const op of [
    ...operations,
    ...UNDOCUMENTED_API_ROUTES.flatMap((r) => r.methods.map((method) => ({ method, path: r.path }))),
  ]) {
    const methods = byPath.get(op.path) ?? new Set<string>();
    methods.add(op.method.toUpperCase());
    byPath.set(op.path, methods);
  }
  return [...byPath].map(([path, methods]) => {
    // HEAD is a GET without the body; OPTIONS is answered for every route (CORS, or Next's Allow).
    if (methods.has('GET')) methods.add('HEAD');
    methods.add('OPTIONS');
    const source = path
      .split('/')
      .map((segment) =>
        segment === '{...}'
          ? '.+'
          : // A parameter may be the whole segment or part of it ({number}.pdf).
            segment
              .split(/(\{[^}]+\})/)
              .map((part) =>
                /^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
              )
              .join(''),
      )
      .join('/');
    return { pattern: new RegExp(`^${source}/?$`), methods };
  });
}

function allowHeader(methods: ReadonlySet<string>): string {
  return [...methods].join(', ');
}

export function sendError(
  res: ServerResponse,
  code: ErrorCode,
  message: string,
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ error: { code, message } });
  res.writeHead(ERROR_STATUS[code], {
    ...headers,
    'content-type': 'application/json',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(body);
}

/** Decoded path segments, or null when one is not valid percent-encoding. */
function decodedSegments(path: string): string[] | null {
  try {
    return path.split('/').map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

/**
 * Refuses what must never reach Next. Returns true when the request was answered here.
 * Query strings keep the URL standard's leniency (a stray `%` stays a `%`), except for NUL.
 */
export function refuseMalformed(req: IncomingMessage, res: ServerResponse, routes: RouteTable): boolean {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const query = q === -1 ? '' : url.slice(q + 1);
  const method = (req.method ?? 'GET').toUpperCase();
  const segments = decodedSegments(path);
  if (!segments) {
    sendError(res, 'BAD_REQUEST', 'The URL path is not valid percent-encoding.');
    return true;
  }
  if (segments.some((s) => s.includes('\u0000')) || /%00/i.test(query) || query.includes('\u0000')) {
    sendError(res, 'BAD_REQUEST', 'The URL must not contain a NUL (%00) character.');
    return true;
  }
  if (!path.startsWith('/api/') && path !== '/api') {
    if (PAGE_METHODS.has(method)) return false;
    sendError(res, 'METHOD_NOT_ALLOWED', `Pages do not take ${method}.`, {
      allow: allowHeader(PAGE_METHODS),
    });
    return true;
  }
  // No API path has a dot segment: one is an attempt to climb out of the API (%2e%2e).
  const route = segments.some((s) => s === '.' || s === '..')
    ? undefined
    : routes.find((r) => r.pattern.test(path));
  if (!route) {
    sendError(res, 'NOT_FOUND', 'There is no such API endpoint. The reference is at /api/docs.');
    return true;
  }
  if (!route.methods.has(method)) {
    sendError(res, 'METHOD_NOT_ALLOWED', `This endpoint does not take ${method}.`, {
      allow: allowHeader(route.methods),
    });
    return true;
  }
  return false;
}

/**
 * For the server's 'clientError' event: a request HTTP itself cannot parse (headers too large,
 * a method Node does not know, garbage). Node's default answer is a bare status line.
 */
export function answerClientError(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (error.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const [code, message]: [ErrorCode, string] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? ['HEADERS_TOO_LARGE', 'The request headers are too large.']
      : error.code === 'HPE_INVALID_METHOD'
        ? ['BAD_REQUEST', 'The request method is not one HTTP defines.']
        : error.code === 'HPE_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? ['BAD_REQUEST', 'The request took too long to arrive.']
          : ['BAD_REQUEST', 'The request is not valid HTTP.'];
  writeRaw(socket, code, message);
}

/** CONNECT is for proxies; this server is not one (Node hands it over as a raw socket). */
export function answerConnect(socket: Duplex): void {
  writeRaw(socket, 'METHOD_NOT_ALLOWED', 'This server is not a proxy.', { allow: allowHeader(PAGE_METHODS) });
}

function writeRaw(socket: Duplex, code: ErrorCode, message: string, headers: Record<string, string> = {}) {
  const status = ERROR_STATUS[code];
  const body = JSON.stringify({ error: { code, message } });
  const head = [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    'content-type: application/json',
    'cache-control: no-store',
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}

// ─── Server actions ────────────────────────────────────────────────────────────────────────────

/** Next's serverActions.bodySizeLimit (next.config.ts). */
const ACTION_BODY_LIMIT = 64 * 1024;
const MAX_DEPTH = 32;

/**
 * React reply values that stand for themselves. Every other `$` string refers to another part of
 * a multipart reply; our actions are called with plain objects, which React sends as one JSON
 * text, so such a reference points at nothing and React's decoder fails on it (a 500).
 */
const INLINE_REFERENCE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;

export function isServerActionPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && typeof req.headers['next-action'] === 'string';
}

/** The ids in a production build's `.next/server/server-reference-manifest.json`. */
export function actionIds(manifest: unknown): Set<string> {
  const node = (manifest as { node?: Record<string, unknown> } | null)?.node;
  return new Set(node ? Object.keys(node) : []);
}

/**
 * React sends an object that occurs twice in the arguments once, and the second time as a path to
 * the first: `$0:0:draft:rows:0:numbering` (part 0, the one JSON text we accept, then the keys
 * from its root). Valid when the path leads to an object or an array in what was sent, which is
 * what React's decoder follows; anything else would fail inside it.
 */
const PATH_REFERENCE = /^\$0((?::[^:]+)+)$/;

function resolvesInBody(root: unknown, reference: string): boolean {
  const keys = (PATH_REFERENCE.exec(reference)?.[1] ?? '').split(':').slice(1);
  let node: unknown = root;
  for (const key of keys) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return false;
    node = (node as Record<string, unknown>)[key];
  }
  return keys.length > 0 && !!node && typeof node === 'object';
}

/** Why an action body cannot be decoded, or null when it can. */
function actionBodyProblem(body: string): string | null {
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    return 'The arguments are not valid JSON.';
  }
  if (!Array.isArray(args)) return 'The arguments must be a list.';
  const stack: { value: unknown; depth: number }[] = [{ value: args, depth: 0 }];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const { value, depth } = item;
    if (depth > MAX_DEPTH) return 'The arguments are nested too deeply.';
    if (typeof value === 'string') {
      if (value.startsWith('$') && !INLINE_REFERENCE.test(value) && !resolvesInBody(args, value))
        return 'The arguments refer to parts that were not sent.';
    } else if (value && typeof value === 'object') {
      for (const v of Object.values(value)) stack.push({ value: v, depth: depth + 1 });
    }
  }
  return null;
}

/**
 * Reads and checks a server action's body. Returns the request for Next (a copy carrying the
 * body that was read), or null when it was answered here.
 */
export async function checkServerAction(
  req: IncomingMessage,
  res: ServerResponse,
  /** Action ids of the production build (its server-reference manifest); unset in development. */
  knownActions?: ReadonlySet<string>,
): Promise<IncomingMessage | null> {
  if (knownActions && !knownActions.has(String(req.headers['next-action']))) {
    // Next's own answer is plain text; the header is what its client reacts to (a stale page,
    // after a deploy, reloads).
    sendError(res, 'NOT_FOUND', 'This server action does not exist (any more): reload the page.', {
      'x-nextjs-action-not-found': '1',
    });
    return null;
  }
  if (!sameOrigin(req)) {
    sendError(res, 'FORBIDDEN', 'Server actions are accepted only from this site’s own pages.');
    return null;
  }
  const type = (req.headers['content-type'] ?? '').toLowerCase();
  // React posts an action's arguments as text/plain JSON unless they hold files or streams, which
  // no Marquee action takes; anything else is not a request our pages made.
  if (!type.startsWith('text/plain')) {
    sendError(res, 'UNSUPPORTED_MEDIA_TYPE', 'Server actions take their arguments as text/plain.');
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > ACTION_BODY_LIMIT) {
        sendError(res, 'PAYLOAD_TOO_LARGE', `The body must be at most ${ACTION_BODY_LIMIT} bytes.`, {
          connection: 'close',
        });
        return null;
      }
      chunks.push(chunk);
    }
  } catch {
    // The client went away mid-body: nobody to answer.
    res.destroy();
    return null;
  }
  const body = Buffer.concat(chunks);
  const problem = actionBodyProblem(body.toString('utf8'));
  if (problem) {
    sendError(res, 'BAD_REQUEST', `This server action request is malformed. ${problem}`);
    return null;
  }
  return replay(req, body);
}

/**
 * Next's CSRF rule for actions, checked here because Next answers its refusal, and an Origin that
 * is not a URL, with a 500: an Origin, when sent, must name the host the request was sent to
 * (X-Forwarded-Host first, as Next reads it). No Origin at all is let through, as Next does: a
 * handcrafted request carries no browser's credentials.
 */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwarded = req.headers['x-forwarded-host'];
  const host =
    (Array.isArray(forwarded) ? forwarded[0] : forwarded?.split(',')[0]?.trim()) || req.headers.host;
  return originHost !== '' && originHost === host;
}

/** The same request, with its body (already read from the socket) readable again. */
function replay(req: IncomingMessage, body: Buffer): IncomingMessage {
  const copy = new IncomingMessage(req.socket);
  copy.method = req.method;
  copy.url = req.url;
  copy.headers = req.headers;
  copy.rawHeaders = req.rawHeaders;
  copy.httpVersion = req.httpVersion;
  copy.httpVersionMajor = req.httpVersionMajor;
  copy.httpVersionMinor = req.httpVersionMinor;
  copy.complete = true;
  // Nothing more to read from the socket: the body is all here.
  copy._read = () => {};
  copy.push(body);
  copy.push(null);
  return copy;
}
