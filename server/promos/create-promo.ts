import 'server-only';
import { AppError } from '@/lib/errors';
import type { CreatePromoInput, Promo } from '@/lib/schemas/promos';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { readPromo } from '@/server/promos/get-promo';
import { assertMayScope, authorizePromos } from '@/server/promos/promo-access';
import { promoRecord } from '@/server/promos/promo-view';
import { assertScopeExists, scopeChange } from '@/server/promos/scope-check';

/**
 * A manager (for cinemas they manage) or an admin (for any, or every, cinema) makes a promo code.
 * The code is unique, upper-case, and never changes afterwards. Audited with what it was made as.
 */
export async function createPromo(options: { viewer: Viewer; input: CreatePromoInput }): Promise<Promo> {
  const viewer = authorizePromos(options.viewer);
  const { input } = options;
  assertMayScope(viewer, input.cinemaIds);
  let promo: Promo;
  try {
    promo = await db().$transaction(async (tx) => {
      await assertScopeExists(tx, input);
      const { id } = await tx.promoCode.create({
        data: {
          code: input.code,
          description: input.description,
          kind: input.kind,
          value: input.value,
          maxDiscountMinor: input.maxDiscountMinor,
          validFrom: new Date(input.validFrom),
          validUntil: new Date(input.validUntil),
          minSeats: input.minSeats,
          maxRedemptions: input.maxRedemptions,
          maxPerUser: input.maxPerUser,
          active: input.active,
          createdById: viewer.id,
          cinemas: { create: input.cinemaIds.map((cinemaId) => ({ cinemaId })) },
          films: { create: input.movieIds.map((movieId) => ({ movieId })) },
        },
        select: { id: true },
      });
      const created = await readPromo(tx, viewer, id);
      await recordAudit(tx, {
        actor: viewer,
        action: 'promo.created',
        entityType: 'promo_code',
        entityId: id,
        after: promoRecord(created),
      });
      return created;
    });
  } catch (error) {
    if (isConstraintViolation(error, 'promo_codes_code_key')) {
      const message = `There is already a code ${input.code}.`;
      throw new AppError('CONFLICT', message, { details: [{ path: 'code', message }] });
    }
    throw error;
  }
  // After the commit: quotes read codes afresh, but whatever caches prices hears of it.
  publishCatalogChange(scopeChange([{ cinemaIds: input.cinemaIds, movieIds: input.movieIds }]));
  return promo;
}
