import { describe, expect, it } from 'vitest';
import { addDays } from '@/lib/local-time';
import {
  deletePricingRuleOp,
  previewSeatPriceOp,
  savePricingRuleOp,
} from '@/server/api/operations/price-card';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import {
  deletePricingRule,
  listPricingRules,
  previewSeatPrice,
  savePricingRule,
} from '@/server/pricing/pricing-rules';
import { createShowtime } from '@/server/programme/create-showtime';
import { call, strongBearerFor } from '../support/api';
import { createUser } from '../support/factories';
import { cardPrice, programmeWorld, refusal } from '../support/programme';
import { adminViewer } from '../support/viewers';

// A cinema's pricing rules edited by its manager, against PostgreSQL: the preview says what a seat
// will cost, as a hold then charges it; a change reaches holds made after it, never a hold already
// priced; rules of every cinema and of other cinemas are not editable here.

/** A 2D show in Hindi on the world's small screen, on its day at `time`. */
const showAt = (w: Awaited<ReturnType<typeof programmeWorld>>, time: string) =>
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

describe('pricing rules', () => {
  it('previews what a seat will cost, and a change applies to holds made after it only', async () => {
    const w = await programmeWorld();
    const show = await showAt(w, '10:00');
    const base = cardPrice('STANDARD', 'TWO_D', 'MATINEE');
    const query = {
      category: 'STANDARD' as const,
      format: 'TWO_D' as const,
      date: w.day,
      time: '10:00',
      occupancyBps: 0,
    };
    const own = (await listPricingRules({ viewer: w.manager, cinemaId: w.cinema.id })).rules.filter(
      (r) => r.cinemaId === w.cinema.id,
    );
    expect(own).toEqual([]);
    const before = await previewSeatPrice({ viewer: w.manager, cinemaId: w.cinema.id, query });
    const first = await holdSeats({
      userId: (await createUser()).id,
      showtimeId: show.id,
      seatIds: [w.small.seatIds[0]!],
    });
    expect(first.price.seats[0]?.priceMinor).toBe(before.priceMinor);

    // A matinee rule, previewed as a draft first (nothing saved), then saved.
    const matinee = {
      kind: 'TIME_OF_DAY' as const,
      name: 'Early bird',
      adjustmentBps: -2_500,
      startMinute: 9 * 60,
      endMinute: 12 * 60,
      active: true,
    };
    const draft = await previewSeatPrice({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      query: { ...query, draft: { rule: matinee } },
    });
    expect(draft.baseMinor).toBe(base);
    expect(draft.rules.map((r) => r.name)).toContain('Early bird');
    expect(draft.priceMinor).toBeLessThan(before.priceMinor ?? 0);
    expect(await db().pricingRule.count({ where: { cinemaId: w.cinema.id } })).toBe(0);

    const saved = await savePricingRule({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      body: { rule: matinee },
    });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'pricing-rule.created', entityId: saved.id },
    });
    expect(audit.actorId).toBe(w.manager.id);
    // The next hold pays what the preview said, at once (the cached context forgot its rules).
    const second = await holdSeats({
      userId: (await createUser()).id,
      showtimeId: show.id,
      seatIds: [w.small.seatIds[1]!],
    });
    expect(second.price.seats[0]?.priceMinor).toBe(draft.priceMinor);
    // The first hold keeps the price it locked.
    const kept = await db().seatHold.findUniqueOrThrow({ where: { id: first.holdId } });
    expect(kept.totalMinor).toBe(first.price.totalMinor);

    // Changed: audited with before and after; turned off, the preview is back to the card's price.
    await savePricingRule({
      viewer: w.manager,
      cinemaId: w.cinema.id,
      body: { id: saved.id, rule: { ...matinee, active: false } },
    });
    const updated = await db().auditLog.findFirstOrThrow({
      where: { action: 'pricing-rule.updated', entityId: saved.id },
    });
    expect([
      (updated.before as { active: boolean }).active,
      (updated.after as { active: boolean }).active,
    ]).toEqual([true, false]);
    expect((await previewSeatPrice({ viewer: w.manager, cinemaId: w.cinema.id, query })).priceMinor).toBe(
      before.priceMinor,
    );
  });

  it('deletes a rule of this cinema: the next hold is priced without it; others’ rules stay', async () => {
    const w = await programmeWorld();
    const other = await programmeWorld();
    const show = await showAt(w, '10:00');
    const rule = {
      kind: 'TIME_OF_DAY' as const,
      name: 'Morning',
      adjustmentBps: -5_000,
      startMinute: 9 * 60,
      endMinute: 12 * 60,
      active: true,
    };
    const mine = await savePricingRule({ viewer: w.manager, cinemaId: w.cinema.id, body: { rule } });
    const theirs = await savePricingRule({
      viewer: other.manager,
      cinemaId: other.cinema.id,
      body: { rule },
    });
    const held = await holdSeats({
      userId: (await createUser()).id,
      showtimeId: show.id,
      seatIds: [w.small.seatIds[0]!],
    });
    const base = cardPrice('STANDARD', 'TWO_D', 'MATINEE');
    expect(held.price.seats[0]?.priceMinor).toBe(base / 2);

    // Another cinema's rule is not found from here, through either door.
    const token = await strongBearerFor(w.manager);
    const foreign = await call(deletePricingRuleOp, {
      params: { cinemaId: w.cinema.id, ruleId: theirs.id },
      token,
    });
    expect(foreign.status).toBe(404);
    expect(await db().pricingRule.count({ where: { id: theirs.id } })).toBe(1);

    const gone = await call(deletePricingRuleOp, {
      params: { cinemaId: w.cinema.id, ruleId: mine.id },
      token,
    });
    expect(gone.status).toBe(204);
    expect(await db().pricingRule.count({ where: { id: mine.id } })).toBe(0);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'pricing-rule.deleted', entityId: mine.id },
    });
    expect(audit.before).toMatchObject({ name: 'Morning', adjustmentBps: -5_000 });
    // The next hold pays the card's price; the hold made before keeps its half price.
    const next = await holdSeats({
      userId: (await createUser()).id,
      showtimeId: show.id,
      seatIds: [w.small.seatIds[1]!],
    });
    expect(next.price.seats[0]?.priceMinor).toBe(base);
    expect((await db().seatHold.findUniqueOrThrow({ where: { id: held.holdId } })).totalMinor).toBe(
      held.price.totalMinor,
    );
    expect(
      (await call(deletePricingRuleOp, { params: { cinemaId: w.cinema.id, ruleId: mine.id }, token })).status,
    ).toBe(404);
  });

  it('rules of every cinema: an admin adds one, holds are priced with it, a manager cannot touch it', async () => {
    const w = await programmeWorld();
    const admin = await adminViewer();
    // 03:05, a time no other test's show is likely to start at: the rule lives for this test only.
    const show = await showAt(w, '03:05');
    const rule = {
      kind: 'TIME_OF_DAY' as const,
      name: `Night owl ${w.cinema.id.slice(0, 6)}`,
      adjustmentBps: -5_000,
      startMinute: 3 * 60,
      endMinute: 3 * 60 + 15,
      active: true,
    };
    expect((await refusal(savePricingRule({ viewer: w.manager, cinemaId: null, body: { rule } }))).code).toBe(
      'FORBIDDEN',
    );
    const saved = await savePricingRule({ viewer: admin, cinemaId: null, body: { rule } });
    try {
      expect(saved.cinemaId).toBeNull();
      const listed = (await listPricingRules({ viewer: w.manager, cinemaId: w.cinema.id })).rules;
      expect(listed.find((r) => r.id === saved.id)?.cinemaId).toBeNull();
      const base = cardPrice('STANDARD', 'TWO_D', 'MATINEE');
      const held = await holdSeats({
        userId: (await createUser()).id,
        showtimeId: show.id,
        seatIds: [w.small.seatIds[0]!],
      });
      expect(held.price.seats[0]?.priceMinor).toBe(base / 2);
      // Not this cinema's rule: its manager cannot delete it through the cinema.
      const token = await strongBearerFor(w.manager);
      const viaCinema = await call(deletePricingRuleOp, {
        params: { cinemaId: w.cinema.id, ruleId: saved.id },
        token,
      });
      expect(viaCinema.status).toBe(404);
    } finally {
      await deletePricingRule({ viewer: admin, cinemaId: null, ruleId: saved.id });
    }
    expect(await db().pricingRule.count({ where: { id: saved.id } })).toBe(0);
    const after = await holdSeats({
      userId: (await createUser()).id,
      showtimeId: show.id,
      seatIds: [w.small.seatIds[1]!],
    });
    expect(after.price.seats[0]?.priceMinor).toBe(cardPrice('STANDARD', 'TWO_D', 'MATINEE'));
  });

  it('edits only this cinema’s own rules, refuses bad ones at the field, and answers as declared', async () => {
    const w = await programmeWorld();
    const other = await programmeWorld();
    const theirs = await savePricingRule({
      viewer: other.manager,
      cinemaId: other.cinema.id,
      body: {
        rule: {
          kind: 'DAY_OF_WEEK',
          name: 'Weekend',
          adjustmentBps: 1_000,
          daysOfWeek: [6, 7],
          active: true,
        },
      },
    });
    const e = await refusal(
      savePricingRule({
        viewer: w.manager,
        cinemaId: w.cinema.id,
        body: {
          id: theirs.id,
          rule: { kind: 'DAY_OF_WEEK', name: 'Mine now', adjustmentBps: 0, daysOfWeek: [1], active: true },
        },
      }),
    );
    expect(e.code).toBe('NOT_FOUND');
    expect((await db().pricingRule.findUniqueOrThrow({ where: { id: theirs.id } })).name).toBe('Weekend');
    expect(
      (
        await refusal(
          savePricingRule({
            viewer: w.manager,
            cinemaId: other.cinema.id,
            body: {
              rule: { kind: 'DAY_OF_WEEK', name: 'x', adjustmentBps: 0, daysOfWeek: [1], active: true },
            },
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');

    const token = await strongBearerFor(w.manager);
    const backwards = await call(savePricingRuleOp, {
      params: { cinemaId: w.cinema.id },
      body: {
        rule: {
          kind: 'TIME_OF_DAY',
          name: 'Late',
          adjustmentBps: 500,
          startMinute: 1200,
          endMinute: 600,
          active: true,
        },
      },
      token,
    });
    expect(backwards.status).toBe(400);
    const surge = await call(savePricingRuleOp, {
      params: { cinemaId: w.cinema.id },
      body: {
        rule: {
          kind: 'OCCUPANCY',
          name: 'Demand',
          adjustmentBps: 3_000,
          minOccupancyBps: 7_000,
          capBps: 1_500,
          active: true,
        },
      },
      token,
    });
    expect(surge.status).toBe(200);
    // A full house on a Saturday evening: the surge is capped at 15 %.
    const preview = await call(previewSeatPriceOp, {
      params: { cinemaId: w.cinema.id },
      body: {
        category: 'PREMIUM',
        format: 'IMAX',
        date: addDays(w.day, 1),
        time: '19:00',
        occupancyBps: 9_000,
      },
      token,
    });
    expect(preview.status).toBe(200);
    const body = preview.body as {
      baseMinor: number;
      rules: { name: string; adjustmentBps: number }[];
      priceMinor: number;
    };
    expect(body.baseMinor).toBe(cardPrice('PREMIUM', 'IMAX', 'EVENING'));
    expect(body.rules.filter((r) => r.name === 'Demand')).toEqual([
      { name: 'Demand', kind: 'OCCUPANCY', adjustmentBps: 1_500 },
    ]);
  });
});
