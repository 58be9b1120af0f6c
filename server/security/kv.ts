import 'server-only';
import { localStore } from '@/server/security/local-store';
import { withRedis } from '@/server/security/redis';

// The key-value operations the cache, the lockout and the one-time-code throttles need, on Redis
// when it is configured, otherwise on PostgreSQL with several instances or in-process with one
// (server/security/local-store.ts). Every key is namespaced under `marquee:`.

const ns = (key: string) => `marquee:${key}`;

export const kv = {
  async get(key: string): Promise<string | null> {
    return withRedis(
      async (r) => {
        const v = await r.get<string | number>(ns(key));
        return v === null || v === undefined ? null : String(v);
      },
      () => localStore().get(ns(key)),
    );
  },

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await withRedis(
      async (r) => {
        await r.set(ns(key), value, { px: Math.max(1, Math.round(ttlMs)) });
      },
      () => localStore().set(ns(key), value, ttlMs),
    );
  },

  /** Increments a counter; a new counter expires `ttlMs` after its first increment. */
  async incr(key: string, ttlMs: number): Promise<number> {
    return withRedis(
      async (r) => {
        const tx = r.multi();
        tx.set(ns(key), 0, { px: Math.max(1, Math.round(ttlMs)), nx: true });
        tx.incr(ns(key));
        const [, n] = (await tx.exec()) as [unknown, number];
        return Number(n);
      },
      () => localStore().incr(ns(key), ttlMs),
    );
  },

  /** Milliseconds until the key expires; -2 if it does not exist, -1 if it never expires. */
  async pttl(key: string): Promise<number> {
    return withRedis(
      (r) => r.pttl(ns(key)),
      () => localStore().pttl(ns(key)),
    );
  },

  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await withRedis(
      async (r) => {
        await r.del(...keys.map(ns));
      },
      () => localStore().del(...keys.map(ns)),
    );
  },
};
