import { encode } from 'next-auth/jwt';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { LiveSeatMap } from '@/lib/live-seat-map';
import type { JoinAck, Presence, SyncAck } from '@/lib/realtime-protocol';
import type { SeatEventBatch } from '@/lib/seat-events';
import { holdSeatsOp } from '@/server/api/operations/showtimes';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { type Cluster, startCluster } from '@/server/events/cluster';
import { bearerFor, call } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';
import {
  openSocket,
  type SecondInstance,
  startRealtimeHere,
  startSecondInstance,
} from '../support/realtime-cluster';

// The live seat protocol end to end: real Socket.IO servers (this process, plus a second
// instance in a child process sharing PostgreSQL through the adapter), real clients.

let here: Awaited<ReturnType<typeof startRealtimeHere>>;
let url: string;
let second: SecondInstance;
let childUrl: string;
let cluster: Cluster;
const clients: Socket[] = [];

beforeAll(async () => {
  here = await startRealtimeHere(inject('databaseUrl'));
  url = here.url;
  cluster = startCluster(inject('databaseUrl'));
  second = await startSecondInstance(inject('databaseUrl'));
  childUrl = second.url;
}, 60_000);

afterAll(async () => {
  for (const c of clients) c.close();
  await second?.stop();
  await here?.stop();
  await cluster.stop();
});

function client(options: { base?: string; token?: string; cookie?: string } = {}): Promise<Socket> {
  return openSocket(options.base ?? url, '/seats', { ...options, opened: clients });
}

async function join(socket: Socket, showtimeId: string) {
  const r = (await socket.emitWithAck('seats:join', { showtimeId })) as JoinAck;
  if (!r.ok) throw new Error(r.error.message);
  return r;
}

function nextDelta(
  socket: Socket,
  predicate: (b: SeatEventBatch) => boolean = () => true,
): Promise<SeatEventBatch> {
  return new Promise((resolve, reject) => {
    // A bound on a delta that never comes, not a latency check (that is bench:realtime's): the
    // clock starts before the hold is sent, and the file's first hold also loads the hold path,
    // which took more than 5 s on a loaded 2-core box.
    const timer = setTimeout(() => reject(new Error('no delta within 20 s')), 20_000);
    const on = (b: SeatEventBatch) => {
      if (!predicate(b)) return;
      clearTimeout(timer);
      socket.off('seats:delta', on);
      resolve(b);
    };
    socket.on('seats:delta', on);
  });
}

