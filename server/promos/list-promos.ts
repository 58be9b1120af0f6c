import 'server-only';
import type { PromoList, PromoListQuery } from '@/lib/schemas/promos';
import type { Prisma } from '@/prisma/generated/client';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { authorizePromos, visiblePromosWhere } from '@/server/promos/promo-access';
import { promoSelect, promoUsage, toPromo } from '@/server/promos/promo-view';

function statusWhere(status: PromoListQuery['status'], now: Date): Prisma.PromoCodeWhereInput {
  switch (status) {
    case 'current':
      return { active: true, validFrom: { lte: now }, validUntil: { gt: now } };
    case 'upcoming':
      return { active: true, validFrom: { gt: now } };
    case 'ended':
      return { validUntil: { lte: now } };
    case 'inactive':
      return { active: false };
    case 'all':
      return {};
  }
}

/**
 * The promo codes the viewer may manage (server/promos/promo-access.ts), newest first, filtered
 * by part of the code or description, status and cinema, a page at a time, with their usage.
 * Managers and admins; reading needs no 2FA.
 */
export async function listPromos(options: { viewer: Viewer; query: PromoListQuery }): Promise<PromoList> {
  const viewer = authorizePromos(options.viewer);
  const { q, status, cinemaId, page, pageSize } = options.query;
  const where: Prisma.PromoCodeWhereInput = {
    AND: [
      visiblePromosWhere(viewer),
      statusWhere(status, new Date()),
      cinemaId ? { cinemas: { some: { cinemaId } } } : {},
      q
        ? {
            OR: [
              { code: { contains: q.toUpperCase() } },
              { description: { contains: q, mode: 'insensitive' as const } },
            ],
          }
        : {},
    ],
  };
  const [total, rows] = await Promise.all([
    db().promoCode.count({ where }),
    db().promoCode.findMany({
      where,
      select: promoSelect,
      orderBy: [{ createdAt: 'desc' }, { id: 'asc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
  ]);
  const usage = await promoUsage(
    db(),
    rows.map((r) => r.id),
  );
  // Everything listed is the viewer's to change: the filter above is the rule.
  return { promos: rows.map((r) => toPromo(r, usage.get(r.id), true)), page, pageSize, total };
}
