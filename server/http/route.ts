import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { AppError } from '@/lib/errors';
import { assertStrongAuth } from '@/server/admin/strong-auth';
import {
  authorize,
  decodeToken,
  type Policy,
  tokenFromHeaders,
  type Viewer,
  viewerFromHeaders,
} from '@/server/auth/session';
import { errorResponse } from '@/server/http/errors';
import { withLogContext } from '@/server/log';
import { clientIp } from '@/server/security/client-ip';
import { limitPublicRead } from '@/server/security/limits';

// The route handler adapter, written once: request id, authentication, size and content-type
// limits, zod validation of params/query/body, and the single error envelope. Handlers stay
// thin: parse → call one use case → shape the response.

type Schema = z.ZodType;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

type Spec<P, Q, B> = {
  /** 'public': anyone; 'optional': viewer may be null; a Policy: must be signed in and allowed. */
  auth: 'public' | 'optional' | Policy;
  /** Managers and admins must have passed two-factor authentication (staff and customers unaffected). */
  strongAuth?: boolean;
  params?: P;
  query?: Q;
  body?: B;
  /** Default 32 KiB: no JSON body this API accepts is larger. */
  maxBodyBytes?: number;
};

type Ctx<P, Q, B, A> = {
  req: Request;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
  viewer: A extends Policy ? Viewer : Viewer | null;
  requestId: string;
};

type RouteContext = { params: Promise<Record<string, string | string[]>> };

export function json(
  data: unknown,
  init: { status?: number; headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(data), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...init.headers },
  });
}

async function readJson(req: Request, limit: number): Promise<unknown> {
  const type = req.headers.get('content-type') ?? '';
  if (!type.toLowerCase().startsWith('application/json')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const declared = Number(req.headers.get('content-length') ?? '0');
  if (declared > limit) throw new AppError('PAYLOAD_TOO_LARGE', `The body must be at most ${limit} bytes.`);
  const text = await req.text();
  if (Buffer.byteLength(text) > limit)
    throw new AppError('PAYLOAD_TOO_LARGE', `The body must be at most ${limit} bytes.`);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON.');
  }
}

export function route<
  P extends Schema | undefined = undefined,
  Q extends Schema | undefined = undefined,
  B extends Schema | undefined = undefined,
  A extends Spec<P, Q, B>['auth'] = Spec<P, Q, B>['auth'],
>(spec: Spec<P, Q, B> & { auth: A }, handler: (ctx: Ctx<P, Q, B, A>) => Promise<Response | unknown>) {
  return async (req: Request, context?: RouteContext): Promise<Response> => {
    const requestId = req.headers.get('x-request-id') ?? randomUUID();
    const ip = req.headers.get('x-marquee-client-ip') ?? undefined;
    return withLogContext({ requestId, ip }, async () => {
      try {
        const viewer = spec.auth === 'public' ? null : await viewerFromHeaders(req.headers);
        if (spec.auth !== 'public' && spec.auth !== 'optional') authorize(viewer, spec.auth);
        // Changes by managers and admins need a second factor (server/admin/strong-auth.ts).
        if (spec.strongAuth && viewer)
          await assertStrongAuth(viewer, await decodeToken(tokenFromHeaders(req.headers)));
        // Anonymous reads of the REST API are limited per client IP (429 with Retry-After).
        if (!viewer && req.method === 'GET' && new URL(req.url).pathname.startsWith('/api/v1/')) {
          await limitPublicRead(clientIp(req.headers));
        }
        const rawParams = context ? await context.params : {};
        const params = spec.params ? spec.params.parse(rawParams) : undefined;
        const url = new URL(req.url);
        const query = spec.query ? spec.query.parse(Object.fromEntries(url.searchParams)) : undefined;
        const body = spec.body
          ? spec.body.parse(await readJson(req, spec.maxBodyBytes ?? 32 * 1024))
          : undefined;
        const result = await withLogContext({ userId: viewer?.id }, () =>
          handler({ req, params, query, body, viewer, requestId } as Ctx<P, Q, B, A>),
        );
        return result instanceof Response ? result : json(result);
      } catch (error) {
        return errorResponse(error);
      }
    });
  };
}
