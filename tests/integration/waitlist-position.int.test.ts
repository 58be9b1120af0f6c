import type { Socket } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import type { WaitlistPosition, WaitlistWatchAck } from '@/lib/realtime-protocol';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';
import { deleteAccount } from '@/server/account/delete-account';
import { db } from '@/server/db';
import { joinWaitlist } from '@/server/waitlist/join-waitlist';
import { leaveWaitlist } from '@/server/waitlist/leave-waitlist';
import { renumberWaitlist } from '@/server/waitlist/renumber-waitlist';
import { watchFreedSeats } from '@/server/waitlist/waitlist-triggers';
import { createAccount } from '../support/accounts';
import { bearerFor } from '../support/api';
import { createUser } from '../support/factories';
import { latencyOnBothInstances, twoInstances } from '../support/realtime-cluster';
import { soldOutRowOfFour } from '../support/waitlist';

// A waiting customer's place in line, pushed live over the seat map's socket (namespace /seats):
// real Socket.IO here with the PostgreSQL adapter, a second instance in a child process serving
// the REST API and Socket.IO (the waitlist offers test's set-up), real clients signed in as
// customers. Someone ahead leaves (through the other instance's REST API) or is offered seats:
// each waiter whose place moved hears their own new place, once, and nobody else hears anything.

const instances = twoInstances({ alsoHere: () => watchFreedSeats() });

type Customer = { id: string; email: string | null };

async function page(customer: Customer | null, showtimeId: string, base = instances.url) {
  const socket = await instances.client({ base, token: customer ? await bearerFor(customer) : null });
  const watched = (await socket.emitWithAck('waitlist:watch', { showtimeId })) as WaitlistWatchAck;
  const heard: { place: WaitlistPosition; at: number }[] = [];
  socket.on('waitlist:position', (place: WaitlistPosition) => heard.push({ place, at: performance.now() }));
  const offers: WaitlistEntryView[] = [];
  socket.on('waitlist:offer', (entry: WaitlistEntryView) => offers.push(entry));
  return { socket, watched, heard, offers, places: () => heard.map((h) => h.place) };
}

