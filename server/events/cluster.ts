import 'server-only';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { z } from 'zod';
import { EVERY_ACCOUNT, onAccountChange, publishAccountChange } from '@/server/events/account-events';
import { type CatalogChange, onCatalogChange, publishCatalogChange } from '@/server/events/catalog-events';
import { forwarding } from '@/server/events/forwarding';
import { onSeatsChanged, seatsChangedElsewhere } from '@/server/events/seat-events';
import { log } from '@/server/log';

// Several instances each keep copies (showtime contexts, seat-map snapshots, cached pages, viewers).
// What one instance changes, the others must forget: this forwards every local seat change,
// catalogue change and account change to the other instances through PostgreSQL LISTEN/NOTIFY on one channel, and
// replays what they send on this process's buses as 'remote'. Notifications are gathered for a
// couple of milliseconds and sent as one NOTIFY, so a burst of holds costs a few statements, not
// one each. The window in which another instance can still serve the old copy is that delay plus
// NOTIFY delivery: a few milliseconds on one network. Seat inventory never depends on it (every
// write is judged inside its transaction); only what viewers see does, and live viewers also get
// every delta through the Socket.IO adapter.
// If the listening connection drops, notifications sent meanwhile are lost: on reconnecting, this
// process forgets every copy it has (one "everything changed").

const CHANNEL = 'marquee_cache';
const FLUSH_MS = 2;
// PostgreSQL refuses a NOTIFY payload of 8000 bytes or more.
const MAX_PAYLOAD = 7_000;

const messageSchema = z.object({
  from: z.string(),
  seats: z.array(z.string()).default([]),
  accounts: z.array(z.string()).default([]),
  catalog: z
    .array(
      z.object({
        movieIds: z.array(z.string()).optional(),
        cinemaIds: z.array(z.string()).optional(),
        showtimeIds: z.array(z.string()).optional(),
      }),
    )
    .default([]),
});

export type Cluster = { stop: () => Promise<void>; instanceId: string };

export function startCluster(databaseUrl: string): Cluster {
  const instanceId = randomUUID();
  const seats = new Set<string>();
  const accounts = new Set<string>();
  const catalog: CatalogChange[] = [];
  let client: pg.Client | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let retryMs = 250;

  const flush = async () => {
    timer = null;
    const done = forwarding.resolve;
    forwarding.pending = null;
    forwarding.resolve = null;
    try {
      await send();
    } finally {
      done?.();
    }
  };
  const send = async () => {
    if (!client || (seats.size === 0 && catalog.length === 0 && accounts.size === 0)) return;
    const messages: string[] = [];
    const empty = () => ({
      from: instanceId,
      seats: [] as string[],
      accounts: [] as string[],
      catalog: [] as CatalogChange[],
    });
    let current = empty();
    const size = () => JSON.stringify(current).length;
    for (const id of seats) {
      current.seats.push(id);
      if (size() > MAX_PAYLOAD) {
        current.seats.pop();
        messages.push(JSON.stringify(current));
        current = { ...empty(), seats: [id] };
      }
    }
    for (const id of accounts) {
      current.accounts.push(id);
      if (size() > MAX_PAYLOAD) {
        current.accounts.pop();
        messages.push(JSON.stringify(current));
        current = { ...empty(), accounts: [id] };
      }
    }
    for (const change of catalog) {
      current.catalog.push(change);
      if (size() > MAX_PAYLOAD) {
        current.catalog.pop();
        messages.push(JSON.stringify(current));
        // A change too big for one message is sent as "everything".
        current = { ...empty(), catalog: [JSON.stringify(change).length > MAX_PAYLOAD ? {} : change] };
      }
    }
    messages.push(JSON.stringify(current));
    seats.clear();
    accounts.clear();
    catalog.length = 0;
    try {
      for (const payload of messages) await client.query('SELECT pg_notify($1, $2)', [CHANNEL, payload]);
    } catch (error) {
      // The other instances will forget everything when this connection comes back (below).
      log.warn('cluster notify failed', { err: error instanceof Error ? error.message : String(error) });
    }
  };
  // Seat changes need no acknowledgement (every hold is judged in its transaction; a seat map a
  // few ms old is what live viewers correct anyway), so a hold's answer never waits for this;
  // catalogue and account changes do.
  const schedule = (acknowledged = true) => {
    if (acknowledged && !forwarding.pending) {
      forwarding.pending = new Promise<void>((resolve) => {
        forwarding.resolve = resolve;
      });
    }
    timer ??= setTimeout(() => void flush(), FLUSH_MS);
  };

  const stopSeats = onSeatsChanged((showtimeId, origin) => {
    if (origin !== 'local') return;
    seats.add(showtimeId);
    schedule(false);
  });
  const stopCatalog = onCatalogChange((change, origin) => {
    if (origin !== 'local') return;
    catalog.push(change);
    schedule();
  });

  const stopAccounts = onAccountChange((userId, origin) => {
    if (origin !== 'local') return;
    accounts.add(userId);
    schedule();
  });

  const heard = (payload: string | undefined) => {
    const parsed = messageSchema.safeParse(JSON.parse(payload ?? 'null'));
    if (!parsed.success || parsed.data.from === instanceId) return;
    for (const id of parsed.data.seats) seatsChangedElsewhere(id);
    for (const id of parsed.data.accounts) publishAccountChange(id, 'remote');
    for (const change of parsed.data.catalog) publishCatalogChange(change, 'remote');
  };

  let connectedBefore = false;
  const connect = async (): Promise<void> => {
    if (stopped) return;
    const next = new pg.Client({
      connectionString: databaseUrl,
      application_name: `marquee-cluster-${instanceId.slice(0, 8)}`,
    });
    next.on('notification', (message) => {
      try {
        heard(message.payload);
      } catch (error) {
        log.warn('cluster message ignored', { err: String(error) });
      }
    });
    next.on('error', (error) => log.warn('cluster connection lost', { err: error.message }));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      log.warn('cluster connection failed', { err: error instanceof Error ? error.message : String(error) });
      next.removeAllListeners('end');
      await next.end().catch(() => {});
      retryMs = Math.min(retryMs * 2, 5_000);
      if (!stopped) setTimeout(() => void connect(), retryMs);
      return;
    }
    next.on('end', () => {
      if (client === next) client = null;
      if (!stopped) setTimeout(() => void connect(), retryMs);
    });
    client = next;
    retryMs = 250;
    // Whatever was sent while nobody listened is lost: forget every copy rather than trust it.
    if (connectedBefore) {
      publishCatalogChange({}, 'remote');
      publishAccountChange(EVERY_ACCOUNT, 'remote');
    }
    connectedBefore = true;
  };
  void connect();

  return {
    instanceId,
    async stop() {
      stopped = true;
      stopSeats();
      stopCatalog();
      stopAccounts();
      if (timer) clearTimeout(timer);
      await flush();
      await client?.end().catch(() => {});
    },
  };
}
