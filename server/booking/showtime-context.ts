import 'server-only';
import { LRUCache } from 'lru-cache';
import { type ScreenLayout, screenLayoutSchema } from '@/lib/schemas/layout';
import type { SeatCategoryName, SeatKindName } from '@/lib/seat-map';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { changesEverything, onCatalogChange } from '@/server/events/catalog-events';
import { singleton } from '@/server/singleton';

// Everything about a showtime that a hold needs and that does not change with each booking:
// the screen's seats and aisles, prices, the cinema's rules, fee and tax. Cached per process for
// a short time so the hot path does not reload 250 seats per request. Nothing here is trusted
// for inventory: availability and the showtime's status are checked inside the transaction.

export type ContextSeat = {
  id: string;
  label: string;
  row: string;
  number: number;
  rowIndex: number;
  col: number;
  category: SeatCategoryName;
  kind: SeatKindName;
  blocked: boolean;
};

export type PricingRuleRow = {
  name: string;
  kind: 'TIME_OF_DAY' | 'DAY_OF_WEEK' | 'OCCUPANCY';
  adjustmentBps: number;
  daysOfWeek: number[];
  startMinute: number | null;
  endMinute: number | null;
  minOccupancyBps: number | null;
  capBps: number | null;
};

export type ShowtimeContext = {
  id: string;
  status: 'SCHEDULED' | 'CANCELLED';
  startsAt: Date;
  endsAt: Date;
  screenId: string;
  screenName: string;
  /** What the auditorium can project (screens.formats): an IMAX screen is one even for a 2D film. */
  screenFormats: string[];
  format: string;
  language: string;
  movie: { id: string; title: string; slug: string; certificate: string; posterUrl: string };
  cinema: {
    id: string;
    slug: string;
    name: string;
    address: string;
    timeZone: string;
    orphanSeatRule: boolean;
    wheelchairReleaseMinutes: number;
    cancellationCutoffMins: number;
    bookingFeeMinor: number;
    taxRateBps: number;
  };
  prices: Map<SeatCategoryName, number>;
  seats: Map<string, ContextSeat>;
  /** Seats of each row in column order, for seat rules. */
  rows: Map<number, ContextSeat[]>;
  aisleCols: Set<number>;
  layout: ScreenLayout;
  capacity: number;
  rules: PricingRuleRow[];
};

const TTL_MS = 30_000;
// Least recently used showtimes go first; an entry older than the TTL is loaded again.
// `owner` is filled in once loaded, so a change to a cinema or a film finds its showtimes.
// `version`: catalog_version read before loading, when a caller asked for a current context.
type Entry = {
  value: Promise<ShowtimeContext | null>;
  owner?: { cinemaId: string; movieId: string };
  version?: string;
};
const cache = singleton('showtime-context', () => {
  const lru = new LRUCache<string, Entry>({ max: 5_000, ttl: TTL_MS });
  onCatalogChange((change) => {
    if (changesEverything(change)) return lru.clear();
    for (const id of change.showtimeIds ?? []) lru.delete(id);
    const cinemas = new Set(change.cinemaIds);
    const movies = new Set(change.movieIds);
    if (!cinemas.size && !movies.size) return;
    for (const [id, entry] of lru.entries()) {
      // Still loading: it may have read the old rows, so it goes too.
      if (!entry.owner || cinemas.has(entry.owner.cinemaId) || movies.has(entry.owner.movieId))
        lru.delete(id);
    }
  });
  return lru;
});

