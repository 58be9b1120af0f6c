import { createHash, randomUUID } from 'node:crypto';
import { ZXING_WASM_SHA256, ZXING_WASM_VERSION } from 'barcode-detector/ponyfill';
import { describe, expect, it } from 'vitest';
import { checkInOffline } from '@/lib/offline-check-in';
import type { OfflineDoorList, SyncCheckInsResult } from '@/lib/schemas/check-in';
import {
  checkInTicketOp,
  getOfflineDoorListOp,
  getScannerWasmOp,
  syncOfflineCheckInsOp,
} from '@/server/api/operations/tickets';
import { db } from '@/server/db';
import { scannerWasm } from '@/server/tickets/scanner-wasm';
import { bearerFor, call, strongBearerFor } from '../support/api';
import { book } from '../support/bookings';
import { createBookableShowtime, createUser } from '../support/factories';

// Offline check-in: a door device downloads a show's tickets, admits people while the network is
// down, and syncs later; the server decides (first check-in wins, a second door's scan of the same
// ticket is a conflict, a cancelled ticket is refused, another cinema's show is not the caller's).

async function show(seats = 4) {
  const world = await createBookableShowtime({ startsAt: new Date(Date.now() + 30 * 60_000) });
  const booking = await book({
    showtimeId: world.showtime.id,
    seatIds: world.seats.slice(0, seats).map((s) => s.id),
  });
  const staff = await createUser({ role: 'STAFF' });
  await db().cinemaStaff.create({
    data: { userId: staff.id, cinemaId: world.screen.cinemaId, role: 'STAFF' },
  });
  return { world, booking, staff, token: await bearerFor(staff) };
}

const scan = (qr: string, door: string, scannedAt: Date) => ({
  id: randomUUID(),
  qr,
  door,
  scannedAt: scannedAt.toISOString(),
});

const sync = (token: string, showtimeId: string, scans: ReturnType<typeof scan>[]) =>
  call(syncOfflineCheckInsOp, { method: 'POST', token, params: { id: showtimeId }, body: { scans } });

