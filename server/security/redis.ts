import 'server-only';
import { Redis } from '@upstash/redis';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { existingSingleton, setSingleton } from '@/server/singleton';

// The one Redis client (Upstash's REST protocol), shared by the cache, the rate limiters and the
// sign-in lockout. Null when UPSTASH_REDIS_REST_URL is not set: every user of it then has an
// in-process twin with the same behaviour, which is right for one instance and the newcomer case.

type Client = { key: string; redis: Redis };

/** The shared client, or null when Upstash is not configured (readiness pings it). */
export function redis(): Redis | null {
  const { UPSTASH_REDIS_REST_URL: url, UPSTASH_REDIS_REST_TOKEN: token } = env();
  if (!url || !token) return null;
  const key = `${url}\n${token}`;
  let client = existingSingleton<Client>('redis');
  if (client?.key !== key) {
    client = {
      key,
      redis: new Redis({
        url,
        token,
        // Values are JSON we write ourselves; counters must come back as they are.
        automaticDeserialization: false,
        enableTelemetry: false,
        // A limiter or the lockout waits for this on the request path: fail over quickly.
        retry: { retries: 1, backoff: () => 50 },
      }),
    };
    setSingleton('redis', client);
  }
  return client.redis;
}

let lastWarning = 0;

/**
 * Runs `op` against Redis when it is configured, `fallback` in-process otherwise, and also when
 * Redis fails: an outage degrades limits to per-instance ones instead of failing every sign-in
 * (or silently lifting every limit). The failure is logged, at most once a minute.
 */
export async function withRedis<T>(op: (r: Redis) => Promise<T>, fallback: () => T | Promise<T>): Promise<T> {
  const client = redis();
  if (!client) return fallback();
  try {
    return await op(client);
  } catch (error) {
    if (Date.now() - lastWarning > 60_000) {
      lastWarning = Date.now();
      log.error('redis unavailable; using the in-process fallback', {
        err: error instanceof Error ? error.message : String(error),
      });
    }
    return fallback();
  }
}
