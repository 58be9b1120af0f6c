import { afterAll, describe, expect, it } from 'vitest';
import { templateDraft } from '@/lib/seat-layout/templates';
import { encodeDraft } from '@/lib/seat-layout/wire';
import { getSeatMapOp } from '@/server/api/operations/showtimes';
import { editScreenLayoutOp } from '@/server/api/operations/venues';
import { listShowtimeCards } from '@/server/catalog/showtime-cards';
import { db } from '@/server/db';
import { createAccount } from '../support/accounts';
import { call, strongBearerFor } from '../support/api';
import { book } from '../support/bookings';
import { createCinema, createScreen, createShowtime } from '../support/factories';
import { dropScratchDatabases } from '../support/scratch-db';

// Versioned seat layouts: editing a screen's layout writes a new version used by showtimes created
// afterwards; a showtime already on sale keeps the layout, and the very seats, it was sold on. The
// database keeps that true whatever the code does (triggers of 20261204120000_screen_layouts).

afterAll(() => dropScratchDatabases());

type SeatMap = { seats: { id: string; state: string }[] };

async function managedScreen() {
  const cinema = await createCinema();
  const manager = await createAccount({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: manager.id, cinemaId: cinema.id, role: 'MANAGER' } });
  const { screen, seats } = await createScreen({ cinemaId: cinema.id, rows: 3, cols: 6 });
  return { cinema, screen, seats, token: await strongBearerFor(manager) };
}

/** What the database said when it refused a write (null when it went through). */
async function refusal(write: () => Promise<unknown>): Promise<string | null> {
  try {
    await write();
    return null;
  } catch (error) {
    return String(error);
  }
}

const boutique = () => encodeDraft(templateDraft('boutique'));

