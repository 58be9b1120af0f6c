import 'server-only';
import { db } from '@/server/db';

// The PostgreSQL twin of the in-process store (server/security/memory-store.ts), for several
// instances on one database without Redis: the UNLOGGED table kv_entries. Every expiry is judged by
// the database's clock, so instances whose clocks differ still agree on when a lockout ends.
// Expired rows are never answered; the `kv-cleanup` job deletes them.

type Row = { key: string; value: string };

export const pgStore = {
  async get(key: string): Promise<string | null> {
    const rows = await db().$queryRaw<Row[]>`
      SELECT key, value FROM kv_entries
      WHERE key = ${key} AND (expires_at IS NULL OR expires_at > now())`;
    return rows[0]?.value ?? null;
  },

  /** Several keys in one round trip; a missing or expired key is absent from the map. */
  async getMany(keys: string[]): Promise<Map<string, string>> {
    const rows = await db().$queryRaw<Row[]>`
      SELECT key, value FROM kv_entries
      WHERE key = ANY(${keys}::text[]) AND (expires_at IS NULL OR expires_at > now())`;
    return new Map(rows.map((r) => [r.key, r.value]));
  },

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    await db().$executeRaw`
      INSERT INTO kv_entries (key, value, expires_at)
      VALUES (${key}, ${value}, now() + make_interval(secs => ${Math.max(1, Math.round(ttlMs)) / 1000}))
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`;
  },

  /**
   * INCR in one statement: a new (or expired) counter starts at 1 with its expiry, a live one
   * keeps its expiry. The row lock of ON CONFLICT DO UPDATE makes concurrent increments from
   * several instances each count.
   */
  async incr(key: string, ttlMs: number): Promise<number> {
    const rows = await db().$queryRaw<{ n: bigint }[]>`
      INSERT INTO kv_entries AS e (key, value, expires_at)
      VALUES (${key}, '1', now() + make_interval(secs => ${Math.max(1, Math.round(ttlMs)) / 1000}))
      ON CONFLICT (key) DO UPDATE SET
        value = CASE WHEN e.expires_at <= now() THEN '1' ELSE (e.value::bigint + 1)::text END,
        expires_at = CASE WHEN e.expires_at <= now() THEN EXCLUDED.expires_at ELSE e.expires_at END
      RETURNING value::bigint AS n`;
    return Number(rows[0]?.n ?? 1);
  },

  /** Milliseconds left; -2 when the key does not exist, -1 when it never expires (as Redis). */
  async pttl(key: string): Promise<number> {
    const rows = await db().$queryRaw<{ ms: number | null }[]>`
      SELECT CASE WHEN expires_at IS NULL THEN -1
        ELSE greatest(0, ceil(extract(epoch FROM expires_at - now()) * 1000))::int END AS ms
      FROM kv_entries WHERE key = ${key} AND (expires_at IS NULL OR expires_at > now())`;
    const row = rows[0];
    return row ? Number(row.ms) : -2;
  },

  async del(...keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await db().$executeRaw`DELETE FROM kv_entries WHERE key = ANY(${keys}::text[])`;
  },

  /** Deletes expired entries; the number deleted. A job runs it every minute. */
  async sweep(): Promise<number> {
    return db().$executeRaw`DELETE FROM kv_entries WHERE expires_at <= now()`;
  },
};
