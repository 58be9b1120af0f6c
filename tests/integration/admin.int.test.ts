import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { getDashboard } from '@/server/admin/get-dashboard';
import { listAuditLog } from '@/server/admin/list-audit-log';
import { checkInTicketOp, getShowtimeManifestOp } from '@/server/api/operations/tickets';
import type { Viewer } from '@/server/auth/session';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { bookingReference } from '@/server/tickets/booking-reference';
import { signTicketQr } from '@/server/tickets/ticket-qr';
import { bearerFor, call, strongBearerFor } from '../support/api';
import { createBookableShowtime, createUser } from '../support/factories';

const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

async function soldTicket(startsInMinutes: number) {
  const world = await createBookableShowtime({ startsAt: new Date(Date.now() + startsInMinutes * 60_000) });
  const buyer = await createUser();
  const hold = await holdSeats({
    userId: buyer.id,
    showtimeId: world.showtime.id,
    seatIds: [world.seats[0]!.id, world.seats[1]!.id],
  });
  const { booking } = await checkout({
    userId: buyer.id,
    holdId: hold.holdId,
    payment: SUCCESS,
    idempotencyKey: randomUUID(),
  });
  const staff = await createUser({ role: 'STAFF' });
  await db().cinemaStaff.create({
    data: { userId: staff.id, cinemaId: world.screen.cinemaId, role: 'STAFF' },
  });
  return { world, buyer, booking, staff };
}

const post = async (token: string, qr: string, door?: string) =>
  call(checkInTicketOp, { method: 'POST', token, body: { qr, ...(door ? { door } : {}) } });
type Refusal = { error: { code: string; message: string; details?: Record<string, unknown> } };

