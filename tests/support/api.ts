import { encode } from 'next-auth/jwt';

import type { Operation } from '@/server/api/operation';

export async function bearerFor(
  user: { id: string; role?: string },
  claims: Record<string, unknown> = {},
): Promise<string> {
  return encode({
    token: { sub: user.id, role: user.role ?? 'CUSTOMER', sv: 0, ...claims },
    secret: process.env.AUTH_SECRET as string,
  });
}

/** A manager or admin who has turned on 2FA, with a token that passed it. */
export async function strongBearerFor(user: { id: string; role?: string }): Promise<string> {
  const { db } = await import('@/server/db');
  await db().totpCredential.upsert({
    where: { userId: user.id },
    create: { userId: user.id, secretEncrypted: 'test-not-used', enabledAt: new Date() },
    update: { enabledAt: new Date() },
  });
  return bearerFor(user, { mfa: 'done' });
}

/**
 * Calls a REST operation through the real router (Fastify's inject: routing, body reading and
 * limits, the operation's auth and validation), as a client would. `path` may carry a query
 * string; path parameters come from `params`.
 */
export async function call(
  op: Operation,
  options: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    body?: unknown;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown; headers: Headers; raw: Buffer }> {
  const { apiRouter } = await import('@/server/api/router');
  const { app } = await apiRouter();
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let payload: string | Buffer | undefined;
  if (Buffer.isBuffer(options.body)) {
    // A file upload: the bytes as they are, with the type the test names.
    headers['content-type'] ??= 'application/octet-stream';
    payload = options.body;
  } else if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    payload = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const pathname = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
    encodeURIComponent(options.params?.[name] ?? `{${name}}`),
  );
  const search = options.path?.includes('?') ? options.path.slice(options.path.indexOf('?')) : '';
  const res = await app.inject({
    method: (options.method ?? op.method).toUpperCase() as 'GET',
    url: `${pathname}${search}`,
    headers,
    ...(payload === undefined ? {} : { payload }),
  });
  let parsed: unknown = res.body;
  try {
    parsed = res.body ? JSON.parse(res.body) : null;
  } catch {
    // not JSON (PDF, calendar, image)
  }
  const out = new Headers();
  for (const [k, v] of Object.entries(res.headers)) {
    if (v !== undefined) out.set(k, Array.isArray(v) ? v.join(', ') : String(v));
  }
  return { status: res.statusCode, body: parsed, headers: out, raw: res.rawPayload };
}
