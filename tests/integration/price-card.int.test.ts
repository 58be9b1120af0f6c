import { describe, expect, it } from 'vitest';
import { getPriceCardOp, savePriceCardOp } from '@/server/api/operations/price-card';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { toAppError } from '@/server/http/errors';
import { savePriceCard } from '@/server/pricing/save-price-card';
import { createShowtime } from '@/server/programme/create-showtime';
import { call, strongBearerFor } from '../support/api';
import { createUser } from '../support/factories';
import { cardPrice, programmeWorld } from '../support/programme';

// A cinema's price card edited by its manager, against PostgreSQL: entries set and removed,
// audited with the card before and after; sessions made afterwards take the new prices, while a
// session already made, and a hold already priced, keep theirs.

describe('the price card', () => {
  it('sets and removes entries; only sessions made afterwards take them, holds keep their price', async () => {
    const w = await programmeWorld();
    const session = (time: string) =>
      createShowtime({
        viewer: w.manager,
        input: {
          cinemaId: w.cinema.id,
          screenId: w.small.id,
          movieId: w.film.id,
          date: w.day,
          time,
          language: 'Hindi',
          format: 'TWO_D',
        },
      });
    const before = await session('10:00');
    const buyer = await createUser();
    const hold = await holdSeats({ userId: buyer.id, showtimeId: before.id, seatIds: [w.small.seatIds[0]!] });
    expect(hold.price.seats[0]?.baseMinor).toBe(cardPrice('STANDARD', 'TWO_D', 'MATINEE'));

    const card = await savePriceCard({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      body: {
        entries: [
          { category: 'STANDARD', format: 'TWO_D', dayPart: 'MATINEE', priceMinor: 17_700 },
          { category: 'RECLINER', format: 'FOUR_DX', dayPart: 'NIGHT', priceMinor: null },
        ],
      },
    });
    expect(card.entries).toContainEqual({
      category: 'STANDARD',
      format: 'TWO_D',
      dayPart: 'MATINEE',
      priceMinor: 17_700,
    });
    expect(
      card.entries.some((e) => e.category === 'RECLINER' && e.format === 'FOUR_DX' && e.dayPart === 'NIGHT'),
    ).toBe(false);
    expect(card.entries).toHaveLength(35);
    expect([card.categories, card.formats]).toEqual([
      ['STANDARD', 'PREMIUM'],
      ['TWO_D', 'IMAX'],
    ]);

    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'price-card.updated', entityId: w.cinema.id },
    });
    expect(audit.actorId).toBe(w.manager.id);
    expect((audit.before as unknown[]).length).toBe(36);
    expect((audit.after as unknown[]).length).toBe(35);

    // The session made before keeps its price, and so does the hold on it; a new session takes the card's.
    const kept = await db().showtimePrice.findUniqueOrThrow({
      where: { showtimeId_category: { showtimeId: before.id, category: 'STANDARD' } },
    });
    expect(kept.priceMinor).toBe(cardPrice('STANDARD', 'TWO_D', 'MATINEE'));
    const heldPrice = await db().seatHold.findUniqueOrThrow({ where: { id: hold.holdId } });
    expect(heldPrice.totalMinor).toBe(hold.price.totalMinor);
    const after = await session('13:00');
    expect(after.prices).toEqual([{ category: 'STANDARD', priceMinor: 17_700 }]);
  });

  it('answers as declared over REST, refuses bad prices and other cinemas, and changes nothing then', async () => {
    const w = await programmeWorld();
    const token = await strongBearerFor(w.manager);
    const got = await call(getPriceCardOp, { params: { cinemaId: w.cinema.id }, token });
    expect(got.status).toBe(200);
    const entry = { category: 'PREMIUM', format: 'IMAX', dayPart: 'EVENING' } as const;
    const bad = await call(savePriceCardOp, {
      params: { cinemaId: w.cinema.id },
      body: { entries: [{ ...entry, priceMinor: 12_345 }] },
      token,
    });
    expect(bad.status).toBe(400);
    const stranger = await programmeWorld();
    const refused = await savePriceCard({
      viewer: stranger.manager,
      cinemaId: w.cinema.id,
      body: { entries: [{ ...entry, priceMinor: 1_000 }] },
    }).catch((e: unknown) => toAppError(e));
    expect(refused).toMatchObject({ code: 'FORBIDDEN' });
    const row = await db().priceCardEntry.findUniqueOrThrow({
      where: { cinemaId_category_format_dayPart: { cinemaId: w.cinema.id, ...entry } },
    });
    expect(row.priceMinor).toBe(cardPrice('PREMIUM', 'IMAX', 'EVENING'));
    const ok = await call(savePriceCardOp, {
      params: { cinemaId: w.cinema.id },
      body: { entries: [{ ...entry, priceMinor: 40_000 }] },
      token,
    });
    expect(ok.status).toBe(200);
  });
});
