import 'server-only';

// The in-process twin of the few Redis commands Marquee uses (GET, SET PX, INCR with a first-write
// expiry, PTTL, DEL), so the cache, the limiters and the lockout are written once over `kv` and
// behave the same with or without Redis. Expired entries are dropped when read, and swept when
// the map grows.

type Entry = { value: string; expiresAt: number };

export class MemoryStore {
  private readonly map = new Map<string, Entry>();

  constructor(private readonly maxEntries = 100_000) {}

  private live(key: string, now = Date.now()): Entry | undefined {
    const e = this.map.get(key);
    if (!e) return undefined;
    if (e.expiresAt <= now) {
      this.map.delete(key);
      return undefined;
    }
    return e;
  }

  private sweep(): void {
    if (this.map.size < this.maxEntries) return;
    const now = Date.now();
    for (const [k, e] of this.map) if (e.expiresAt <= now) this.map.delete(k);
    // Still full of live keys: drop the oldest inserted (a limiter forgets, never blocks wrongly).
    for (const k of this.map.keys()) {
      if (this.map.size < this.maxEntries * 0.9) break;
      this.map.delete(k);
    }
  }

  get(key: string): string | null {
    return this.live(key)?.value ?? null;
  }

  set(key: string, value: string, ttlMs: number): void {
    this.sweep();
    this.map.set(key, { value, expiresAt: Date.now() + ttlMs });
  }

  /** INCR; the expiry is set when the key is created and kept by later increments. */
  incr(key: string, ttlMs: number): number {
    const e = this.live(key);
    if (!e) {
      this.set(key, '1', ttlMs);
      return 1;
    }
    const n = Number(e.value) + 1;
    e.value = String(n);
    return n;
  }

  /** Milliseconds left, -2 when the key does not exist (as Redis answers). */
  pttl(key: string): number {
    const e = this.live(key);
    return e ? e.expiresAt - Date.now() : -2;
  }

  del(...keys: string[]): void {
    for (const k of keys) this.map.delete(k);
  }

  clear(): void {
    this.map.clear();
  }
}

const g = globalThis as typeof globalThis & { __marqueeMemoryStore?: MemoryStore };

/** One per process: the custom server and Next's bundle each load this module, and must share it. */
export function memoryStore(): MemoryStore {
  g.__marqueeMemoryStore ??= new MemoryStore();
  return g.__marqueeMemoryStore;
}
