import 'server-only';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { LRUCache } from 'lru-cache';
import { AppError } from '@/lib/errors';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { RowVersions } from '@/lib/seat-events';
import { type ShowtimeContext, showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { changesEverything, onCatalogChange } from '@/server/events/catalog-events';
import { EVERY_SHOWTIME, onSeatsChanged } from '@/server/events/seat-events';
import { singleton } from '@/server/singleton';

// A showtime's seat map is read by everyone watching it and changes only when a batch of seat
// events is published (or a held seat's time runs out). So it is built once per change, not once
// per request: one snapshot per showtime, from one statement, reused by every reader until
//   - a seat batch for the showtime is published in this process (hold, release, sale, sweep; other
//     instances' batches arrive through server/events/cluster.ts), or
//   - a catalogue change names it (prices, layout, the showtime itself), or
//   - the first held seat in it reaches its expiry (it reads as available from then on), or
//   - MAX_AGE_MS passes (a safety net, not the mechanism).
// A reader only reuses a build that began after the last change it can know of (`seq`), and
// concurrent readers share one build. The anonymous body is serialised once per build with its
// ETag; a signed-in viewer without a hold gets the same bytes; a viewer with a hold gets their
// own seats marked (built per request: few viewers hold seats at any moment).

type Claim = { s: string; st: 'HELD' | 'SOLD'; h: string; u: string | null; e: string };
type Live = {
  versions: RowVersions | null;
  status: 'SCHEDULED' | 'CANCELLED';
  claims: Claim[] | null;
  accessibility: SeatMap['accessibility'];
};

type Snapshot = {
  ctx: ShowtimeContext;
  /** The map as an anonymous viewer sees it (shared: never mutate). */
  map: SeatMap;
  json: string;
  etag: string;
  /** Held claims by user id, to mark a viewer's own seats. */
  heldBy: Map<string, Claim[]>;
  validUntil: number;
  /** `json` gzipped, made the first time a reader accepts it (once per build, not per read). */
  gzip?: Buffer;
};

type Entry = { seq: number; build?: { seq: number; snapshot: Promise<Snapshot> } };

const MAX_AGE_MS = 5_000;

const entries = singleton('seat-map-snapshots', () => {
  const lru = new LRUCache<string, Entry>({ max: 2_000 });
  onSeatsChanged((showtimeId) => {
    if (showtimeId === EVERY_SHOWTIME) return lru.clear();
    const entry = lru.get(showtimeId);
    if (entry) entry.seq++;
  });
  onCatalogChange((change) => {
    if (changesEverything(change)) return lru.clear();
    for (const id of change.showtimeIds ?? []) lru.delete(id);
    // A cinema's or film's change may touch any of its showtimes' prices or layout.
    if (change.cinemaIds?.length || change.movieIds?.length) lru.clear();
  });
  return lru;
});

function etagOf(json: string): string {
  return `W/"${createHash('sha1').update(json).digest('base64url').slice(0, 22)}"`;
}

function seatState(blocked: boolean, claim: Claim | undefined): SeatMap['seats'][number]['state'] {
  if (blocked) return 'blocked';
  if (!claim) return 'available';
  return claim.st === 'SOLD' ? 'sold' : 'held';
}

async function build(showtimeId: string): Promise<Snapshot> {
  const ctx = await showtimeContext(showtimeId);
  if (!ctx) throw new AppError('NOT_FOUND', 'Showtime not found.');
  // Every seat's state with the versions of its rows in one statement (one snapshot), so a live
  // viewer can apply later deltas on top of it without gaps or double counting.
  const [live] = await db().$queryRaw<Live[]>`
    SELECT (SELECT jsonb_object_agg(r.row_index, r.version) FROM showtime_seat_rows r WHERE r.showtime_id = s.id) AS versions,
           s.status::text AS status, s.accessibility::text[] AS accessibility,
           (SELECT json_agg(json_build_object('s', c.seat_id, 'st', c.state, 'h', c.hold_id, 'u', h.user_id, 'e', c.expires_at))
            FROM seat_claims c JOIN seat_holds h ON h.id = c.hold_id
            WHERE c.showtime_id = s.id AND c.state IN ('HELD', 'SOLD') AND (c.state = 'SOLD' OR c.expires_at > now())) AS claims
    FROM showtimes s WHERE s.id = ${showtimeId}::uuid`;
  if (!live) throw new AppError('NOT_FOUND', 'Showtime not found.');
  const claims = new Map((live.claims ?? []).map((c) => [c.s, c]));
  const heldBy = new Map<string, Claim[]>();
  let validUntil = Date.now() + MAX_AGE_MS;
  for (const c of live.claims ?? []) {
    if (c.st !== 'HELD') continue;
    validUntil = Math.min(validUntil, new Date(c.e).getTime());
    if (!c.u) continue;
    const mine = heldBy.get(c.u) ?? [];
    mine.push(c);
    heldBy.set(c.u, mine);
  }
  const map: SeatMap = {
    showtimeId,
    versions: live.versions ?? {},
    status: live.status,
    startsAt: ctx.startsAt.toISOString(),
    accessibility: live.accessibility,
    wheelchairAccessible: [...ctx.seats.values()].some((s) => s.kind === 'WHEELCHAIR' && !s.blocked),
    layout: ctx.layout,
    prices: [...ctx.prices].map(([category, priceMinor]) => ({ category, priceMinor })),
    seats: [...ctx.seats.values()]
      .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col)
      .map((s) => ({
        id: s.id,
        label: s.label,
        row: s.row,
        number: s.number,
        rowIndex: s.rowIndex,
        col: s.col,
        category: s.category,
        kind: s.kind,
        state: seatState(s.blocked, claims.get(s.id)),
        mine: false,
      })),
    myHold: null,
  };
  const json = JSON.stringify(map);
  return { ctx, map, json, etag: etagOf(json), heldBy, validUntil };
}