describe('ticket check-in at the door', () => {
  it('admits a valid ticket once, at the right cinema, and records who let it in', async () => {
    const { booking, staff } = await soldTicket(30);
    const qr = booking.tickets[0]!.qr;
    const token = await bearerFor(staff);
    const first = await post(token, qr);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ reference: booking.reference, seat: booking.tickets[0]!.seat.label });
    const again = await post(token, qr);
    expect(again.status).toBe(409);
    expect(JSON.stringify(again.body)).toContain('Already used at');
    const ticket = await db().ticket.findUniqueOrThrow({ where: { id: booking.tickets[0]!.id } });
    expect(ticket).toMatchObject({ status: 'CHECKED_IN', checkedInById: staff.id });
    const audit = await db().auditLog.findFirst({
      where: { action: 'ticket.check-in', entityId: ticket.id },
    });
    expect(audit?.actorId).toBe(staff.id);
  });

  it('refuses forged codes, other cinemas’ staff, cancelled tickets and shows that are too far off', async () => {
    const { world, booking, staff } = await soldTicket(30);
    const token = await bearerFor(staff);
    const t = booking.tickets[1]!;
    const tampered = `${t.qr.slice(0, -3)}${t.qr.slice(-3) === 'AAA' ? 'BBB' : 'AAA'}`;
    expect((await post(token, tampered)).status).toBe(400);
    expect((await post(token, 'hello-this-is-not-a-ticket')).status).toBe(400);
    // Correctly signed, but for a ticket that does not exist (a different id): not found.
    const unknown = signTicketQr({
      ticketId: randomUUID(),
      reference: booking.reference,
      showtimeId: world.showtime.id,
      seatLabel: 'A1',
      startsAt: new Date(),
    });
    expect((await post(token, unknown)).status).toBe(404);

    const elsewhere = await createUser({ role: 'STAFF' });
    const other = await soldTicket(30);
    expect((await post(await bearerFor(elsewhere), other.booking.tickets[0]!.qr)).status).toBe(403);

    await db().ticket.update({ where: { id: other.booking.tickets[1]!.id }, data: { status: 'CANCELLED' } });
    await db().seatClaim.updateMany({
      where: { tickets: { some: { id: other.booking.tickets[1]!.id } } },
      data: { state: 'CANCELLED' },
    });
    const cancelled = await post(await bearerFor(other.staff), other.booking.tickets[1]!.qr);
    expect(cancelled.status).toBe(409);
    expect(JSON.stringify(cancelled.body)).toContain('Do not admit');

    // Two days ahead, so doors open on another day in India at any hour of the run: with 24 h, a run
    // between midnight and 01:30 IST saw doors open later the same day (no day named, rightly).
    const tomorrow = await soldTicket(48 * 60);
    const early = await post(await bearerFor(tomorrow.staff), tomorrow.booking.tickets[0]!.qr);
    expect([early.status, JSON.stringify(early.body).includes('Too early')]).toEqual([409, true]);
  });

  it('takes the code printed under the QR when a scanner fails, and says who, which seat and which door', async () => {
    const { booking, staff, buyer } = await soldTicket(30);
    const token = await bearerFor(staff);
    const [a, b] = booking.tickets;
    // Typed as people type: lower case, spaces for dashes, a leading zero on the seat.
    const typed = `${booking.reference.toLowerCase()} ${a!.seat.label.replace(/(\d+)$/, '0$1')}`;
    const first = await post(token, typed, 'Door 2');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      ticketId: a!.id,
      code: `${booking.reference}-${a!.seat.label}`,
      seat: a!.seat.label,
      customer: buyer.name,
      door: 'Door 2',
    });
    expect((await db().ticket.findUniqueOrThrow({ where: { id: a!.id } })).checkedInDoor).toBe('Door 2');

    // The same ticket again, by QR at another door: when, where and which seat, in local time.
    const again = await post(token, a!.qr, 'Door 5');
    const checkedInAt = new Date((first.body as { checkedInAt: string }).checkedInAt);
    const local = new Intl.DateTimeFormat('en-IN', {
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZone: 'Asia/Kolkata',
    }).format(checkedInAt);
    expect(again.status).toBe(409);
    expect((again.body as Refusal).error.message).toBe(
      `Already used at ${local} by Door 2, seat ${a!.seat.label}.`,
    );
    expect((again.body as Refusal).error.details).toMatchObject({ reason: 'already-used', door: 'Door 2' });

    // A well-formed code for a seat this booking does not have, or a booking that does not exist.
    expect((await post(token, `${booking.reference}-Z99`)).status).toBe(404);
    expect((await post(token, 'MQ-0000000-A1')).status).toBe(404);
    // The other seat is still valid, by its code, even copied with O for 0 and L for 1: give the
    // booking a reference that has both (from the top of the sequence, where none is issued yet).
    let n = 2n ** 35n;
    while (!/0/.test(bookingReference(n)) || !/1/.test(bookingReference(n))) n -= 1n;
    await db().booking.update({
      where: { reference: booking.reference },
      data: { reference: bookingReference(n) },
    });
    const copied = bookingReference(n).replace(/0/g, 'O').replace(/1/g, 'L');
    expect((await post(token, `${copied}-${b!.seat.label}`)).status).toBe(200);

    // The door list says the same, seat by seat.
    const list = await call(getShowtimeManifestOp, { token, params: { id: booking.showtime.id } });
    expect(list.status).toBe(200);
    expect(list.body).toMatchObject({
      checkedIn: 2,
      tickets: [
        { seat: a!.seat.label, customer: buyer.name, email: null, status: 'CHECKED_IN', door: 'Door 2' },
        { seat: b!.seat.label, status: 'CHECKED_IN', door: null },
      ],
    });
  });

  it('says when doors open, in the cinema’s time and day', async () => {
    // Two days ahead, so doors open on another day in India at any hour of the run: with 24 h, a run
    // between midnight and 01:30 IST saw doors open later the same day (no day named, rightly).
    const tomorrow = await soldTicket(48 * 60);
    const early = await post(await bearerFor(tomorrow.staff), tomorrow.booking.tickets[0]!.qr);
    const opens = new Date(tomorrow.world.showtime.startsAt.getTime() - 90 * 60_000);
    const tz = 'Asia/Kolkata';
    const time = new Intl.DateTimeFormat('en-IN', {
      hour: 'numeric',
      minute: '2-digit',
      hour12: true,
      timeZone: tz,
    }).format(opens);
    const day = new Intl.DateTimeFormat('en-IN', {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      timeZone: tz,
    }).format(opens);
    expect(early.status).toBe(409);
    expect((early.body as Refusal).error.message).toBe(`Too early: doors open at ${time} on ${day}.`);
    expect((early.body as Refusal).error.details).toMatchObject({
      reason: 'too-early',
      doorsOpenAt: opens.toISOString(),
    });
  });

  it('asks managers for their second factor, but not door staff', async () => {
    const { world, booking } = await soldTicket(30);
    const manager = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.create({
      data: { userId: manager.id, cinemaId: world.screen.cinemaId, role: 'MANAGER' },
    });
    const weak = await post(await bearerFor(manager), booking.tickets[0]!.qr);
    expect(weak.status).toBe(403);
    expect(weak.body).toMatchObject({ error: { details: { reason: 'two-factor-required' } } });
    await db().totpCredential.create({
      data: { userId: manager.id, secretEncrypted: 'x', enabledAt: new Date() },
    });
    const stepUp = await post(await bearerFor(manager), booking.tickets[0]!.qr);
    expect(stepUp.body).toMatchObject({ error: { details: { reason: 'two-factor-step-up' } } });
    expect((await post(await strongBearerFor(manager), booking.tickets[0]!.qr)).status).toBe(200);
  });
});

