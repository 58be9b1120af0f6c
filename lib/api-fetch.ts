import type { ErrorBody, ErrorCode } from '@/lib/errors';

// The browser's side of the REST API, for interactions that must not wait in line: Next runs
// server actions one at a time per page, through its router's action queue, and a quick second
// seat choice made while the first was in flight could be left waiting there. A plain fetch to
// the same use case (the REST route) has no such queue. Answers come back in the same shape as
// a server action's result, so callers handle both alike.

export type ApiResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

const UNREACHABLE: ErrorBody['error'] = {
  code: 'BUSY' as ErrorCode,
  message: 'We could not reach Marquee. Check your connection and try again.',
};

export async function apiFetch<T>(
  url: string,
  init: { method: 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'GET'; body?: unknown; timeoutMs?: number },
): Promise<ApiResult<T>> {
  try {
    const res = await fetch(url, {
      method: init.method,
      credentials: 'same-origin',
      cache: 'no-store',
      headers: init.body === undefined ? undefined : { 'content-type': 'application/json' },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: AbortSignal.timeout(init.timeoutMs ?? 15_000),
    });
    if (res.status === 204) return { ok: true, data: undefined as T };
    const body: unknown = await res.json().catch(() => null);
    if (res.ok) return { ok: true, data: body as T };
    const error = (body as Partial<ErrorBody> | null)?.error;
    return { ok: false, error: error?.code ? error : UNREACHABLE };
  } catch {
    return { ok: false, error: UNREACHABLE };
  }
}