describe('editing a screen’s layout', () => {
  it('writes version 2 for new showtimes; a showtime sold on version 1 keeps its seats and tickets', async () => {
    const { cinema, screen, seats, token } = await managedScreen();
    const sold = await createShowtime({
      screenId: screen.id,
      startsAt: new Date(Date.now() + 3 * 86_400_000),
    });
    const booking = await book({ showtimeId: sold.id, seatIds: [seats[0]!.id, seats[1]!.id] });

    const r = await call(editScreenLayoutOp, {
      token,
      params: { cinemaId: cinema.id, screenId: screen.id },
      body: { basedOnVersion: 1, draft: boutique() },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const expectedCapacity = templateDraft('boutique').rows.flatMap((row) =>
      row.cells.filter(Boolean),
    ).length;
    expect(r.body).toEqual({
      screenId: screen.id,
      version: 2,
      capacity: expectedCapacity,
      showtimesOnEarlierVersions: 1,
    });

    // The sold showtime: the same 18 seats, the two sold ones still sold, its tickets on them.
    const before = (await call(getSeatMapOp, { params: { id: sold.id } })).body as SeatMap;
    expect(before.seats.map((s) => s.id).sort()).toEqual(seats.map((s) => s.id).sort());
    expect(
      before.seats
        .filter((s) => s.state === 'sold')
        .map((s) => s.id)
        .sort(),
    ).toEqual([seats[0]!.id, seats[1]!.id].sort());
    const tickets = await db().ticket.findMany({
      where: { bookingId: booking.id },
      select: { seatId: true },
    });
    expect(tickets.map((t) => t.seatId).sort()).toEqual([seats[0]!.id, seats[1]!.id].sort());

    // A showtime created now is sold on version 2, and the screen shows version 2.
    const next = await createShowtime({
      screenId: screen.id,
      startsAt: new Date(Date.now() + 5 * 86_400_000),
    });
    const after = (await call(getSeatMapOp, { params: { id: next.id } })).body as SeatMap;
    expect(after.seats).toHaveLength(expectedCapacity);
    const v2 = await db().screenLayout.findUniqueOrThrow({
      where: { screenId_version: { screenId: screen.id, version: 2 } },
      select: { id: true, capacity: true, layout: true },
    });
    const seatLayouts = await db().seat.findMany({
      where: { id: { in: after.seats.map((s) => s.id) } },
      select: { layoutId: true },
    });
    expect(new Set(seatLayouts.map((s) => s.layoutId))).toEqual(new Set([v2.id]));
    const current = await db().screen.findUniqueOrThrow({
      where: { id: screen.id },
      select: { capacity: true, layout: true, currentLayoutId: true },
    });
    expect(current).toEqual({ capacity: v2.capacity, layout: v2.layout, currentLayoutId: v2.id });
    // Its rows of seats (showtime_seat_rows) are version 2's.
    const rows = await db().showtimeSeatRow.count({ where: { showtimeId: next.id } });
    expect(rows).toBe(templateDraft('boutique').rows.filter((row) => row.cells.some(Boolean)).length);

    // Listings count each showtime's seats on its own version: 18 − 2 sold on the old one.
    const cards = async (date: Date) =>
      (
        await listShowtimeCards({
          cinemaId: cinema.id,
          date: new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(date),
        })
      ).filter((c) => c.id === sold.id || c.id === next.id);
    const [oldCard] = await cards(sold.startsAt);
    expect(oldCard).toMatchObject({ sellable: 18, seatsLeft: 16 });
    const [newCard] = await cards(next.startsAt);
    expect(newCard).toMatchObject({ sellable: expectedCapacity, seatsLeft: expectedCapacity });

    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'screen.layout-changed', entityId: screen.id },
    });
    expect(audit).toMatchObject({
      before: { version: 1, capacity: 18 },
      after: { version: 2, capacity: expectedCapacity },
    });
  });

  it('refuses a save from a version someone replaced since (two saves at once: one wins)', async () => {
    const { cinema, screen, token } = await managedScreen();
    const save = () =>
      call(editScreenLayoutOp, {
        token,
        params: { cinemaId: cinema.id, screenId: screen.id },
        body: { basedOnVersion: 1, draft: boutique() },
      });
    const both = await Promise.all([save(), save()]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    expect(await db().screenLayout.count({ where: { screenId: screen.id } })).toBe(2);
    const stale = await save();
    expect(stale.body).toMatchObject({ error: { code: 'CONFLICT', details: { currentVersion: 2 } } });
  });

  it('refuses a layout that cannot be sold, with the cells, and writes nothing', async () => {
    const { cinema, screen, token } = await managedScreen();
    const draft = templateDraft('boutique');
    // Two seats with one number in a row.
    const row = draft.rows[0]!;
    const [a, b] = row.cells.flatMap((c, i) => (c ? [i] : [])).slice(0, 2);
    row.numbering = { order: 'manual' };
    row.cells[b!] = { ...row.cells[b!]!, number: row.cells[a!]!.number };
    const r = await call(editScreenLayoutOp, {
      token,
      params: { cinemaId: cinema.id, screenId: screen.id },
      body: { basedOnVersion: 1, draft: encodeDraft(draft) },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'draft' }] } });
    expect(await db().screenLayout.count({ where: { screenId: screen.id } })).toBe(1);
  });

  it('a screen of another cinema is refused for its managers, and left as it was', async () => {
    const { screen } = await managedScreen();
    const other = await managedScreen();
    const r = await call(editScreenLayoutOp, {
      token: other.token,
      params: { cinemaId: other.cinema.id, screenId: screen.id },
      body: { basedOnVersion: 1, draft: boutique() },
    });
    expect(r.status).toBe(404);
    expect(await db().screenLayout.count({ where: { screenId: screen.id } })).toBe(1);
  });
});

