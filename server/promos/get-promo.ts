import 'server-only';
import { AppError } from '@/lib/errors';
import type { Promo } from '@/lib/schemas/promos';
import type { Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { authorizePromos, visiblePromosWhere } from '@/server/promos/promo-access';
import { promoSelect, promoUsage, toPromo } from '@/server/promos/promo-view';

/** One code the viewer may manage, with its usage; NOT_FOUND for any other. */
export async function readPromo(
  client: ReturnType<typeof db> | Tx,
  viewer: Viewer,
  id: string,
): Promise<Promo> {
  const row = await client.promoCode.findFirst({
    where: { AND: [{ id }, visiblePromosWhere(viewer)] },
    select: promoSelect,
  });
  if (!row) throw new AppError('NOT_FOUND', 'There is no such promo code.');
  return toPromo(row, (await promoUsage(client, [id])).get(id), true);
}

export async function getPromo(options: { viewer: Viewer; id: string }): Promise<Promo> {
  const viewer = authorizePromos(options.viewer);
  return readPromo(db(), viewer, options.id);
}
