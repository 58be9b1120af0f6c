import { encode } from 'next-auth/jwt';

// Calls a route handler module exactly as Next would: a real Request in, a real Response out.
type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

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

export async function call(
  handler: Handler,
  options: {
    method?: string;
    path?: string;
    params?: Record<string, string>;
    body?: unknown;
    token?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const req = new Request(`http://localhost${options.path ?? '/'}`, {
    method: options.method ?? 'GET',
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve(options.params ?? {}) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON (PDF, calendar)
  }
  return { status: res.status, body: parsed, headers: res.headers };
}