function nextPosition(socket: Socket, ms = 5_000): Promise<{ place: WaitlistPosition; at: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no waitlist position within ${ms} ms`)), ms);
    socket.once('waitlist:position', (place: WaitlistPosition) => {
      clearTimeout(timer);
      resolve({ place, at: performance.now() });
    });
  });
}

/** Long enough for a misdirected or repeated push to arrive (the numbering waits 100 ms). */
const quietly = () => new Promise((r) => setTimeout(r, 600));

/**
 * A sold-out row of four (two strangers holding two seats each) and `waiters` customers in line
 * for two seats each, in that order.
 */
async function soldOutLine(waiters: number) {
  const row = await soldOutRowOfFour();
  const line: { customer: Customer; entry: WaitlistEntryView }[] = [];
  for (let i = 0; i < waiters; i++) {
    const customer = await createUser();
    line.push({
      customer,
      entry: await joinWaitlist({ userId: customer.id, showtimeId: row.showtimeId, seats: 2 }),
    });
  }
  return { showtimeId: row.showtimeId, line, releasePair: row.releasePair };
}

/** The customer leaves through the REST API of the second instance, as their app would. */
async function leaveThere(customer: Customer, showtimeId: string): Promise<void> {
  const res = await fetch(`${instances.childUrl}/api/v1/showtimes/${showtimeId}/waitlist`, {
    method: 'DELETE',
    headers: { authorization: `Bearer ${await bearerFor(customer)}` },
  });
  expect(res.status).toBe(204);
}

describe('a waiting customer’s place in line, pushed', () => {
  it('when the first of three leaves, the second and third hear 1 and 2, each their own, on either instance', async () => {
    const s = await soldOutLine(3);
    const [first, second_, third] = s.line as [(typeof s.line)[0], (typeof s.line)[0], (typeof s.line)[0]];
    const p1 = await page(first.customer, s.showtimeId);
    const p2 = await page(second_.customer, s.showtimeId);
    // The third waiter's page is connected to the other instance.
    const p3 = await page(third.customer, s.showtimeId, instances.childUrl);
    expect([p1, p2, p3].map((p) => p.watched)).toMatchObject([
      { ok: true, entry: { position: 1 } },
      { ok: true, entry: { position: 2 } },
      { ok: true, entry: { position: 3 } },
    ]);
    // Nobody else hears a place: a signed-in customer on the same page who is not in line, an
    // anonymous viewer (refused the watch), and a waiter of another showtime's line, who is also
    // following this one.
    const outsider = await page(await createUser(), s.showtimeId);
    const anonymous = await page(null, s.showtimeId);
    expect(anonymous.watched).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const elsewhere = await soldOutLine(2);
    const otherLine = await page(elsewhere.line[1]!.customer, elsewhere.showtimeId);
    const otherLineHere = await page(elsewhere.line[1]!.customer, s.showtimeId, instances.childUrl);

    const heard2 = nextPosition(p2.socket);
    const heard3 = nextPosition(p3.socket);
    const started = performance.now();
    await leaveThere(first.customer, s.showtimeId);
    const [at2, at3] = [(await heard2).at, (await heard3).at];
    await quietly();

    expect(p2.places()).toEqual([{ showtimeId: s.showtimeId, entryId: second_.entry.id, position: 1 }]);
    expect(p3.places()).toEqual([{ showtimeId: s.showtimeId, entryId: third.entry.id, position: 2 }]);
    for (const p of [p1, outsider, anonymous, otherLine, otherLineHere]) expect(p.places()).toEqual([]);
    // What was pushed is what the page reads on its next connect.
    const again = await page(third.customer, s.showtimeId);
    expect(again.watched).toMatchObject({ ok: true, entry: { id: third.entry.id, position: 2 } });
    console.log(
      `waitlist place: DELETE on the other instance → pushed place on the client: ${(at2 - started).toFixed(0)} ms (page here), ${(at3 - started).toFixed(0)} ms (page there)`,
    );

    // Someone joining at the back moves nobody: nobody hears anything.
    const fourth = await createUser();
    const joined = await joinWaitlist({ userId: fourth.id, showtimeId: s.showtimeId, seats: 2 });
    expect(joined.position).toBe(3);
    await leaveWaitlist({ userId: elsewhere.line[0]!.customer.id, showtimeId: elsewhere.showtimeId });
    expect((await nextPosition(otherLine.socket)).place).toEqual({
      showtimeId: elsewhere.showtimeId,
      entryId: elsewhere.line[1]!.entry.id,
      position: 1,
    });
    await quietly();
    expect(p2.places()).toHaveLength(1);
    expect(p3.places()).toHaveLength(1);
    expect(otherLineHere.places()).toEqual([]);
    // Each waiter was told their current place: numbering the line again finds nothing to say.
    expect(await renumberWaitlist({ showtimeId: s.showtimeId })).toEqual([]);
  });

  it('when the first in line is offered seats, those behind move up; a burst of leaves tells each once', async () => {
    const s = await soldOutLine(5);
    const pages = await Promise.all(
      s.line.map((w, i) => page(w.customer, s.showtimeId, i % 2 ? instances.childUrl : instances.url)),
    );

    // Seats come free: the first waiter is offered them (and hears the offer, not a place).
    const offered = new Promise<void>((resolve) => pages[0]!.socket.once('waitlist:offer', () => resolve()));
    const moved = nextPosition(pages[4]!.socket);
    await s.releasePair();
    await offered;
    expect((await moved).place).toMatchObject({ entryId: s.line[4]!.entry.id, position: 4 });
    await quietly();
    expect(pages.map((p) => p.places().map((x) => x.position))).toEqual([[], [1], [2], [3], [4]]);
    expect(pages[0]!.offers).toHaveLength(1);

    // Three leave at once (the first in line among them): every waiter left hears only places
    // that differ from the last one they heard, and ends at their true place.
    const last = nextPosition(pages[4]!.socket);
    await Promise.all(
      [1, 2, 3].map((i) => leaveWaitlist({ userId: s.line[i]!.customer.id, showtimeId: s.showtimeId })),
    );
    expect((await last).place.position).toBeLessThan(4);
    await quietly();
    const told = pages[4]!.places().map((x) => x.position);
    expect(told.at(-1)).toBe(1);
    expect(told.every((p, i) => i === 0 || p !== told[i - 1])).toBe(true);
    // The one who was first in line had nowhere to move up to.
    expect(pages[1]!.places()).toHaveLength(1);
    const row = await db().waitlistEntry.findUniqueOrThrow({ where: { id: s.line[4]!.entry.id } });
    expect(row.toldPosition).toBe(1);
  });

  it('when a waiter ahead deletes their account, the one behind moves up', async () => {
    const s = await soldOutLine(0);
    const ahead = await createAccount();
    await joinWaitlist({ userId: ahead.id, showtimeId: s.showtimeId, seats: 2 });
    const behind = await createUser();
    const entry = await joinWaitlist({ userId: behind.id, showtimeId: s.showtimeId, seats: 2 });
    const p = await page(behind, s.showtimeId, instances.childUrl);
    expect(p.watched).toMatchObject({ ok: true, entry: { position: 2 } });
    const moved = nextPosition(p.socket);
    await deleteAccount({ viewer: ahead, password: ahead.password });
    expect((await moved).place).toEqual({ showtimeId: s.showtimeId, entryId: entry.id, position: 1 });
  });

  it('measures leave → new place on the client (5 rounds, this instance and the other)', async () => {
    // Printed for the report; 100 ms of it is the numbering's debounce (renumber-waitlist.ts).
    const p50s = await latencyOnBothInstances(instances, 'waitlist place latency', async (base) => {
      const s = await soldOutLine(2);
      const p = await page(s.line[1]!.customer, s.showtimeId, base);
      const heard = nextPosition(p.socket);
      const started = performance.now();
      await leaveWaitlist({ userId: s.line[0]!.customer.id, showtimeId: s.showtimeId });
      const { place, at } = await heard;
      expect(place.position).toBe(1);
      return at - started;
    });
    for (const { p50 } of p50s) expect(p50).toBeLessThan(1_500);
  }, 60_000);
});
