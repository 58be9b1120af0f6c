import 'server-only';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import Fastify, { type FastifyInstance } from 'fastify';
import { AppError } from '@/lib/errors';
import type { HeaderSource, Operation } from '@/server/api/operation';
import { API_OPERATIONS } from '@/server/api/registry';
import { DEFAULT_MAX_BODY_BYTES, errorAnswer, runOperation } from '@/server/api/run-operation';
import { forwarded } from '@/server/events/forwarding';
import { identityOf, noteRoute } from '@/server/http/request-log';
import { declaredPath, nameRoute } from '@/server/metrics/routes';
import { singleton } from '@/server/singleton';

// The REST API's router, inside the custom server on the same port: Fastify routes /api/v1 (and
// the operational endpoints) straight from Node's request, without Next's route pipeline
// (measured: bench/router-choice.ts). Fastify matches the path, reads the body within the
// operation's limit and hands it over as text; run-operation.ts does the rest, so every answer,
// refusals included, is the declared one or the error envelope. Security headers, the request id
// and malformed-request refusals are the custom server's (server/main.ts), before this runs.

export type ApiRouter = {
  /** Serves a request the custom server routed here. */
  handle(req: IncomingMessage, res: ServerResponse): void;
  /** Fastify itself, for tests (`inject`) and route introspection. */
  app: FastifyInstance;
};

function fastifyPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

function headerSource(req: IncomingMessage): HeaderSource {
  return {
    get(name) {
      const v = req.headers[name.toLowerCase()];
      return Array.isArray(v) ? (v[0] ?? null) : (v ?? null);
    },
  };
}

function send(
  reply: import('fastify').FastifyReply,
  res: { status: number; headers: Record<string, string>; body: string | Uint8Array | null },
) {
  reply.code(res.status).headers(res.headers);
  return reply.send(
    res.body === null ? undefined : typeof res.body === 'string' ? res.body : Buffer.from(res.body),
  );
}

/** Fastify's own refusals (a body over the limit, an unreadable body) in the one envelope. */
function fastifyError(raw: unknown): unknown {
  const error = (raw ?? {}) as { code?: string; statusCode?: number };
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE', 'The body is larger than this operation accepts.');
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
    case 'FST_ERR_CTP_EMPTY_TYPE':
    case 'FST_ERR_CTP_INVALID_TYPE':
      return new AppError('BAD_REQUEST', 'The request body could not be read.');
    default:
      return error.statusCode && error.statusCode < 500
        ? new AppError('BAD_REQUEST', 'The request could not be read.')
        : raw;
  }
}

async function createApiRouter(operations: readonly Operation[] = API_OPERATIONS): Promise<ApiRouter> {
  let handler: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  const app = Fastify({
    // Fastify serves requests the custom server hands it; this server is never listened on.
    serverFactory: (h) => {
      handler = h;
      return createServer();
    },
    bodyLimit: DEFAULT_MAX_BODY_BYTES,
    logger: false,
    // Request ids are the custom server's (X-Request-Id), not Fastify's.
    genReqId: (req) => String(req.headers['x-request-id'] ?? randomUUID()),
    routerOptions: { ignoreTrailingSlash: true },
    // Refusals the router makes before any route runs, in the one envelope: a path segment
    // that is not valid percent-encoding, or one longer than any id (maxParamLength, 100).
    frameworkErrors: (error, _request, reply) => {
      const res = errorAnswer(
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new AppError('NOT_FOUND', 'There is no such resource: a path parameter is too long.')
          : new AppError('BAD_REQUEST', 'The path could not be read.'),
      );
      // No route context exists yet, so the reply is written raw (Fastify would add a charset).
      reply.hijack();
      reply.raw.writeHead(res.status, res.headers).end(res.body);
    },
  });
  // The request's route label for the metrics: the declared path of the route that matched, never
  // the URL (unmatched paths stay unnamed and are counted as `unmatched`).
  app.addHook('onRequest', (request, _reply, done) => {
    const url = request.routeOptions.url;
    if (url) nameRoute(request.raw, { kind: 'api', route: declaredPath(url) });
    done();
  });
  // Every body arrives as text, whatever its type: run-operation.ts parses JSON (with the
  // envelope's answers for the wrong type or bad JSON), and signed webhooks need the raw bytes.
  // Files (images, octet streams) arrive as bytes, for the operations that take an upload; the
  // route's body limit applies to both.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  for (const type of [/^application\/octet-stream\s*(;|$)/i, /^image\/[\w.+-]+\s*(;|$)/i]) {
    app.addContentTypeParser(type, { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
  }
  for (const op of operations) {
    app.route({
      method: op.method.toUpperCase() as 'GET',
      url: fastifyPath(op.path),
      bodyLimit: op.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      handler: async (request, reply) => {
        const url = request.raw.url ?? '';
        // The request's log line names the declared template, not the path with its ids.
        noteRoute(request.raw, op.path);
        const res = await runOperation(op, {
          method: request.method,
          params: request.params as Record<string, string>,
          search: url.includes('?') ? url.slice(url.indexOf('?') + 1) : '',
          headers: headerSource(request.raw),
          rawBody: typeof request.body === 'string' ? request.body : undefined,
          bytes: Buffer.isBuffer(request.body) ? request.body : undefined,
          requestId: String(request.id),
          traceId: identityOf(request.raw)?.trace.traceId,
        });
        // A write answers once other instances have been told what to forget (a few ms at most).
        if (op.method !== 'get') await forwarded();
        return send(reply, res);
      },
    });
  }
  app.setNotFoundHandler((_request, reply) =>
    send(reply, errorAnswer(new AppError('NOT_FOUND', 'There is no such API endpoint.'))),
  );
  app.setErrorHandler((error, _request, reply) => send(reply, errorAnswer(fastifyError(error))));
  await app.ready();
  return {
    app,
    handle(req, res) {
      handler?.(req, res);
    },
  };
}

/** Paths Next still serves under /api: next-auth's endpoints and the reference page. */
const NEXT_API = ['/api/auth/', '/api/docs'];

/** Whether a request goes to this router rather than to Next. */
export function servedByApiRouter(url: string): boolean {
  return url.startsWith('/api/') && !NEXT_API.some((p) => url.startsWith(p));
}

/** The process's router (the custom server and the tests share it). */
export function apiRouter(): Promise<ApiRouter> {
  return singleton('api-router', () => createApiRouter());
}
