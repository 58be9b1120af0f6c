import 'server-only';
import { log } from '@/server/log';
import { kv } from '@/server/security/kv';

// A small shared cache for read-mostly data (JSON values with a TTL): Redis when configured, so
// every instance sees one copy, in-process otherwise. A cache miss or a broken value only costs
// a recomputation; the cache is never the source of truth.

const key = (k: string) => `cache:${k}`;

export async function cacheGet<T>(k: string): Promise<T | undefined> {
  const raw = await kv.get(key(k));
  if (raw === null) return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return undefined;
  }
}

export async function cacheSet(k: string, value: unknown, ttlSeconds: number): Promise<void> {
  await kv.set(key(k), JSON.stringify(value), ttlSeconds * 1000);
}

export async function cacheDelete(...keys: string[]): Promise<void> {
  await kv.del(...keys.map(key));
}

/** Seconds left before the entry expires, or null when there is none. */
export async function cacheTtl(k: string): Promise<number | null> {
  const ms = await kv.pttl(key(k));
  return ms < 0 ? null : Math.ceil(ms / 1000);
}

const inFlight = new Map<string, Promise<unknown>>();

/**
 * The cached value, or `compute()`'s result stored for `ttlSeconds`. Concurrent misses in one
 * process share one computation, so an expiry under load costs one query, not one per request.
 */
export async function cached<T>(k: string, ttlSeconds: number, compute: () => Promise<T>): Promise<T> {
  const hit = await cacheGet<T>(k);
  if (hit !== undefined) return hit;
  const pending = inFlight.get(k) as Promise<T> | undefined;
  if (pending) return pending;
  const p = (async () => {
    try {
      const value = await compute();
      await cacheSet(k, value, ttlSeconds).catch((error: unknown) =>
        log.warn('cache write failed', { key: k, err: String(error) }),
      );
      return value;
    } finally {
      inFlight.delete(k);
    }
  })();
  inFlight.set(k, p);
  return p;
}
