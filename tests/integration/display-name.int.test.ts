import { beforeEach, describe, expect, it, vi } from 'vitest';
import { getAccountOp, updateProfileOp } from '@/server/api/operations/account';
import { decodeToken, viewerFromToken } from '@/server/auth/session';
import { db } from '@/server/db';
import { createAccount } from '../support/accounts';
import { bearerFor, call } from '../support/api';

// The display name from the account page (updateProfileAction) and over REST (PATCH /api/v1/me):
// one schema, one use case, so the same answers. Server actions read the caller from
// next/headers; the test supplies the session cookie and records the cookie the action writes.
// Everything after that (session decoding, validation, the use case, PostgreSQL) is real.

const jar = vi.hoisted(() => ({ cookie: '', written: new Map<string, string>() }));
vi.mock('next/headers', () => ({
  headers: async () => new Headers(jar.cookie ? { cookie: jar.cookie } : {}),
  cookies: async () => ({
    set: (name: string, value: string) => jar.written.set(name, value),
    delete: (name: string) => jar.written.set(name, ''),
  }),
}));

const { updateProfileAction } = await import('@/server/actions/account');

const SESSION_COOKIE = 'next-auth.session-token';

beforeEach(() => {
  jar.cookie = '';
  jar.written.clear();
});

async function signInWith(token: string) {
  jar.cookie = `${SESSION_COOKIE}=${token}`;
}

describe('the display name, from the account page and over REST', () => {
  it('renames through the action: trimmed, audited without the names, and the session carries the new name', async () => {
    const user = await createAccount({ role: 'MANAGER', name: 'Old Name' });
    await db().user.update({ where: { id: user.id }, data: { sessionVersion: 3 } });
    const token = await bearerFor(user, { sv: 3, mfa: 'done', name: 'Old Name' });
    await signInWith(token);
    // The header reads the viewer: warm its cache with the old name first.
    expect((await viewerFromToken(await decodeToken(token)))?.name).toBe('Old Name');

    const r = await updateProfileAction({ name: '  Priya S. Menon ' });
    expect(r).toEqual({ ok: true, data: { name: 'Priya S. Menon' } });
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Priya S. Menon');
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'account.name-changed', entityId: user.id },
    });
    expect([audit.actorId, audit.before, audit.after]).toEqual([user.id, null, null]);

    // The header and account menu (read fresh) see the new name at once...
    expect((await viewerFromToken(await decodeToken(token)))?.name).toBe('Priya S. Menon');
    // ...and the re-issued cookie carries it, still the same session (version, second factor).
    const reissued = await decodeToken(jar.written.get(SESSION_COOKIE));
    expect(reissued).toMatchObject({ sub: user.id, name: 'Priya S. Menon', sv: 3, mfa: 'done' });
    expect((await viewerFromToken(reissued))?.name).toBe('Priya S. Menon');
    // The REST twin reads the same account.
    expect((await call(getAccountOp, { token })).body).toMatchObject({ name: 'Priya S. Menon' });
  });

  it('refuses the same bad names with the same errors as REST (400 envelope), changing nothing', async () => {
    const user = await createAccount({ name: 'Kept Name' });
    const token = await bearerFor(user);
    await signInWith(token);
    const bad: unknown[] = [
      { name: '   ' },
      { name: 'A\u0000B' },
      { name: 'x'.repeat(101) },
      {},
      { name: 42 },
    ];
    for (const body of bad) {
      const rest = await call(updateProfileOp, { token, body });
      expect(rest.status).toBe(400);
      const envelope = rest.body as { error: { code: string; message: string; details?: unknown } };
      expect(Object.keys(envelope)).toEqual(['error']);
      expect(envelope.error.code).toBe('VALIDATION_FAILED');

      const viaAction = await updateProfileAction(body as { name: string });
      expect(viaAction.ok).toBe(false);
      if (viaAction.ok) continue;
      // Same code, same message, same field details: one schema decides both.
      expect(viaAction.error).toEqual(envelope.error);
    }
    // A name of exactly 100 characters is the limit on both paths.
    expect((await updateProfileAction({ name: 'y'.repeat(100) })).ok).toBe(true);
    expect((await call(updateProfileOp, { token, body: { name: 'z'.repeat(100) } })).status).toBe(200);
    expect(jar.written.has(SESSION_COOKIE)).toBe(true);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('z'.repeat(100));
  });

  it('refuses an anonymous caller, and a revoked session, without writing anything', async () => {
    const user = await createAccount({ name: 'Untouched' });
    expect(await updateProfileAction({ name: 'Intruder' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    // A session from before "sign out everywhere" (an older session version).
    await db().user.update({ where: { id: user.id }, data: { sessionVersion: 1 } });
    await signInWith(await bearerFor(user, { sv: 0 }));
    expect(await updateProfileAction({ name: 'Intruder' })).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHENTICATED' },
    });
    expect(jar.written.size).toBe(0);
    expect((await db().user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe('Untouched');
  });
});