describe('offline check-in', () => {
  it('downloads what the door needs, without addresses or the signing key', async () => {
    const { world, booking, token, staff } = await show(2);
    const r = await call(getOfflineDoorListOp, { token, params: { id: world.showtime.id } });
    expect(r.status).toBe(200);
    const list = r.body as { tickets: Record<string, unknown>[]; showtime: { doorsOpenAt: string } };
    expect(list.tickets.map((t) => t.ticketId).sort()).toEqual(booking.tickets.map((t) => t.id).sort());
    expect(list.tickets[0]).toMatchObject({ code: expect.stringMatching(/^MQ-/), status: 'VALID' });
    expect(JSON.stringify(list)).not.toContain('@');
    expect(Object.keys(list.tickets[0]!).sort()).toEqual(
      ['checkedInAt', 'code', 'customer', 'door', 'reference', 'seat', 'status', 'ticketId'].sort(),
    );
    expect(Date.parse(world.showtime.startsAt.toISOString()) - Date.parse(list.showtime.doorsOpenAt)).toBe(
      90 * 60_000,
    );
    const audit = await db().auditLog.findFirst({
      where: { action: 'door-list.downloaded', entityId: world.showtime.id, actorId: staff.id },
    });
    expect(audit).not.toBeNull();

    // Staff of another cinema get nothing.
    const elsewhere = await createUser({ role: 'STAFF' });
    const other = await createBookableShowtime({});
    await db().cinemaStaff.create({
      data: { userId: elsewhere.id, cinemaId: other.screen.cinemaId, role: 'STAFF' },
    });
    const refused = await call(getOfflineDoorListOp, {
      token: await bearerFor(elsewhere),
      params: { id: world.showtime.id },
    });
    expect(refused.status).toBe(403);
  });

  it('lets the first check-in win and reports the second door’s scan as a conflict', async () => {
    const { world, booking, token } = await show(3);
    const [a, b, c] = booking.tickets;
    const t0 = new Date(Date.now() - 5 * 60_000);
    // Door 1's device, offline: A and B.
    const door1 = [scan(a!.qr, 'Door 1', t0), scan(b!.qr, 'Door 1', new Date(t0.getTime() + 60_000))];
    // Door 2's device, offline too, admitted A again a minute later (a copied ticket), and C.
    const door2 = [
      scan(a!.qr, 'Door 2', new Date(t0.getTime() + 120_000)),
      scan(`${booking.reference}-${c!.seat.label}`, 'Door 2', new Date(t0.getTime() + 130_000)),
    ];
    const first = await sync(token, world.showtime.id, door1);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ admitted: 2, conflicts: 0, refused: 0 });

    const second = await sync(token, world.showtime.id, door2);
    expect(second.status).toBe(200);
    const body = second.body as SyncCheckInsResult;
    expect(body).toMatchObject({ admitted: 1, conflicts: 1, refused: 0 });
    expect(body.results[0]).toMatchObject({
      id: door2[0]!.id,
      outcome: 'conflict',
      seat: a!.seat.label,
      door: 'Door 1',
      checkedInAt: t0.toISOString(),
    });
    expect(body.results[0]!.message).toMatch(
      /came in twice: scanned by Door 2 at .*, but already used at .* by Door 1/,
    );

    // The ticket keeps its first check-in: the time it was scanned at Door 1, not the sync's.
    const ta = await db().ticket.findUniqueOrThrow({ where: { id: a!.id } });
    expect(ta).toMatchObject({ status: 'CHECKED_IN', checkedInDoor: 'Door 1' });
    expect(ta.checkedInAt?.toISOString()).toBe(t0.toISOString());
    const tc = await db().ticket.findUniqueOrThrow({ where: { id: c!.id } });
    expect(tc).toMatchObject({ status: 'CHECKED_IN', checkedInDoor: 'Door 2' });
    const audits = await db().auditLog.findMany({
      where: { action: 'ticket.check-in', entityId: { in: [a!.id, b!.id, c!.id] } },
      select: { after: true },
    });
    expect(audits).toHaveLength(3);
    expect(audits.every((x) => (x.after as { offline?: boolean }).offline === true)).toBe(true);

    // Door 1's sync sent again (its answer was lost): the same outcome, nothing twice.
    const again = await sync(token, world.showtime.id, door1);
    expect(again.body).toMatchObject({ admitted: 2, conflicts: 0 });
    expect(await db().auditLog.count({ where: { action: 'ticket.check-in', entityId: a!.id } })).toBe(1);

    // An online scan after the sync says when and where it came in.
    const online = await call(checkInTicketOp, { method: 'POST', token, body: { qr: b!.qr } });
    expect(online.status).toBe(409);
    expect(JSON.stringify(online.body)).toContain('by Door 1');
  });

  it('refuses a cancelled ticket, another show’s ticket and a forged code, and orders scans by time', async () => {
    const { world, booking, token } = await show(3);
    const [a, b, c] = booking.tickets;
    await db().ticket.update({ where: { id: b!.id }, data: { status: 'CANCELLED' } });
    await db().seatClaim.updateMany({
      where: { tickets: { some: { id: b!.id } } },
      data: { state: 'CANCELLED' },
    });
    const other = await show(1);
    const now = Date.now();
    const forged = `${a!.qr.slice(0, -3)}${a!.qr.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    const scans = [
      // Sent out of order: the later scan of C (Door 4) loses to the earlier one (Door 3).
      scan(c!.qr, 'Door 4', new Date(now - 60_000)),
      scan(c!.qr, 'Door 3', new Date(now - 120_000)),
      scan(b!.qr, 'Door 3', new Date(now - 100_000)),
      scan(other.booking.tickets[0]!.qr, 'Door 3', new Date(now - 90_000)),
      scan(forged, 'Door 3', new Date(now - 80_000)),
      // A device clock ahead of the server's: taken as now.
      scan(a!.qr, 'Door 3', new Date(now + 3_600_000)),
    ];
    const r = await sync(token, world.showtime.id, scans);
    expect(r.status).toBe(200);
    const body = r.body as SyncCheckInsResult;
    expect(body.results.map((x) => x.outcome)).toEqual([
      'conflict',
      'admitted',
      'refused',
      'refused',
      'refused',
      'admitted',
    ]);
    expect(body.results[2]).toMatchObject({ reason: 'cancelled', seat: b!.seat.label });
    expect(body.results[2]!.message).toContain('cancelled');
    expect(body.results[3]!.message).toBe('Not a ticket for this show.');
    expect(body.results[4]!.message).toContain('not issued by Marquee');
    expect((await db().ticket.findUniqueOrThrow({ where: { id: c!.id } })).checkedInDoor).toBe('Door 3');
    expect((await db().ticket.findUniqueOrThrow({ where: { id: b!.id } })).status).toBe('CANCELLED');
    expect(
      (await db().ticket.findUniqueOrThrow({ where: { id: other.booking.tickets[0]!.id } })).status,
    ).toBe('VALID');
    const ta = await db().ticket.findUniqueOrThrow({ where: { id: a!.id } });
    expect(ta.checkedInAt!.getTime()).toBeLessThanOrEqual(Date.now());
  });

  it('is scoped to the show’s cinema: another cinema’s staff check nothing in', async () => {
    const { world, booking } = await show(1);
    const other = await show(1);
    const r = await sync(other.token, world.showtime.id, [
      scan(booking.tickets[0]!.qr, 'Door 1', new Date()),
    ]);
    expect(r.status).toBe(403);
    expect((await db().ticket.findUniqueOrThrow({ where: { id: booking.tickets[0]!.id } })).status).toBe(
      'VALID',
    );
    // Managers need their second factor, as for check-in.
    const manager = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.create({
      data: { userId: manager.id, cinemaId: world.screen.cinemaId, role: 'MANAGER' },
    });
    const weak = await sync(await bearerFor(manager), world.showtime.id, [
      scan(booking.tickets[0]!.qr, 'Door 1', new Date()),
    ]);
    expect(weak.status).toBe(403);
    const strong = await sync(await strongBearerFor(manager), world.showtime.id, [
      scan(booking.tickets[0]!.qr, 'Door 1', new Date()),
    ]);
    expect(strong.body).toMatchObject({ admitted: 1 });
  });

  it('judges offline as the server does, from the downloaded list', async () => {
    const { world, booking, token } = await show(2);
    const list = (await call(getOfflineDoorListOp, { token, params: { id: world.showtime.id } }))
      .body as OfflineDoorList;
    const [a, b] = booking.tickets;
    const now = new Date();
    const judge = (input: string, lists = [list]) => checkInOffline({ lists, input, now });
    expect(judge(a!.qr)).toMatchObject({ ok: true, ticket: { ticketId: a!.id } });
    // Typed as people copy it (lower case, O for 0), and by reference and seat.
    const typed = `${booking.reference.toLowerCase().replace(/0/g, 'o')} ${b!.seat.label}`;
    expect(judge(typed)).toMatchObject({ ok: true, ticket: { ticketId: b!.id } });
    // Once in, the same ticket is already used; a ticket not on the list is not admitted offline.
    const server = await call(checkInTicketOp, {
      method: 'POST',
      token,
      body: { qr: a!.qr, door: 'Door 7' },
    });
    expect(server.status).toBe(200);
    const fresh = (await call(getOfflineDoorListOp, { token, params: { id: world.showtime.id } }))
      .body as OfflineDoorList;
    const used = judge(a!.qr, [fresh]);
    expect(used).toMatchObject({ ok: false, reason: 'already-used' });
    expect(used.text).toMatch(/^Already used at .* by Door 7, seat /);
    const stranger = await show(1);
    expect(judge(stranger.booking.tickets[0]!.qr, [fresh])).toMatchObject({ ok: false, reason: 'unknown' });
    // Before the doors open.
    const early = checkInOffline({ lists: [fresh], input: b!.qr, now: new Date(Date.now() - 2 * 3_600_000) });
    expect(early).toMatchObject({ ok: false, reason: 'too-early' });
  });

  it('serves the QR reader the client was built with, from this origin', async () => {
    const file = `zxing_reader-${ZXING_WASM_VERSION}.wasm`;
    expect(scannerWasm().file).toBe(file);
    const r = await call(getScannerWasmOp, { params: { file } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/wasm');
    expect(r.headers.get('cache-control')).toContain('immutable');
    expect(createHash('sha256').update(scannerWasm().bytes).digest('hex')).toBe(ZXING_WASM_SHA256);
    expect((await call(getScannerWasmOp, { params: { file: 'zxing_reader-0.0.1.wasm' } })).status).toBe(404);
  });
});
