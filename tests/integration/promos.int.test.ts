import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { type CreatePromoInput, createPromoInputSchema } from '@/lib/schemas/promos';
import { createPromoOp, updatePromoOp } from '@/server/api/operations/promos';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { quoteHold } from '@/server/booking/quote-price';
import { db } from '@/server/db';
import { type CatalogChange, onCatalogChange } from '@/server/events/catalog-events';
import { createPromo } from '@/server/promos/create-promo';
import { getPromo } from '@/server/promos/get-promo';
import { listPromos } from '@/server/promos/list-promos';
import { updatePromo } from '@/server/promos/update-promo';
import { call } from '../support/api';
import { createBookableShowtime, createCinema, createUser } from '../support/factories';
import { adminViewer, managerOf } from '../support/viewers';

// Promo codes as operators run them, against PostgreSQL: who may make and change which codes
// (admins: any; managers: codes restricted to their own cinemas, and no other code is even
// visible to them), validation at the field, partial updates audited with what changed, usage
// counted from the redemptions, and a change that applies to the next checkout, never to a
// payment already under way.

const HOUR = 3_600_000;
const uid = () => Math.random().toString(36).slice(2, 8).toUpperCase();
const SUCCESS = {
  method: 'card' as const,
  card: { number: '4242 4242 4242 4242', expMonth: 12, expYear: 2030, cvc: '123' },
};

