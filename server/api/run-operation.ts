import 'server-only';
import { AppError } from '@/lib/errors';
import { idempotencyKeySchema } from '@/lib/schemas/booking';
import { assertStrongAuth } from '@/server/admin/strong-auth';
import { type HeaderSource, isReply, type Operation } from '@/server/api/operation';
import {
  authorize,
  decodeToken,
  tokenFromHeaders,
  type Viewer,
  viewerFromHeaders,
} from '@/server/auth/session';
import { authorizeCron } from '@/server/booking/cron-auth';
import { toAppError } from '@/server/http/errors';
import { withLogContext } from '@/server/log';
import { clientIp } from '@/server/security/client-ip';
import { limitPublicRead } from '@/server/security/limits';

// Runs one declared operation for one request, whatever carried it (the router in production,
// the same router's inject() in tests): who is calling and may they, the second factor, the
// anonymous read limit, params/query/body through the declared zod schemas, the handler, and the
// answer: the declared status and JSON, or a file, or the one error envelope.

export const DEFAULT_MAX_BODY_BYTES = 32 * 1024;

export type ApiRequest = {
  method: string;
  /** Path parameters as the router matched them (decoded). */
  params: Record<string, string>;
  /** The query string, without `?`. */
  search: string;
  headers: HeaderSource;
  /** The body as received; undefined when none was sent. */
  rawBody: string | undefined;
  /** The body as bytes, when it was sent as a file (`image/*`, `application/octet-stream`). */
  bytes?: Buffer;
  requestId: string;
  /** The W3C trace id the custom server gave the request, for its log lines. */
  traceId?: string;
};

export type ApiResponse = {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array | null;
};

const CHECK_ANSWERS = process.env.NODE_ENV === 'test';

const JSON_HEADERS = { 'content-type': 'application/json', 'cache-control': 'no-store' };

function parseJsonBody(op: Operation, req: ApiRequest): unknown {
  const type = req.headers.get('content-type') ?? '';
  if (req.bytes?.length) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  if (
    req.rawBody !== undefined &&
    req.rawBody.trim() !== '' &&
    !type.toLowerCase().startsWith('application/json')
  ) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
  }
  const limit = op.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const text = req.rawBody ?? '';
  if (Buffer.byteLength(text) > limit)
    throw new AppError('PAYLOAD_TOO_LARGE', `The body must be at most ${limit} bytes.`);
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError('BAD_REQUEST', 'The body is not valid JSON.');
  }
}

/** An upload operation's file: sent as one (an image or octet-stream), within the limit. */
function uploadedFile(op: Operation, req: ApiRequest): Buffer {
  const types = [...(op.upload?.mediaTypes ?? []), 'application/octet-stream'].join(', ');
  if (req.bytes === undefined) {
    if (req.rawBody)
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `Send the file itself as the body, as ${types}.`);
    throw new AppError('VALIDATION_FAILED', 'Send the file as the request body.', {
      details: [{ path: 'body', message: 'No file was sent.' }],
    });
  }
  const limit = op.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  if (req.bytes.length > limit)
    throw new AppError('PAYLOAD_TOO_LARGE', `The file must be at most ${limit} bytes.`);
  return req.bytes;
}

/** Who is calling, checked against the declaration. */
async function authenticate(op: Operation, headers: HeaderSource): Promise<Viewer | null> {
  const auth = op.auth;
  if (auth === 'public' || auth === 'stripe-signature' || auth === 'wallet-pass') return null;
  if (auth === 'cron') {
    authorizeCron(headers.get('authorization'));
    return null;
  }
  const viewer = await viewerFromHeaders(headers);
  if (auth === 'optional') return viewer;
  authorize(viewer, auth);
  // Changes by managers and admins need a second factor (server/admin/strong-auth.ts).
  if (op.strongAuth && viewer) await assertStrongAuth(viewer, await decodeToken(tokenFromHeaders(headers)));
  return viewer;
}

