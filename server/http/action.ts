import 'server-only';
import { headers } from 'next/headers';
import type { z } from 'zod';
import type { ErrorBody } from '@/lib/errors';
import { assertStrongAuth } from '@/server/admin/strong-auth';
import {
  authorize,
  decodeToken,
  type Policy,
  tokenFromHeaders,
  type Viewer,
  viewerFromHeaders,
} from '@/server/auth/session';
import { forwarded } from '@/server/events/forwarding';
import { toAppError } from '@/server/http/errors';
import { withLogContext } from '@/server/log';

// The server action adapter, the twin of route(): authenticate, validate with the same zod
// schema the REST handler uses, call the use case, and return a result the form can render
// (actions must not throw raw errors to the client: Next would hide them in production).

export type ActionResult<T> = { ok: true; data: T } | ({ ok: false } & ErrorBody);

export function action<S extends z.ZodType, R, A extends 'public' | 'optional' | Policy>(
  spec: { input: S; auth: A; strongAuth?: boolean },
  fn: (input: z.output<S>, ctx: { viewer: A extends Policy ? Viewer : Viewer | null }) => Promise<R>,
): (input: z.input<S>) => Promise<ActionResult<R>> {
  return async (input) => {
    const h = await headers();
    return withLogContext(
      { requestId: h.get('x-request-id') ?? undefined, ip: h.get('x-marquee-client-ip') ?? undefined },
      async () => {
        try {
          const viewer = spec.auth === 'public' ? null : await viewerFromHeaders(h);
          if (spec.auth !== 'public' && spec.auth !== 'optional') authorize(viewer, spec.auth);
          // Changes by managers and admins need a second factor (server/admin/strong-auth.ts).
          // Changes by managers and admins need a second factor (server/admin/strong-auth.ts).
          if (spec.strongAuth && viewer)
            await assertStrongAuth(viewer, await decodeToken(tokenFromHeaders(h)));
          const parsed = spec.input.parse(input);
          const data = await withLogContext({ userId: viewer?.id }, () =>
            fn(parsed, { viewer: viewer as A extends Policy ? Viewer : Viewer | null }),
          );
          // A write answers once other instances have been told what to forget (a few ms at most).
          await forwarded();
          return { ok: true as const, data };
        } catch (error) {
          return { ok: false as const, ...toAppError(error).toBody() };
        }
      },
    );
  };
}