function promoInput(overrides: Partial<Record<keyof CreatePromoInput, unknown>> = {}): CreatePromoInput {
  return createPromoInputSchema.parse({
    code: `t${uid()}`,
    description: '10 % off',
    kind: 'PERCENT',
    value: 1000,
    validFrom: new Date(Date.now() - HOUR).toISOString(),
    validUntil: new Date(Date.now() + 24 * HOUR).toISOString(),
    ...overrides,
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const audits = (id: string) =>
  db().auditLog.findMany({ where: { entityType: 'promo_code', entityId: id }, orderBy: { id: 'asc' } });

describe('making a promo code', () => {
  it('admins for every cinema; managers only for cinemas they manage; codes upper-case, unique, audited', async () => {
    const here = await createCinema();
    const elsewhere = await createCinema();
    const boss = await adminViewer();
    const { viewer: mgr } = await managerOf(here.id);

    const everywhere = await createPromo({ viewer: boss, input: promoInput() });
    expect(everywhere.cinemas).toEqual([]);
    expect(everywhere.code).toMatch(/^T[A-Z0-9]{6}$/);
    const [created] = await audits(everywhere.id);
    expect(created).toMatchObject({ action: 'promo.created', actorId: boss.id });
    expect(created?.after).toMatchObject({ promoCode: everywhere.code, value: 1000, cinemaIds: [] });

    const mine = await createPromo({ viewer: mgr, input: promoInput({ cinemaIds: [here.id] }) });
    expect(mine.cinemas).toEqual([{ id: here.id, name: here.name }]);

    const none = await refusal(createPromo({ viewer: mgr, input: promoInput() }));
    expect([none.code, none.details]).toEqual([
      'VALIDATION_FAILED',
      [expect.objectContaining({ path: 'cinemaIds' })],
    ]);
    const theirs = await refusal(
      createPromo({ viewer: mgr, input: promoInput({ cinemaIds: [here.id, elsewhere.id] }) }),
    );
    expect(theirs.code).toBe('FORBIDDEN');
    const taken = await refusal(
      createPromo({ viewer: boss, input: promoInput({ code: mine.code.toLowerCase() }) }),
    );
    expect([taken.code, taken.details]).toEqual(['CONFLICT', [expect.objectContaining({ path: 'code' })]]);
    expect(await db().promoCode.count({ where: { code: mine.code } })).toBe(1);
  });

  it('names each bad field at the REST boundary, and writes nothing', async () => {
    const here = await createCinema();
    const { token } = await managerOf(here.id);
    const code = `BAD${uid()}`;
    const res = await call(createPromoOp, {
      token,
      body: {
        code,
        description: 'x',
        kind: 'PERCENT',
        value: 12_000,
        validFrom: '2026-12-10T00:00:00+05:30',
        validUntil: '2026-12-01T00:00:00+05:30',
        cinemaIds: [here.id],
      },
    });
    expect(res.status).toBe(400);
    const paths = (res.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path);
    expect(paths.sort()).toEqual(['description', 'validUntil', 'value']);
    expect(await db().promoCode.count({ where: { code } })).toBe(0);
  });
});

describe('seeing and changing codes', () => {
  it('shows a manager only codes restricted to their cinemas; any other is not found, and stays as it was', async () => {
    const here = await createCinema();
    const elsewhere = await createCinema();
    const boss = await adminViewer();
    const { viewer: mgr, token } = await managerOf(here.id);
    const tag = uid();
    const mine = await createPromo({
      viewer: boss,
      input: promoInput({ description: `mine ${tag}`, cinemaIds: [here.id] }),
    });
    const global = await createPromo({ viewer: boss, input: promoInput({ description: `global ${tag}` }) });
    const mixed = await createPromo({
      viewer: boss,
      input: promoInput({ description: `mixed ${tag}`, cinemaIds: [here.id, elsewhere.id] }),
    });
    const other = await createPromo({
      viewer: boss,
      input: promoInput({ description: `other ${tag}`, cinemaIds: [elsewhere.id] }),
    });

    const seen = await listPromos({ viewer: mgr, query: { q: tag, status: 'all', page: 1, pageSize: 20 } });
    expect(seen.promos.map((p) => p.id)).toEqual([mine.id]);
    const all = await listPromos({ viewer: boss, query: { q: tag, status: 'all', page: 1, pageSize: 2 } });
    expect([all.total, all.promos.length]).toEqual([4, 2]);

    for (const p of [global, mixed, other]) {
      expect((await refusal(getPromo({ viewer: mgr, id: p.id }))).code).toBe('NOT_FOUND');
      const res = await call(updatePromoOp, { token, params: { id: p.id }, body: { value: 9000 } });
      expect(res.status).toBe(404);
      expect((await db().promoCode.findUniqueOrThrow({ where: { id: p.id } })).value).toBe(1000);
    }
    // Nor can a manager widen their own code to a cinema they do not manage.
    const widen = await refusal(
      updatePromo({ viewer: mgr, input: { id: mine.id, cinemaIds: [here.id, elsewhere.id] } }),
    );
    expect(widen.code).toBe('FORBIDDEN');
    expect((await getPromo({ viewer: mgr, id: mine.id })).cinemas.map((c) => c.id)).toEqual([here.id]);
  });

  it('changes only the fields sent, audits exactly what changed, and refuses a limit below the uses so far', async () => {
    const here = await createCinema();
    const { viewer: mgr } = await managerOf(here.id);
    const promo = await createPromo({
      viewer: mgr,
      input: promoInput({ cinemaIds: [here.id], maxRedemptions: 10 }),
    });
    const heard: CatalogChange[] = [];
    const stop = onCatalogChange((c) => heard.push(c));
    try {
      const edited = await updatePromo({
        viewer: mgr,
        input: { id: promo.id, value: 1500, description: '15 % off', maxPerUser: 1 },
      });
      expect(edited).toMatchObject({ value: 1500, description: '15 % off', maxPerUser: 1, code: promo.code });
      const [, updated] = await audits(promo.id);
      expect([updated?.action, updated?.before, updated?.after]).toEqual([
        'promo.updated',
        { description: '10 % off', value: 1000 },
        { description: '15 % off', value: 1500 },
      ]);
      expect(heard).toEqual([{ cinemaIds: [here.id], movieIds: [] }]);
      // The same values again: nothing written, nothing said.
      await updatePromo({ viewer: mgr, input: { id: promo.id, value: 1500, validFrom: promo.validFrom } });
      expect(await audits(promo.id)).toHaveLength(2);
      expect(heard).toHaveLength(1);
    } finally {
      stop();
    }

    await db().promoCode.update({ where: { id: promo.id }, data: { redemptionCount: 4 } });
    const low = await refusal(updatePromo({ viewer: mgr, input: { id: promo.id, maxRedemptions: 3 } }));
    expect([low.code, low.details]).toEqual([
      'VALIDATION_FAILED',
      [expect.objectContaining({ path: 'maxRedemptions' })],
    ]);
    const window = await refusal(
      updatePromo({
        viewer: mgr,
        input: { id: promo.id, validUntil: new Date(Date.now() - 2 * HOUR).toISOString() },
      }),
    );
    expect(window.details).toEqual([expect.objectContaining({ path: 'validUntil' })]);
    const percent = await refusal(updatePromo({ viewer: mgr, input: { id: promo.id, value: 20_000 } }));
    expect(percent.details).toEqual([expect.objectContaining({ path: 'value' })]);
    expect((await getPromo({ viewer: mgr, id: promo.id })).maxRedemptions).toBe(10);
  });
});

describe('a code at checkout', () => {
  it('works only for its films, counts its use, and a change applies to later quotes, not to a booking made', async () => {
    const { showtime, seats, screen } = await createBookableShowtime({ rows: 1, cols: 8 });
    const other = await createBookableShowtime({ cinemaId: screen.cinemaId, rows: 1, cols: 4 });
    const boss = await adminViewer();
    const promo = await createPromo({
      viewer: boss,
      input: promoInput({ cinemaIds: [screen.cinemaId], movieIds: [showtime.movieId] }),
    });
    const user = await createUser();

    // Not for another film, even at this cinema.
    const elsewhere = await holdSeats({
      userId: user.id,
      showtimeId: other.showtime.id,
      seatIds: [other.seats[0]!.id],
    });
    const wrong = await refusal(
      quoteHold({ userId: user.id, holdId: elsewhere.holdId, promoCode: promo.code }),
    );
    expect([wrong.code, wrong.details]).toEqual(['PROMO_INVALID', { reason: 'wrong-film' }]);

    // Booked at 10 %: the use and the discount are counted.
    const first = await holdSeats({
      userId: user.id,
      showtimeId: showtime.id,
      seatIds: [seats[0]!.id, seats[1]!.id],
    });
    const { booking } = await checkout({
      userId: user.id,
      holdId: first.holdId,
      payment: SUCCESS,
      promoCode: promo.code,
    });
    const given = booking.price.discount?.amountMinor ?? 0;
    expect(given).toBe(Math.round(first.price.subtotalMinor * 0.1));
    const used = await getPromo({ viewer: boss, id: promo.id });
    expect(used.usage).toEqual({ redemptions: 1, reserved: 0, discountGivenMinor: given });

    // Raised to 50 %: the next quote sees it; the booking made before keeps its price.
    await updatePromo({ viewer: boss, input: { id: promo.id, value: 5000, maxPerUser: 5 } });
    const second = await holdSeats({
      userId: user.id,
      showtimeId: showtime.id,
      seatIds: [seats[4]!.id, seats[5]!.id],
    });
    const quote = await quoteHold({ userId: user.id, holdId: second.holdId, promoCode: promo.code });
    expect(quote.discount?.amountMinor).toBe(Math.round(second.price.subtotalMinor * 0.5));
    const kept = await db().booking.findUniqueOrThrow({
      where: { reference: booking.reference },
      select: { totalMinor: true },
    });
    expect(kept.totalMinor).toBe(booking.totalMinor);

    // Turned off: refused like an unknown code.
    await updatePromo({ viewer: boss, input: { id: promo.id, active: false } });
    const off = await refusal(quoteHold({ userId: user.id, holdId: second.holdId, promoCode: promo.code }));
    expect(off.code).toBe('PROMO_INVALID');
  });
});