describe('the live seat protocol', () => {
  it('gives a joining viewer a snapshot, then every hold as a delta with its rows’ next versions', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 8 });
    const holder = await createUser();
    const token = await bearerFor(holder);
    const viewer = await client();
    const { snapshot } = await join(viewer, showtime.id);
    const live = new LiveSeatMap(snapshot);
    expect(snapshot.seats.every((s) => s.state === 'available')).toBe(true);
    const hold = (seatIds: string[]) =>
      call(holdSeatsOp, { method: 'POST', params: { id: showtime.id }, body: { seatIds }, token });

    const first = nextDelta(viewer);
    expect((await hold([seats[0]!.id, seats[1]!.id])).status).toBe(201);
    const d1 = await first;
    // Seats 0 and 1 are in row A (index 0): its version moves on by one, no other row's.
    expect(d1.versions).toEqual({ '0': (snapshot.versions['0'] ?? 0) + 1 });
    expect(d1.events).toEqual([
      expect.objectContaining({ type: 'seat.held', seatIds: [seats[0]!.id, seats[1]!.id] }),
    ]);
    expect(live.apply(d1)).toBe('applied');

    const second = nextDelta(viewer);
    expect((await hold([seats[2]!.id, seats[3]!.id])).status).toBe(201);
    const d2 = await second;
    // The new hold replaced the holder's previous one: both facts in one batch, one version.
    expect(d2.versions).toEqual({ '0': (d1.versions['0'] ?? 0) + 1 });
    expect(d2.events.map((e) => e.type)).toEqual(['seat.released', 'seat.held']);
    expect(live.apply(d2)).toBe('applied');

    // A hold across both rows moves both rows' versions in one batch.
    const third = nextDelta(viewer);
    expect((await hold([seats[7]!.id, seats[8]!.id])).status).toBe(201);
    const d3 = await third;
    expect(d3.versions).toEqual({ '0': (d2.versions['0'] ?? 0) + 1, '1': (snapshot.versions['1'] ?? 0) + 1 });
    expect(live.apply(d3)).toBe('applied');
    expect(
      [...live.states]
        .filter(([, s]) => s === 'held')
        .map(([id]) => id)
        .sort(),
    ).toEqual([seats[7]!.id, seats[8]!.id].sort());
  });

  it('resyncs a viewer that missed events (reconnect or version gap) to exactly the server’s state', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 8 });
    const [a, b] = [await createUser(), await createUser()];
    const viewer = await client();
    const first = await join(viewer, showtime.id);
    const live = new LiveSeatMap(first.snapshot);
    viewer.disconnect();

    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id, seats[1]!.id] },
      token: await bearerFor(a),
    });
    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[4]!.id, seats[5]!.id] },
      token: await bearerFor(b),
    });

    const back = await client();
    const again = await join(back, showtime.id);
    // Both holds were in row A (index 0).
    expect(again.snapshot.versions['0']).toBe((first.snapshot.versions['0'] ?? 0) + 2);
    live.reset(again.snapshot);
    expect([...live.states].filter(([, s]) => s === 'held')).toHaveLength(4);

    // A delta that skips a version of its row is not applied: the viewer resyncs instead. Each
    // delta is waited for by its seats: a late delta of the holds before the join (published after
    // their commit, so possibly after it) would otherwise be taken for the missed one.
    const about = (seatId: string) => (b: SeatEventBatch) =>
      b.events.some((e) => 'seatIds' in e && e.seatIds.includes(seatId));
    const skipped = nextDelta(back, about(seats[8]!.id));
    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[8]!.id, seats[9]!.id] },
      token: await bearerFor(await createUser()),
    });
    const missed = await skipped;
    const afterGap = nextDelta(back, about(seats[12]!.id));
    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[12]!.id, seats[13]!.id] },
      token: await bearerFor(await createUser()),
    });
    expect(live.apply(await afterGap)).toBe('gap');
    const sync = (await back.emitWithAck('seats:sync', { showtimeId: showtime.id })) as SyncAck;
    if (!sync.ok) throw new Error(sync.error.message);
    live.reset(sync.snapshot);
    expect(live.versions['1']).toBe((missed.versions['1'] ?? 0) + 1);
    expect(live.apply(missed)).toBe('stale');
    expect([...live.states].filter(([, s]) => s === 'held')).toHaveLength(8);
  });

  // Rows are versioned apart, so that holds in different rows never wait for each other: a
  // batch missed in one row must not hide another row's next batch, nor pass unnoticed in its own.
  it('applies each row’s deltas in order and notices a gap in one row while other rows move on', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 3, cols: 6 });
    const viewer = await client();
    const { snapshot } = await join(viewer, showtime.id);
    const live = new LiveSeatMap(snapshot);
    const hold = async (seatIds: string[]) => {
      const delta = nextDelta(viewer);
      const r = await call(holdSeatsOp, {
        method: 'POST',
        params: { id: showtime.id },
        body: { seatIds },
        token: await bearerFor(await createUser()),
      });
      expect(r.status).toBe(201);
      return delta;
    };
    const rowB = await hold([seats[6]!.id, seats[7]!.id]); // row B (index 1), missed below
    const rowA = await hold([seats[0]!.id, seats[1]!.id]);
    expect(rowA.versions).toEqual({ '0': 1 });
    expect(live.apply(rowA)).toBe('applied');
    const rowBAgain = await hold([seats[10]!.id, seats[11]!.id]);
    expect(rowBAgain.versions).toEqual({ '1': 2 });
    expect(live.apply(rowBAgain)).toBe('gap');
    expect(live.apply(rowB)).toBe('applied');
    expect(live.apply(rowBAgain)).toBe('applied');
    expect(live.apply(rowA)).toBe('stale');
    const sync = (await viewer.emitWithAck('seats:sync', { showtimeId: showtime.id })) as SyncAck;
    if (!sync.ok) throw new Error(sync.error.message);
    expect(sync.snapshot.versions).toEqual(live.versions);
    expect(new Map(sync.snapshot.seats.map((s) => [s.id, s.state]))).toEqual(live.states);
  });

  it('knows a socket by its session cookie or bearer token, never by a forged one, and lets anyone watch', async () => {
    const { showtime, seats } = await createBookableShowtime();
    const holder = await createUser();
    const token = await bearerFor(holder);
    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id] },
      token,
    });
    const forgedToken = await encode({
      token: { sub: holder.id, role: 'ADMIN', sv: 0 },
      secret: 'another-secret-0123456789abcdef012345',
    });
    const mine = async (socket: Socket) => {
      const { snapshot } = await join(socket, showtime.id);
      expect(snapshot.seats.find((s) => s.id === seats[0]!.id)?.state).toBe('held');
      return { myHold: snapshot.myHold?.seatIds ?? null, mine: snapshot.seats.filter((s) => s.mine).length };
    };
    // Anonymous and forged sockets watch the same seats, but nothing is theirs.
    expect(await mine(await client())).toEqual({ myHold: null, mine: 0 });
    expect(await mine(await client({ cookie: `next-auth.session-token=${forgedToken}` }))).toEqual({
      myHold: null,
      mine: 0,
    });
    // The web session cookie (what a browser sends) and a bearer token (API clients) both work.
    expect(await mine(await client({ cookie: `next-auth.session-token=${token}` }))).toEqual({
      myHold: [seats[0]!.id],
      mine: 1,
    });
    expect(await mine(await client({ token }))).toEqual({ myHold: [seats[0]!.id], mine: 1 });
  });

  it('rejects malformed, oversized and flooding messages without disturbing other sockets', async () => {
    const { showtime, seats } = await createBookableShowtime();
    const good = await client();
    await join(good, showtime.id);
    const bad = await client({ token: await bearerFor(await createUser()) });
    expect(await bad.emitWithAck('seats:join', { showtimeId: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION_FAILED' },
    });
    // Holding is REST's (or a server action's): the socket has no such event, and no answer.
    await expect(
      bad.timeout(500).emitWithAck('seats:hold', { showtimeId: showtime.id, seatIds: [seats[1]!.id] }),
    ).rejects.toThrow(/timed out/);
    bad.emit('seats:join', null); // no ack: silently dropped

    const limited = await client();
    const replies = await Promise.all(
      Array.from(
        { length: 40 },
        () => limited.emitWithAck('seats:sync', { showtimeId: showtime.id }) as Promise<SyncAck>,
      ),
    );
    expect(replies.filter((r) => !r.ok && r.error.code === 'RATE_LIMITED').length).toBeGreaterThan(10);

    const closed = new Promise<string>((r) => bad.once('disconnect', r));
    bad.emit('seats:join', { showtimeId: showtime.id, padding: 'x'.repeat(64 * 1024) });
    expect(await closed).toMatch(/transport/);

    const still = nextDelta(good);
    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id] },
      token: await bearerFor(await createUser()),
    });
    expect((await still).events[0]?.type).toBe('seat.held');
  });

  it('tells viewers how many people are watching', async () => {
    const { showtime } = await createBookableShowtime();
    const first = await client();
    const counted = new Promise<Presence>((resolve) =>
      first.on('seats:presence', (p: Presence) => p.viewers === 3 && resolve(p)),
    );
    await join(first, showtime.id);
    const second = await client();
    await join(second, showtime.id);
    const third = await join(await client({ base: childUrl }), showtime.id);
    expect(third.viewers).toBeGreaterThanOrEqual(2);
    expect(await counted).toEqual({ showtimeId: showtime.id, viewers: 3 });
  });

  it('carries holds across two server instances sharing PostgreSQL', async () => {
    const { showtime, seats } = await createBookableShowtime();
    const here = await client();
    const there = await client({ base: childUrl });
    await join(here, showtime.id);
    const { snapshot } = await join(there, showtime.id);

    const arrivesThere = nextDelta(there);
    const seenHere = nextDelta(here);
    await call(holdSeatsOp, {
      method: 'POST',
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id] },
      token: await bearerFor(await createUser()),
    });
    expect((await arrivesThere).versions).toEqual({ '0': (snapshot.versions['0'] ?? 0) + 1 });
    await seenHere;

    // A hold made on the other instance (its REST API) reaches this instance's viewers.
    const arrivesHere = nextDelta(here);
    const held = await fetch(`${childUrl}/api/v1/showtimes/${showtime.id}/holds`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await bearerFor(await createUser())}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ seatIds: [seats[3]!.id] }),
    });
    expect(held.status).toBe(201);
    const d = await arrivesHere;
    expect(d.versions).toEqual({ '0': (snapshot.versions['0'] ?? 0) + 2 });
    expect(d.events[0]).toMatchObject({ type: 'seat.held', seatIds: [seats[3]!.id] });
  });

  it('a seat map another instance serves from its snapshot follows changes made here at once', async () => {
    const { showtime, seats } = await createBookableShowtime();
    const mapThere = async () => {
      const res = await fetch(`${childUrl}/api/v1/showtimes/${showtime.id}/seats`);
      return (await res.json()) as {
        seats: { id: string; state: string }[];
        prices: { category: string; priceMinor: number }[];
      };
    };
    // Polls the other instance until it shows what is true. Its snapshot would otherwise live
    // up to 5 s (get-seat-map.ts MAX_AGE_MS): 2 s tells the cluster's message from that.
    const eventually = async (ok: (m: Awaited<ReturnType<typeof mapThere>>) => boolean) => {
      const deadline = Date.now() + 2_000;
      for (;;) {
        if (ok(await mapThere())) return true;
        if (Date.now() > deadline) return false;
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    expect((await mapThere()).seats.find((s) => s.id === seats[0]!.id)?.state).toBe('available');

    await call(holdSeatsOp, {
      params: { id: showtime.id },
      body: { seatIds: [seats[0]!.id] },
      token: await bearerFor(await createUser()),
    });
    expect(await eventually((m) => m.seats.find((s) => s.id === seats[0]!.id)?.state === 'held')).toBe(true);

    // An operator's price change made here: the other instance's copies forget the old price.
    const standard = (await mapThere()).prices.find((p) => p.category === 'STANDARD');
    await db().showtimePrice.updateMany({
      where: { showtimeId: showtime.id, category: 'STANDARD' },
      data: { priceMinor: (standard?.priceMinor ?? 0) + 1_000 },
    });
    publishCatalogChange({ showtimeIds: [showtime.id] });
    expect(
      await eventually(
        (m) =>
          m.prices.find((p) => p.category === 'STANDARD')?.priceMinor === (standard?.priceMinor ?? 0) + 1_000,
      ),
    ).toBe(true);
  });
});
