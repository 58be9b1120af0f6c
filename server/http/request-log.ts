import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RequestIdentity, requestIdentity, traceparentOf } from '@/server/http/request-id';
import { log } from '@/server/log';

// Every request the custom server answers gets its identity (server/http/request-id.ts) on the
// request (handlers read X-Request-Id from it), on the response (x-request-id, traceparent), and
// one log line when it ends: requestId, traceId, method, route, status, ms. Built assets under
// /_next/static are logged at debug only: they are immutable, content-hashed files that no app
// code runs for, a page view fetches a dozen of them, and at info they would bury the lines
// that matter.

export type RequestEnd = {
  identity: RequestIdentity;
  method: string;
  /** The route template when the handler named one (REST: `/api/v1/showtimes/{id}`), else the path. */
  route: string;
  status: number;
  ms: number;
};

const routes = new WeakMap<IncomingMessage, string>();
const identities = new WeakMap<IncomingMessage, RequestIdentity>();

/** The identity beginRequest gave this request (undefined outside the custom server: tests' inject). */
export function identityOf(req: IncomingMessage): RequestIdentity | undefined {
  return identities.get(req);
}

/** Called by a handler that knows the template the request matched (the REST router). */
export function noteRoute(req: IncomingMessage, template: string): void {
  routes.set(req, template);
}

function pathOf(url: string | undefined): string {
  // The query is left out: it may carry a token (password reset links, invitations).
  return (url ?? '/').split('?')[0] ?? '/';
}

/**
 * Gives the request its identity and logs it when it ends; `onEnd` hooks (tracing) see the same
 * facts as the log line. Returns the identity for the request's log context.
 */
export function beginRequest(
  req: IncomingMessage,
  res: ServerResponse,
  onEnd?: (end: RequestEnd) => void,
): RequestIdentity {
  const identity = requestIdentity(req.headers);
  identities.set(req, identity);
  // Set on the request over anything the client sent, so handlers read the validated id.
  req.headers['x-request-id'] = identity.requestId;
  res.setHeader('x-request-id', identity.requestId);
  res.setHeader('traceparent', traceparentOf(identity));
  const started = performance.now();
  res.once('close', () => {
    const path = pathOf(req.url);
    const end: RequestEnd = {
      identity,
      method: req.method ?? 'GET',
      route: routes.get(req) ?? path,
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    };
    const fields = {
      requestId: identity.requestId,
      traceId: identity.trace.traceId,
      method: end.method,
      route: end.route,
      ...(end.route === path ? {} : { path }),
      ...(req.headers['next-action'] ? { action: true } : {}),
      status: end.status,
      ms: end.ms,
      // A response cut off before it finished (the client went away, or a crash mid-stream).
      ...(res.writableFinished ? {} : { aborted: true }),
    };
    if (path.startsWith('/_next/static/') && end.status < 400) log.debug('request', fields);
    else log.info('request', fields);
    onEnd?.(end);
  });
  return identity;
}
