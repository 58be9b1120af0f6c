import 'server-only';
import { Ratelimit } from '@upstash/ratelimit';
import type { Redis } from '@upstash/redis';
import { AppError } from '@/lib/errors';
import { localStore } from '@/server/security/local-store';
import { withRedis } from '@/server/security/redis';

// One interface: @upstash/ratelimit's sliding window on Redis when it is configured, and otherwise
// a sliding window over the local store (PostgreSQL with several instances, in-process with one),
// computed exactly as Upstash's Lua script computes it (the current fixed window's count plus the
// previous window's, weighted by how much of it still overlaps the sliding window). Tests run
// every limit against all three.

export type LimitResult = {
  success: boolean;
  limit: number;
  remaining: number;
  /** Epoch milliseconds when the current window ends. */
  reset: number;
};

export type Limiter = {
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  /** Counts one request for `id` and says whether it is within the limit. */
  hit(id: string): Promise<LimitResult>;
  /** The state for `id` without counting anything. */
  peek(id: string): Promise<LimitResult>;
  reset(id: string): Promise<void>;
};

async function localWindow(
  key: string,
  limit: number,
  windowMs: number,
  count: boolean,
): Promise<LimitResult> {
  const store = localStore();
  const now = Date.now();
  const current = Math.floor(now / windowMs);
  const currentKey = `${key}:${current}`;
  const previousKey = `${key}:${current - 1}`;
  const found = await store.getMany([currentKey, previousKey]);
  const inCurrent = Number(found.get(currentKey) ?? 0);
  const inPrevious = Number(found.get(previousKey) ?? 0);
  const weightedPrevious = Math.floor((1 - (now % windowMs) / windowMs) * inPrevious);
  const reset = (current + 1) * windowMs;
  if (!count) {
    return { success: true, limit, remaining: Math.max(0, limit - (weightedPrevious + inCurrent)), reset };
  }
  if (weightedPrevious + inCurrent >= limit) return { success: false, limit, remaining: 0, reset };
  // Read, then count: two instances racing at the limit may both pass once (Upstash's Lua script
  // is atomic); a limiter that admits one extra request under a race is still a limiter.
  const n = await store.incr(currentKey, windowMs * 2 + 1000);
  return { success: true, limit, remaining: Math.max(0, limit - (n + weightedPrevious)), reset };
}

const upstash = new WeakMap<Redis, Map<string, Ratelimit>>();

function upstashLimiter(r: Redis, name: string, limit: number, windowMs: number): Ratelimit {
  let byName = upstash.get(r);
  if (!byName) {
    byName = new Map();
    upstash.set(r, byName);
  }
  let rl = byName.get(name);
  if (!rl) {
    rl = new Ratelimit({
      redis: r,
      limiter: Ratelimit.slidingWindow(limit, `${windowMs} ms`),
      prefix: `marquee:rl:${name}`,
      // No per-instance memory of blocked ids: Redis alone decides, so every instance agrees
      // and a reset takes effect everywhere at once.
      ephemeralCache: false,
      analytics: false,
      // Upstash lets a request through when Redis does not answer within this time.
      timeout: 1500,
    });
    byName.set(name, rl);
  }
  return rl;
}

export function createLimiter(options: { name: string; limit: number; windowMs: number }): Limiter {
  const { name, limit, windowMs } = options;
  const memKey = (id: string) => `marquee:rl:${name}:${id}`;
  return {
    name,
    limit,
    windowMs,
    hit: (id) =>
      withRedis(
        async (r) => {
          const res = await upstashLimiter(r, name, limit, windowMs).limit(id);
          return { success: res.success, limit: res.limit, remaining: res.remaining, reset: res.reset };
        },
        () => localWindow(memKey(id), limit, windowMs, true),
      ),
    peek: (id) =>
      withRedis(
        async (r) => {
          const res = await upstashLimiter(r, name, limit, windowMs).getRemaining(id);
          return { success: res.remaining > 0, limit: res.limit, remaining: res.remaining, reset: res.reset };
        },
        () => localWindow(memKey(id), limit, windowMs, false),
      ),
    reset: (id) =>
      withRedis(
        (r) => upstashLimiter(r, name, limit, windowMs).resetUsedTokens(id),
        () => {
          const current = Math.floor(Date.now() / windowMs);
          return localStore().del(`${memKey(id)}:${current}`, `${memKey(id)}:${current - 1}`);
        },
      ),
  };
}

function retryAfterSeconds(result: Pick<LimitResult, 'reset'>): number {
  return Math.max(1, Math.ceil((result.reset - Date.now()) / 1000));
}

/** Counts a request; throws RATE_LIMITED (429, with Retry-After) when it is over the limit. */
export async function enforce(limiter: Limiter, id: string, message: string): Promise<void> {
  const result = await limiter.hit(id);
  if (!result.success) throw new AppError('RATE_LIMITED', message, { retryAfter: retryAfterSeconds(result) });
}
