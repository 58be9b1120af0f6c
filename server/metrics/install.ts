import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { BlockList } from 'node:net';
import { env } from '@/server/env';
import { sendError } from '@/server/http/request-gate';
import { log } from '@/server/log';
import { allowList, isAllowed } from '@/server/metrics/allow-list';
import { outboxReader } from '@/server/metrics/outbox';
import { metrics, type RealtimeNamespaces } from '@/server/metrics/registry';
import { loadBuildRoutes, matchRoute, namedRoute, type RouteLabel } from '@/server/metrics/routes';

// /metrics on the custom server, before Next, and the HTTP request histogram. server/main.ts
// calls installMetrics() before it adds its own request listener, answers /metrics with serve(),
// and hands over Socket.IO with watchRealtime() once it is attached.
//
// Who may read /metrics: a caller with `Authorization: Bearer $METRICS_TOKEN`, or one whose TCP
// peer address is in METRICS_ALLOW (default: loopback). A request carrying a forwarding header came
// through a proxy, whose address says nothing about the caller (nginx on the same host would make
// every visitor loopback): it needs the token. Anyone else gets 404 NOT_FOUND, as for any unknown
// path, so the endpoint is not advertised; a wrong token gets 401 when a token is configured.

export type MetricsEndpoint = {
  /** Answers /metrics (true), or leaves the request alone (false). */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
  /** Counts Socket.IO's connections and rooms, and times its HTTP requests (long-polling). */
  watchRealtime(io: RealtimeNamespaces): void;
};

const FORWARDING_HEADERS = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

export type MetricsAccessConfig = { token: string | undefined; allow: BlockList };

export function metricsAccessConfig(): MetricsAccessConfig {
  const config = env();
  return { token: config.METRICS_TOKEN, allow: allowList(config.METRICS_ALLOW) };
}

/** allowed: serve it; unauthenticated: a token was offered and is wrong; hidden: answer 404. */
export function metricsAccess(
  req: IncomingMessage,
  config: MetricsAccessConfig,
): 'allowed' | 'unauthenticated' | 'hidden' {
  const authorization = req.headers.authorization;
  const offered = authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
  if (offered !== undefined && config.token) {
    // Digests of equal length, compared in constant time: neither the token nor its length leaks.
    return timingSafeEqual(digest(offered), digest(config.token)) ? 'allowed' : 'unauthenticated';
  }
  const proxied = FORWARDING_HEADERS.some((h) => req.headers[h] !== undefined);
  return !proxied && isAllowed(config.allow, req.socket.remoteAddress) ? 'allowed' : 'hidden';
}

async function answer(req: IncomingMessage, res: ServerResponse, config: MetricsAccessConfig) {
  const access = metricsAccess(req, config);
  if (access === 'hidden') return sendError(res, 'NOT_FOUND', 'This page could not be found.');
  if (access === 'unauthenticated') {
    return sendError(res, 'UNAUTHENTICATED', 'The metrics token is not valid.', {
      'www-authenticate': 'Bearer realm="metrics"',
    });
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendError(res, 'METHOD_NOT_ALLOWED', 'Metrics are read with GET.', { allow: 'GET, HEAD' });
  }
  const { registry } = metrics();
  const body = await registry.metrics();
  res.writeHead(200, {
    'content-type': registry.contentType,
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(body),
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

function observe(req: IncomingMessage, res: ServerResponse, label: () => RouteLabel) {
  const started = performance.now();
  const method = req.method && METHODS.has(req.method) ? req.method : 'OTHER';
  res.once('close', () => {
    const { kind, route } = label();
    metrics().httpDuration.observe(
      // A response cut short (the client went away) is not a status the server chose.
      { kind, route, method, status: res.writableFinished ? String(res.statusCode) : 'aborted' },
      (performance.now() - started) / 1000,
    );
  });
}

export function installMetrics(httpServer: Server, options: { dev: boolean }): MetricsEndpoint {
  const m = metrics();
  m.outbox.read = outboxReader();
  const config = metricsAccessConfig();
  // Development has no build manifests: pages and actions are `unmatched` there, REST is exact.
  const routes = loadBuildRoutes();
  if (options.dev) routes.pages.length = 0;

  // Added before the custom server's own listener, so that it sees the request first; Socket.IO
  // later takes its own requests away from both (watchRealtime times those).
  httpServer.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? '/';
    const method = req.method ?? 'GET';
    const headers = req.headers;
    observe(req, res, () => namedRoute(req) ?? matchRoute(routes, { method, url, headers }));
  });

  return {
    serve(req, res) {
      if ((req.url ?? '').split('?')[0] !== '/metrics') return false;
      answer(req, res, config).catch((error: unknown) => {
        log.error('metrics could not be collected', { err: String(error) });
        if (!res.headersSent) sendError(res, 'INTERNAL', 'Metrics could not be collected.');
        else res.destroy();
      });
      return true;
    },
    watchRealtime(io) {
      m.realtime.io = io;
      // Socket.IO (engine.io) answers its HTTP requests itself, ahead of every listener added
      // before it attached: only a listener put in front of it sees them.
      httpServer.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
        if (req.url?.startsWith('/socket.io/'))
          observe(req, res, () => ({ kind: 'socket', route: '/socket.io' }));
      });
    },
  };
}