async function load(showtimeId: string): Promise<ShowtimeContext | null> {
  const s = await db().showtime.findUnique({
    where: { id: showtimeId },
    select: {
      id: true,
      status: true,
      startsAt: true,
      endsAt: true,
      format: true,
      language: true,
      prices: { select: { category: true, priceMinor: true } },
      movie: { select: { id: true, title: true, slug: true, certificate: true, posterUrl: true } },
      // The layout the showtime is sold on (the screen's may have changed since it was created).
      layout: {
        select: {
          layout: true,
          seats: {
            select: {
              id: true,
              rowLabel: true,
              number: true,
              rowIndex: true,
              col: true,
              category: true,
              kind: true,
              blocked: true,
            },
          },
        },
      },
      screen: {
        select: {
          id: true,
          name: true,
          formats: true,
          cinema: {
            select: {
              id: true,
              slug: true,
              name: true,
              addressLine: true,
              locality: true,
              postalCode: true,
              orphanSeatRule: true,
              wheelchairReleaseMinutes: true,
              cancellationCutoffMins: true,
              bookingFeeMinor: true,
              taxRateBps: true,
              timeZone: true,
              city: { select: { name: true } },
            },
          },
        },
      },
    },
  });
  // layout_id is never null in the database (CHECK showtimes_layout_set).
  if (!s?.layout) return null;
  const cinema = s.screen.cinema;
  const rules = await db().pricingRule.findMany({
    where: { active: true, OR: [{ cinemaId: null }, { cinemaId: cinema.id }] },
    select: {
      name: true,
      kind: true,
      adjustmentBps: true,
      daysOfWeek: true,
      startMinute: true,
      endMinute: true,
      minOccupancyBps: true,
      capBps: true,
    },
    orderBy: { name: 'asc' },
  });
  const seats = new Map<string, ContextSeat>();
  const rows = new Map<number, ContextSeat[]>();
  for (const seat of s.layout.seats) {
    const c: ContextSeat = {
      id: seat.id,
      label: `${seat.rowLabel}${seat.number}`,
      row: seat.rowLabel,
      number: seat.number,
      rowIndex: seat.rowIndex,
      col: seat.col,
      category: seat.category,
      kind: seat.kind,
      blocked: seat.blocked,
    };
    seats.set(c.id, c);
    const row = rows.get(c.rowIndex) ?? [];
    row.push(c);
    rows.set(c.rowIndex, row);
  }
  for (const row of rows.values()) row.sort((a, b) => a.col - b.col);
  const layout = screenLayoutSchema.parse(s.layout.layout);
  return {
    id: s.id,
    status: s.status,
    startsAt: s.startsAt,
    endsAt: s.endsAt,
    screenId: s.screen.id,
    screenName: s.screen.name,
    screenFormats: s.screen.formats,
    format: s.format,
    language: s.language,
    movie: s.movie,
    cinema: {
      id: cinema.id,
      slug: cinema.slug,
      name: cinema.name,
      address: `${cinema.addressLine}, ${cinema.locality}, ${cinema.city.name} ${cinema.postalCode}`,
      timeZone: cinema.timeZone,
      orphanSeatRule: cinema.orphanSeatRule,
      wheelchairReleaseMinutes: cinema.wheelchairReleaseMinutes,
      cancellationCutoffMins: cinema.cancellationCutoffMins,
      bookingFeeMinor: cinema.bookingFeeMinor,
      taxRateBps: cinema.taxRateBps,
    },
    prices: new Map(s.prices.map((p) => [p.category, p.priceMinor])),
    seats,
    rows,
    aisleCols: new Set(layout.aisleCols),
    layout,
    capacity: [...seats.values()].filter((x) => !x.blocked).length,
    rules,
  };
}

/**
 * The database's catalog version, read before a context is loaded (so a change committed meanwhile
 * makes the copy look old, never new: it costs a reload, never a stale price).
 */
async function catalogVersion(): Promise<string> {
  const rows = await db().$queryRaw<{ version: bigint }[]>`SELECT version FROM catalog_version WHERE id = 1`;
  return String(rows[0]?.version ?? 0);
}

/**
 * The showtime's context, from this process's copy. `current` (holds): with several instances,
 * the copy is used only if catalog_version has not moved since it was loaded. Another instance's
 * change reaches this one by NOTIFY within milliseconds, but "within milliseconds" lost a race to
 * the customer's next request now and then; one primary-key read per hold closes it. One instance
 * forgets its copy synchronously on its own changes and needs no read.
 */
export async function showtimeContext(
  showtimeId: string,
  options: { current?: boolean } = {},
): Promise<ShowtimeContext | null> {
  const version =
    options.current && env().REALTIME_ADAPTER === 'postgres' ? await catalogVersion() : undefined;
  const hit = cache.get(showtimeId);
  if (hit && (version === undefined || hit.version === version)) return hit.value;
  const entry: Entry = { value: load(showtimeId), ...(version === undefined ? {} : { version }) };
  cache.set(showtimeId, entry);
  entry.value.then(
    (context) => {
      if (context) entry.owner = { cinemaId: context.cinema.id, movieId: context.movie.id };
    },
    () => {
      if (cache.get(showtimeId) === entry) cache.delete(showtimeId);
    },
  );
  return entry.value;
}