async function snapshot(showtimeId: string): Promise<Snapshot> {
  let entry = entries.get(showtimeId);
  if (!entry) {
    entry = { seq: 0 };
    entries.set(showtimeId, entry);
  }
  // Everything published before this line is in any build that starts from here on.
  const floor = entry.seq;
  const current = entry.build;
  if (current && current.seq >= floor) {
    const snap = await current.snapshot.catch(() => null);
    if (snap && Date.now() < snap.validUntil) return snap;
  }
  // Re-check after the wait: another reader may have started a fresh build meanwhile.
  if (entry.build && entry.build !== current && entry.build.seq >= floor) {
    const snap = await entry.build.snapshot.catch(() => null);
    if (snap && Date.now() < snap.validUntil) return snap;
  }
  const fresh = { seq: entry.seq, snapshot: build(showtimeId) };
  entry.build = fresh;
  fresh.snapshot.catch(() => {
    if (entry.build === fresh) entry.build = undefined;
  });
  return fresh.snapshot;
}

export type SeatMapView = {
  map: SeatMap;
  ctx: ShowtimeContext;
  json: string;
  etag: string;
  /** The same bytes gzipped, for the shared (anonymous) view only; null for a personal one. */
  gzipped: () => Buffer | null;
};

/**
 * The seat map as `viewerId` sees it (anonymous when absent): their own held seats marked and
 * their hold in `myHold`. `json` is `map` serialised and `etag` names exactly those bytes.
 */
export async function getSeatMap(showtimeId: string, viewerId?: string): Promise<SeatMapView> {
  const snap = await snapshot(showtimeId);
  const mine = viewerId ? snap.heldBy.get(viewerId) : undefined;
  if (!mine?.length) {
    const gzipped = () => {
      snap.gzip ??= gzipSync(snap.json);
      return snap.gzip;
    };
    return { map: snap.map, ctx: snap.ctx, json: snap.json, etag: snap.etag, gzipped };
  }
  const ids = new Set(mine.map((c) => c.s));
  const first = mine[0] as Claim;
  const map: SeatMap = {
    ...snap.map,
    seats: snap.map.seats.map((s) => (ids.has(s.id) ? { ...s, mine: true } : s)),
    myHold: { holdId: first.h, expiresAt: new Date(first.e).toISOString(), seatIds: [...ids] },
  };
  const json = JSON.stringify(map);
  return { map, ctx: snap.ctx, json, etag: etagOf(json), gzipped: () => null };
}