describe('the database keeps sold seats where they are', () => {
  it('refuses to move, recategorise or delete a seat of a layout in use (not before), to change a version, or a showtime’s layout', async () => {
    const { screen, seats } = await managedScreen();
    const seatId = seats[0]!.id;
    // Until a show is put on the layout, it may be corrected in place.
    await db().seat.update({ where: { id: seats[1]!.id }, data: { category: 'PREMIUM' } });
    const show = await createShowtime({ screenId: screen.id });
    expect(await refusal(() => db().seat.update({ where: { id: seatId }, data: { col: 40 } }))).toMatch(
      /Code: `23514`. Message: `seat \S+ (cannot move or change|is in a layout that showtimes use)/,
    );
    expect(
      await refusal(() => db().seat.update({ where: { id: seatId }, data: { category: 'PREMIUM' } })),
    ).toMatch(/Code: `23514`. Message: `seat \S+ (cannot move or change|is in a layout that showtimes use)/);
    expect(await refusal(() => db().seat.delete({ where: { id: seatId } }))).toMatch(
      /Code: `23514`. Message: `seat \S+ (cannot move or change|is in a layout that showtimes use)/,
    );
    // Out of service is not a change of place: it may be set.
    await db().seat.update({ where: { id: seatId }, data: { blocked: true } });

    const v1 = await db().screenLayout.findFirstOrThrow({ where: { screenId: screen.id } });
    expect(
      await refusal(() =>
        db().screenLayout.update({ where: { id: v1.id }, data: { capacity: v1.capacity + 1 } }),
      ),
    ).toMatch(/Code: `23514`. Message: `layout \S+ cannot change/);

    const v2 = await db().screenLayout.create({
      data: { screenId: screen.id, version: 2, layout: v1.layout ?? {}, capacity: 0 },
    });
    expect(
      await refusal(() => db().showtime.update({ where: { id: show.id }, data: { layoutId: v2.id } })),
    ).toMatch(/Code: `23514`. Message: `showtime \S+ keeps the layout/);
  });

  it('moves a show nobody ever held a seat of onto another screen’s layout, and no other show', async () => {
    const { screen } = await managedScreen();
    const { screen: other } = await createScreen({ cinemaId: screen.cinemaId, rows: 2, cols: 3 });
    const otherLayout = await db().screen.findUniqueOrThrow({
      where: { id: other.id },
      select: { currentLayoutId: true },
    });
    const unsold = await createShowtime({ screenId: screen.id });
    const moved = await db().showtime.update({ where: { id: unsold.id }, data: { screenId: other.id } });
    expect(moved.layoutId).toBe(otherLayout.currentLayoutId);

    // A show with a claim, even one long released, keeps its layout, so it cannot change screen.
    const held = await createShowtime({
      screenId: screen.id,
      startsAt: new Date(Date.now() + 9 * 86_400_000),
    });
    const hold = await db().seatHold.create({
      data: { showtimeId: held.id, expiresAt: new Date(Date.now() + 60_000), price: {}, totalMinor: 0 },
    });
    const seat = await db().seat.findFirstOrThrow({
      where: { layoutId: held.layoutId ?? undefined },
      select: { id: true },
    });
    await db().seatClaim.create({
      data: {
        holdId: hold.id,
        showtimeId: held.id,
        seatId: seat.id,
        expiresAt: hold.expiresAt,
        category: 'STANDARD',
        priceMinor: 0,
        state: 'RELEASED',
      },
    });
    expect(
      await refusal(() => db().showtime.update({ where: { id: held.id }, data: { screenId: other.id } })),
    ).toMatch(/showtimes_layout_id_screen_id_fkey|Foreign key/);
  });

  it('refuses a claim on a seat of another version of the same screen', async () => {
    const { cinema, screen, token } = await managedScreen();
    const old = await createShowtime({ screenId: screen.id });
    await call(editScreenLayoutOp, {
      token,
      params: { cinemaId: cinema.id, screenId: screen.id },
      body: { basedOnVersion: 1, draft: boutique() },
    });
    const newSeat = await db().seat.findFirstOrThrow({
      where: { screenId: screen.id, layout: { version: 2 } },
      select: { id: true },
    });
    const hold = await db().seatHold.create({
      data: { showtimeId: old.id, expiresAt: new Date(Date.now() + 60_000), price: {}, totalMinor: 0 },
    });
    expect(
      await refusal(() =>
        db().seatClaim.create({
          data: {
            holdId: hold.id,
            showtimeId: old.id,
            seatId: newSeat.id,
            expiresAt: hold.expiresAt,
            category: 'STANDARD',
            priceMinor: 100,
          },
        }),
      ),
    ).toMatch(/Code: `23514`. Message: `seat \S+ is not in the layout of showtime/);
  });
});
