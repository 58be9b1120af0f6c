import 'server-only';
import { env } from '@/server/env';
import { memoryStore } from '@/server/security/memory-store';
import { pgStore } from '@/server/security/pg-store';

// Where limits, lockouts and the small cache live when Redis (Upstash) is not configured: in
// PostgreSQL when several instances share the database (REALTIME_ADAPTER=postgres), so they count
// together and a restart forgets nothing; in-process for a single instance, where a round trip to
// the database on every hold and every anonymous API read would buy nothing (see the README,
// "Scaling out", for the measured cost).

export type Store = {
  get(key: string): Promise<string | null>;
  getMany(keys: string[]): Promise<Map<string, string>>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  incr(key: string, ttlMs: number): Promise<number>;
  pttl(key: string): Promise<number>;
  del(...keys: string[]): Promise<void>;
};

const memory: Store = {
  get: async (key) => memoryStore().get(key),
  getMany: async (keys) => {
    const found = new Map<string, string>();
    for (const k of keys) {
      const v = memoryStore().get(k);
      if (v !== null) found.set(k, v);
    }
    return found;
  },
  set: async (key, value, ttlMs) => memoryStore().set(key, value, ttlMs),
  incr: async (key, ttlMs) => memoryStore().incr(key, ttlMs),
  pttl: async (key) => memoryStore().pttl(key),
  del: async (...keys) => memoryStore().del(...keys),
};

export function sharedInPostgres(): boolean {
  return env().REALTIME_ADAPTER === 'postgres';
}

/** The store used without Redis (and when Redis fails). */
export function localStore(): Store {
  return sharedInPostgres() ? pgStore : memory;
}
