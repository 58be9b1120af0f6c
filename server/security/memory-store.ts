import 'server-only';
import { LRUCache } from 'lru-cache';
import { singleton } from '@/server/singleton';

// The in-process twin of the few Redis commands Marquee uses (GET, SET PX, INCR with a first-write
// expiry, PTTL, DEL), so the cache, the limiters and the lockout are written once over `kv` and
// behave the same with or without Redis. An LRU cache with a TTL per entry: expired entries are
// never answered, and when it is full the least recently used go (a limiter forgets, never
// blocks wrongly).

class MemoryStore {
  private readonly cache: LRUCache<string, { value: string }>;

  constructor(maxEntries = 100_000) {
    // ttlResolution 0: the clock is read on every call, so a TTL never reads longer than was set.
    this.cache = new LRUCache({ max: maxEntries, ttlResolution: 0 });
  }

  get(key: string): string | null {
    return this.cache.get(key)?.value ?? null;
  }

  set(key: string, value: string, ttlMs: number): void {
    this.cache.set(key, { value }, { ttl: ttlMs });
  }

  /** INCR; the expiry is set when the key is created and kept by later increments. */
  incr(key: string, ttlMs: number): number {
    const e = this.cache.get(key);
    if (!e) {
      this.set(key, '1', ttlMs);
      return 1;
    }
    e.value = String(Number(e.value) + 1);
    return Number(e.value);
  }

  /** Milliseconds left, -2 when the key does not exist (as Redis answers). */
  pttl(key: string): number {
    return this.cache.has(key) ? Math.max(0, this.cache.getRemainingTTL(key)) : -2;
  }

  del(...keys: string[]): void {
    for (const k of keys) this.cache.delete(k);
  }

  clear(): void {
    this.cache.clear();
  }
}

/** One per process: the custom server and Next's bundle each load this module, and must share it. */
export function memoryStore(): MemoryStore {
  return singleton('memory-store', () => new MemoryStore());
}
