import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { getSeatMapOp } from '@/server/api/operations/showtimes';
import { apiRouter } from '@/server/api/router';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { holdSeats } from '@/server/booking/hold-seats';
import { releaseHold } from '@/server/booking/release-hold';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { bearerFor, call } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';

// The seat map is one shared snapshot per change of the showtime's seats (get-seat-map.ts).
// These tests check what a viewer would notice if it were shared wrongly: a stale seat, another
// person's seats marked as theirs, a 304 for a map that changed, a price that did not move.

type Map = { seats: { id: string; state: string; mine: boolean }[]; myHold: { seatIds: string[] } | null };
const stateOf = (map: Map, seatId: string) => map.seats.find((s) => s.id === seatId)?.state;

describe('the seat map snapshot', () => {
  it('answers 304 to its own ETag until a seat changes, then the new map with a new ETag', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 6 });
    const params = { id: showtime.id };
    const first = await call(getSeatMapOp, { params });
    const etag = first.headers.get('etag');
    expect(first.status).toBe(200);
    expect(etag).toMatch(/^W\/".+"$/);
    expect(first.headers.get('cache-control')).toBe('private, no-cache');

    const same = await call(getSeatMapOp, { params, headers: { 'if-none-match': etag ?? '' } });
    expect([same.status, same.body, same.headers.get('etag')]).toEqual([304, null, etag]);
    // Another tag, or a list that does not name it: the full answer.
    const other = await call(getSeatMapOp, { params, headers: { 'if-none-match': 'W/"nope", "x"' } });
    expect(other.status).toBe(200);

    const user = await createUser();
    await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const after = await call(getSeatMapOp, { params, headers: { 'if-none-match': etag ?? '' } });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(stateOf(after.body as Map, seats[0]!.id)).toBe('held');
  });

  it('gzips the shared map once for clients that accept it; a personal map goes as is', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 6 });
    const { app } = await apiRouter();
    const url = `/api/v1/showtimes/${showtime.id}/seats`;
    const plain = await app.inject({ method: 'GET', url });
    const zipped = await app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, br' } });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.headers.etag).toBe(plain.headers.etag);
    expect(gunzipSync(zipped.rawPayload).toString()).toBe(plain.body);
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length / 3);
    const revalidated = await app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip', 'if-none-match': String(plain.headers.etag) },
    });
    expect([revalidated.statusCode, revalidated.headers['content-encoding']]).toEqual([304, undefined]);

    const user = await createUser();
    await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const mine = await app.inject({
      method: 'GET',
      url,
      headers: { 'accept-encoding': 'gzip', authorization: `Bearer ${await bearerFor(user)}` },
    });
    expect(mine.headers['content-encoding']).toBeUndefined();
    expect(JSON.parse(mine.body).myHold.seatIds).toEqual([seats[0]!.id]);
  });

  it('shares one build between concurrent readers, and never serves a map older than a published change', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 6 });
    const views = await Promise.all(Array.from({ length: 40 }, () => getSeatMap(showtime.id)));
    expect(new Set(views.map((v) => v.map)).size).toBe(1);

    const user = await createUser();
    // From the end of the row, so no selection strands a single seat.
    for (let i = 1; i <= 4; i++) {
      const chosen = seats.slice(0, i).map((s) => s.id);
      const hold = await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: chosen });
      const held = await getSeatMap(showtime.id);
      expect(chosen.map((id) => stateOf(held.map, id))).toEqual(chosen.map(() => 'held'));
      await releaseHold({ userId: user.id, holdId: hold.holdId });
      const released = await getSeatMap(showtime.id);
      expect(chosen.map((id) => stateOf(released.map, id))).toEqual(chosen.map(() => 'available'));
    }
  });

  it('marks only the viewer’s own seats; everyone else gets the anonymous bytes', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 6 });
    const [alice, bob] = [await createUser(), await createUser()];
    const aliceSeats = [seats[2]!.id, seats[3]!.id];
    const hold = await holdSeats({
      userId: alice.id,
      showtimeId: showtime.id,
      seatIds: aliceSeats,
    });

    const anonymous = await call(getSeatMapOp, { params: { id: showtime.id } });
    const asBob = await call(getSeatMapOp, { params: { id: showtime.id }, token: await bearerFor(bob) });
    const asAlice = await call(getSeatMapOp, { params: { id: showtime.id }, token: await bearerFor(alice) });
    expect(asBob.headers.get('etag')).toBe(anonymous.headers.get('etag'));
    expect((asBob.body as Map).seats.some((s) => s.mine)).toBe(false);
    expect((asBob.body as Map).myHold).toBeNull();
    expect(asAlice.headers.get('etag')).not.toBe(anonymous.headers.get('etag'));
    expect((asAlice.body as Map).seats.filter((s) => s.mine).map((s) => s.id)).toEqual([
      seats[2]!.id,
      seats[3]!.id,
    ]);
    expect((asAlice.body as Map).myHold?.seatIds.sort()).toEqual([...aliceSeats].sort());
    // Bob's conditional request with Alice's tag is not answered 304.
    const crossed = await call(getSeatMapOp, {
      params: { id: showtime.id },
      token: await bearerFor(bob),
      headers: { 'if-none-match': asAlice.headers.get('etag') ?? '' },
    });
    expect(crossed.status).toBe(200);
    expect(hold.holdId).toBeTruthy();
  });

  it('shows a held seat as available once its hold runs out, before any sweep', async () => {
    const { showtime, seats } = await createBookableShowtime({ rows: 2, cols: 6 });
    const user = await createUser();
    const hold = await holdSeats({ userId: user.id, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    // The hold ends in 600 ms (as if it had been made 8 minutes ago), before the snapshot is built.
    await db()
      .$executeRaw`UPDATE seat_holds SET expires_at = now() + interval '600 milliseconds' WHERE id = ${hold.holdId}::uuid`;
    await db()
      .$executeRaw`UPDATE seat_claims SET expires_at = now() + interval '600 milliseconds' WHERE hold_id = ${hold.holdId}::uuid`;
    publishCatalogChange({ showtimeIds: [showtime.id] });
    expect(stateOf((await getSeatMap(showtime.id)).map, seats[0]!.id)).toBe('held');
    await new Promise((r) => setTimeout(r, 800));
    expect(stateOf((await getSeatMap(showtime.id)).map, seats[0]!.id)).toBe('available');
  });

  it('follows a price change published for the showtime, its cinema or its film', async () => {
    const { showtime, screen } = await createBookableShowtime({ rows: 1, cols: 4 });
    const priceOf = async () =>
      (await getSeatMap(showtime.id)).map.prices.find((p) => p.category === 'STANDARD');
    const before = await priceOf();
    await db().showtimePrice.updateMany({
      where: { showtimeId: showtime.id, category: 'STANDARD' },
      data: { priceMinor: (before?.priceMinor ?? 0) + 5_000 },
    });
    expect(await priceOf()).toEqual(before);
    publishCatalogChange({ cinemaIds: [screen.cinemaId] });
    expect((await priceOf())?.priceMinor).toBe((before?.priceMinor ?? 0) + 5_000);
  });
});