/** Whether an If-None-Match header names this entity tag (weak comparison, RFC 9110 13.1.2). */
function notModified(ifNoneMatch: string | null, etag: string | undefined): boolean {
  if (!ifNoneMatch || !etag) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((t) => opaque(t) === opaque(etag));
}

function answer(op: Operation, result: unknown, headers: HeaderSource): ApiResponse {
  if (isReply(result)) {
    const status = result.status ?? op.success.status;
    const etag = op.success.etag ? result.headers?.etag : undefined;
    if (status === 200 && notModified(headers.get('if-none-match'), etag)) {
      const { 'content-encoding': _, ...headers304 } = result.headers ?? {};
      return { status: 304, headers: headers304, body: null };
    }
    // No body, by definition of the status (Apple's "no passes changed", "not modified").
    if (status === 204 || status === 304) {
      return { status, headers: { 'cache-control': 'no-store', ...result.headers }, body: null };
    }
    if (result.body !== undefined) {
      // Only tests check (and so parse) a pre-serialised JSON body: it is tens of KiB on the hot path.
      if (CHECK_ANSWERS && result.contentType === 'application/json' && typeof result.body === 'string') {
        checkDocumented(op, JSON.parse(result.body));
      }
      return {
        status,
        headers: { 'content-type': result.contentType ?? 'application/octet-stream', ...result.headers },
        body: result.body,
      };
    }
    return {
      status,
      headers: { ...JSON_HEADERS, ...result.headers },
      body: JSON.stringify(result.json ?? null),
    };
  }
  if (op.success.status === 204) return { status: 204, headers: { 'cache-control': 'no-store' }, body: null };
  checkDocumented(op, result);
  return { status: op.success.status, headers: JSON_HEADERS, body: JSON.stringify(result) };
}

/**
 * In tests, every JSON answer must match its declared schema: the document cannot drift from
 * what handlers send, because every integration test that calls an operation checks it.
 */
function checkDocumented(op: Operation, result: unknown): void {
  if (!CHECK_ANSWERS || !op.success.schema) return;
  const parsed = op.success.schema.safeParse(JSON.parse(JSON.stringify(result)));
  if (!parsed.success) {
    throw new Error(
      `${op.operationId} answered outside its declared schema: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
}

export function errorAnswer(error: unknown): ApiResponse {
  const appError = toAppError(error);
  const headers: Record<string, string> = { ...JSON_HEADERS };
  if (appError.retryAfter !== undefined) headers['retry-after'] = String(appError.retryAfter);
  return { status: appError.status, headers, body: JSON.stringify(appError.toBody()) };
}

export async function runOperation(op: Operation, req: ApiRequest): Promise<ApiResponse> {
  const ip = clientIp(req.headers);
  return withLogContext({ requestId: req.requestId, traceId: req.traceId, ip }, async () => {
    try {
      const viewer = await authenticate(op, req.headers);
      // Anonymous reads of the REST API are limited per client IP (429 with Retry-After).
      if (!viewer && req.method === 'GET' && op.path.startsWith('/api/v1/')) await limitPublicRead(ip);
      const params = op.params ? op.params.parse(req.params) : undefined;
      const query = op.query
        ? op.query.parse(Object.fromEntries(new URLSearchParams(req.search)))
        : undefined;
      const body = op.body && !op.rawBody ? op.body.parse(parseJsonBody(op, req)) : undefined;
      const bytes = op.upload ? uploadedFile(op, req) : Buffer.alloc(0);
      const key = op.idempotent ? req.headers.get('idempotency-key') : null;
      const idempotencyKey = key === null ? undefined : idempotencyKeySchema.parse(key);
      const result = await withLogContext({ userId: viewer?.id }, () =>
        op.handler({
          params,
          query,
          body,
          viewer,
          headers: req.headers,
          rawBody: req.rawBody ?? '',
          bytes,
          idempotencyKey,
          requestId: req.requestId,
          ip,
        } as Parameters<Operation['handler']>[0]),
      );
      return answer(op, result, req.headers);
    } catch (error) {
      return errorAnswer(error);
    }
  });
}
