import 'server-only';
import { isDeepStrictEqual } from 'node:util';
import { AppError } from '@/lib/errors';
import type { Promo, UpdatePromoInput } from '@/lib/schemas/promos';
import type { Prisma } from '@/prisma/generated/client';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { readPromo } from '@/server/promos/get-promo';
import { assertMayScope, authorizePromos } from '@/server/promos/promo-access';
import { type PromoRecord, promoRecord } from '@/server/promos/promo-view';
import { assertScopeExists, scopeChange } from '@/server/promos/scope-check';

const EDITABLE = [
  'description',
  'kind',
  'value',
  'maxDiscountMinor',
  'validFrom',
  'validUntil',
  'minSeats',
  'maxRedemptions',
  'maxPerUser',
  'active',
  'cinemaIds',
  'movieIds',
] as const satisfies readonly (keyof PromoRecord)[];

const refuse = (path: string, message: string) =>
  new AppError('VALIDATION_FAILED', message, { details: [{ path, message }] });

/** Compares an instant given in any offset with the stored one. */
function same(key: (typeof EDITABLE)[number], next: unknown, current: unknown): boolean {
  if (
    (key === 'validFrom' || key === 'validUntil') &&
    typeof next === 'string' &&
    typeof current === 'string'
  ) {
    return Date.parse(next) === Date.parse(current);
  }
  if ((key === 'cinemaIds' || key === 'movieIds') && Array.isArray(next)) {
    return isDeepStrictEqual([...next].sort(), current);
  }
  return isDeepStrictEqual(next, current);
}

/**
 * Changes the fields sent of a code the viewer may manage (only those that differ), under the
 * code's row lock: the lock checkout takes to reserve a use, so a change and a checkout are in
 * line. A checkout prepared before the change keeps the discount it locked into its hold's price;
 * every quote and checkout after it sees the new rules. The code itself never changes.
 */
export async function updatePromo(options: { viewer: Viewer; input: UpdatePromoInput }): Promise<Promo> {
  const viewer = authorizePromos(options.viewer);
  const { id, ...fields } = options.input;
  const { promo, before } = await db().$transaction(async (tx) => {
    const [locked] = await tx.$queryRaw<{ redemption_count: number }[]>`
      SELECT redemption_count FROM promo_codes WHERE id = ${id}::uuid FOR UPDATE`;
    if (!locked) throw new AppError('NOT_FOUND', 'There is no such promo code.');
    const current = await readPromo(tx, viewer, id);
    const was = promoRecord(current);
    const changed = EDITABLE.filter((k) => fields[k] !== undefined && !same(k, fields[k], was[k]));
    if (changed.length === 0) return { promo: current, before: null };
    const next = { ...was, ...Object.fromEntries(changed.map((k) => [k, fields[k]])) } as PromoRecord;

    if (changed.includes('cinemaIds')) assertMayScope(viewer, next.cinemaIds);
    if (next.kind === 'PERCENT' && next.value > 10_000)
      throw refuse('value', 'A percentage is at most 100 %.');
    if (Date.parse(next.validFrom) >= Date.parse(next.validUntil)) {
      throw refuse('validUntil', 'The end must come after the start.');
    }
    if (next.maxRedemptions !== null && next.maxRedemptions < locked.redemption_count) {
      throw refuse(
        'maxRedemptions',
        `It has been used ${locked.redemption_count} times already: the limit cannot be lower than that.`,
      );
    }
    await assertScopeExists(tx, {
      cinemaIds: changed.includes('cinemaIds') ? next.cinemaIds : undefined,
      movieIds: changed.includes('movieIds') ? next.movieIds : undefined,
    });

    const data: Prisma.PromoCodeUpdateInput = { updatedAt: new Date() };
    for (const k of changed) {
      if (k === 'cinemaIds') {
        data.cinemas = { deleteMany: {}, create: next.cinemaIds.map((cinemaId) => ({ cinemaId })) };
      } else if (k === 'movieIds') {
        data.films = { deleteMany: {}, create: next.movieIds.map((movieId) => ({ movieId })) };
      } else if (k === 'validFrom' || k === 'validUntil') {
        data[k] = new Date(next[k]);
      } else {
        Object.assign(data, { [k]: next[k] });
      }
    }
    await tx.promoCode.update({ where: { id }, data });
    const after = await readPromo(tx, viewer, id);
    const now = promoRecord(after);
    await recordAudit(tx, {
      actor: viewer,
      action: 'promo.updated',
      entityType: 'promo_code',
      entityId: id,
      before: Object.fromEntries(changed.map((k) => [k, was[k]])),
      after: Object.fromEntries(changed.map((k) => [k, now[k]])),
    });
    return { promo: after, before: was };
  });
  // After the commit, for the cinemas and films it applied to before and applies to now.
  if (before) publishCatalogChange(scopeChange([before, promoRecord(promo)]));
  return promo;
}