describe('the admin overview and the audit log', () => {
  it('shows managers their own cinemas’ shows with what sold, and staff no audit log', async () => {
    const { world, staff } = await soldTicket(60);
    const manager = await createUser({ role: 'MANAGER' });
    await db().cinemaStaff.create({
      data: { userId: manager.id, cinemaId: world.screen.cinemaId, role: 'MANAGER' },
    });
    const asViewer = (
      u: { id: string; name: string; email: string | null },
      role: Viewer['role'],
      cinemas: string[],
    ): Viewer => ({
      id: u.id,
      name: u.name,
      email: u.email,
      role,
      staffCinemaIds: cinemas,
      managedCinemaIds: role === 'MANAGER' ? cinemas : [],
    });
    const startsOn = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Kolkata',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(world.showtime.startsAt);
    const overview = await getDashboard({
      viewer: asViewer(manager, 'MANAGER', [world.screen.cinemaId]),
      query: { date: startsOn, page: 1 },
    });
    expect(overview.cinemas.map((c) => c.id)).toEqual([world.screen.cinemaId]);
    const show = overview.showtimes.rows.find((s) => s.id === world.showtime.id);
    expect(show).toMatchObject({ sold: 2, held: 0 });
    expect(show!.grossMinor).toBeGreaterThan(0);

    await expect(
      listAuditLog({ viewer: asViewer(staff, 'STAFF', [world.screen.cinemaId]) }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const { booking } = await soldTicket(30);
    const door = await db().cinemaStaff.findFirstOrThrow({
      where: {
        cinema: {
          screens: {
            some: { showtimes: { some: { bookings: { some: { reference: booking.reference } } } } },
          },
        },
      },
      select: { userId: true },
    });
    await post(await bearerFor({ id: door.userId, role: 'STAFF' }), booking.tickets[0]!.qr);
    const admin = await createUser({ role: 'ADMIN' });
    const log = await listAuditLog({
      viewer: asViewer(admin, 'ADMIN', []),
      action: 'ticket.check-in',
      limit: 200,
    });
    expect(log.rows.every((r) => r.action === 'ticket.check-in')).toBe(true);
    expect(log.rows.find((r) => r.entityId === booking.tickets[0]!.id)).toMatchObject({
      actor: { id: door.userId, role: 'STAFF' },
      after: { status: 'CHECKED_IN', reference: booking.reference },
    });
  });
});
