import { describe, expect, it } from 'vitest';
import { getSeatMapOp, holdSeatsOp } from '@/server/api/operations/showtimes';
import { listMovies } from '@/server/catalog/list-movies';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { cacheGet, cacheSet, cacheTtl } from '@/server/security/cache';
import { PUBLIC_READS_PER_MINUTE } from '@/server/security/limits';
import { createLimiter } from '@/server/security/rate-limit';
import { freshIp } from '../support/accounts';
import { bearerFor, call } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';
import { SECURITY_BACKENDS, setupSecurityBackend } from '../support/security-backends';

// The same limits, run against Redis (through the Upstash REST protocol) and the in-process
// fallback: both must answer alike, 429 RATE_LIMITED with Retry-After.

/**
 * The sliding window weighs the previous fixed window's count and rounds it down, so a burst that
 * straddles a window boundary may be let through one over the limit (Upstash behaves the same).
 * Tests that count up to a limit start far enough from the next boundary to finish inside one
 * fixed window, where the count is exact.
 */
async function startWellInsideWindow(windowMs = 60_000, needMs = 15_000) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 50));
}

describe.each(SECURITY_BACKENDS)('rate limits (%s backend)', (backend) => {
  const { redis } = setupSecurityBackend(backend);

  it('counts a sliding window: the limit passes, the next is refused until the window moves', async () => {
    await startWellInsideWindow();
    const limiter = createLimiter({ name: `t-${Date.now()}`, limit: 3, windowMs: 60_000 });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.hit('alice'));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0]);
    expect(results[3]?.reset).toBeGreaterThan(Date.now());
    expect((await limiter.hit('bob')).success).toBe(true);
    expect((await limiter.peek('alice')).remaining).toBe(0);
    expect((await limiter.peek('carol')).remaining).toBe(3);
    await limiter.reset('alice');
    expect((await limiter.hit('alice')).success).toBe(true);
    if (backend === 'redis') {
      // The counts really live in Redis.
      const keys = (await redis()?.command('KEYS', 'marquee:rl:*')) as string[];
      expect(keys.some((k) => k.includes(':alice:'))).toBe(true);
    }
    if (backend === 'postgres') {
      // The counts really live in kv_entries, where every instance reads them.
      const rows = await db().$queryRaw<
        { key: string }[]
      >`SELECT key FROM kv_entries WHERE key LIKE 'marquee:rl:%'`;
      expect(rows.some((r) => r.key.includes(':alice:'))).toBe(true);
    }
  });

  // The cost on the hot paths (a hold, an anonymous API read): printed for the README's
  // "Scaling out", bounded loosely so a busy box does not fail it.
  it('costs little per counted request', async () => {
    const limiter = createLimiter({ name: `cost-${Date.now()}`, limit: 1_000_000, windowMs: 60_000 });
    for (let i = 0; i < 20; i++) await limiter.hit(`warm-${i}`);
    const times: number[] = [];
    for (let i = 0; i < 300; i++) {
      const t0 = performance.now();
      await limiter.hit(`u-${i % 30}`);
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const p50 = times[150] ?? 0;
    const p95 = times[285] ?? 0;
    console.log(`limiter hit (${backend}): p50 ${p50.toFixed(3)} ms, p95 ${p95.toFixed(3)} ms`);
    expect(p50).toBeLessThan(20);
  });

  it('limits seat holds per user per minute (429 + Retry-After)', async () => {
    const { showtime, seats: s } = await createBookableShowtime({ rows: 2, cols: 4 });
    const user = await createUser();
    const token = await bearerFor(user);
    const hold = () =>
      call(holdSeatsOp, {
        method: 'POST',
        params: { id: showtime.id },
        body: { seatIds: [s[0]?.id] },
        token,
      });
    const perMinute = env().HOLD_RATE_LIMIT_PER_MINUTE;
    expect(perMinute).toBe(60);
    await startWellInsideWindow();
    for (let i = 0; i < perMinute; i++) expect((await hold()).status).toBe(201);
    const refused = await hold();
    expect(refused.status).toBe(429);
    expect((refused.body as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Another user is not affected.
    const other = await createUser();
    const theirs = await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [s[4]?.id] },
      token: await bearerFor(other),
    });
    expect(theirs.status).toBe(201);
  });

  it('limits anonymous reads of the REST API per client address, not signed-in ones', async () => {
    const { showtime } = await createBookableShowtime({ rows: 1, cols: 2 });
    const ip = freshIp();
    await startWellInsideWindow();
    const read = (headers: Record<string, string>, token?: string) =>
      call(getSeatMapOp, {
        path: `/api/v1/showtimes/${showtime.id}/seats`,
        params: { id: showtime.id },
        headers,
        token,
      });
    const results = await Promise.all(
      Array.from({ length: PUBLIC_READS_PER_MINUTE }, () => read({ 'x-marquee-client-ip': ip })),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    const refused = await read({ 'x-marquee-client-ip': ip });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await read({ 'x-marquee-client-ip': freshIp() })).status).toBe(200);
    const user = await createUser();
    expect((await read({ 'x-marquee-client-ip': ip }, await bearerFor(user))).status).toBe(200);
  });

  it('caches JSON values with a TTL, and the film list for 30 seconds', async () => {
    await cacheSet('t:answer', { n: 42 }, 5);
    expect(await cacheGet('t:answer')).toEqual({ n: 42 });
    const ttl = await cacheTtl('t:answer');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5);
    expect(await cacheGet('t:missing')).toBeUndefined();
    expect(await cacheTtl('t:missing')).toBeNull();

    const city = `city-${Date.now()}`;
    const first = await listMovies({ citySlug: city });
    expect(await cacheTtl(`movies:${city}`)).toBeGreaterThan(25);
    expect(await listMovies({ citySlug: city })).toEqual(first);
    if (backend === 'redis') {
      expect(await redis()?.command('EXISTS', `marquee:cache:movies:${city}`)).toBe(1);
    }
    if (backend === 'postgres') {
      const key = `marquee:cache:movies:${city}`;
      const rows = await db().$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM kv_entries WHERE key = ${key}`;
      expect(rows[0]?.n).toBe(1);
    }
  });
});
