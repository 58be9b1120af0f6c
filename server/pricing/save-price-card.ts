import 'server-only';
import type { PriceCard, PriceCardBody } from '@/lib/schemas/pricing-admin';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { readCommitted } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { readPriceCard } from '@/server/pricing/get-price-card';

// Managers (of the cinema) and admins change its price card: each entry given is set, or removed
// when its price is null; entries not given stay. Only sessions made from now on take the new
// prices: a session keeps the prices it was made with (change them on the session), and a hold
// keeps the price it locked. Audited with the whole card before and after.

export async function savePriceCard(options: {
  viewer: Viewer;
  cinemaId: string;
  body: PriceCardBody;
}): Promise<PriceCard> {
  const { cinemaId, body } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId });
  const card = await readCommitted(
    async (tx) => {
      // One writer of a card at a time, so before/after in the audit are what each one changed.
      await tx.$queryRaw`SELECT id FROM cinemas WHERE id = ${cinemaId}::uuid FOR NO KEY UPDATE`;
      const before = await readPriceCard(tx, cinemaId);
      for (const e of body.entries) {
        const key = { cinemaId, category: e.category, format: e.format, dayPart: e.dayPart };
        if (e.priceMinor === null) await tx.priceCardEntry.deleteMany({ where: key });
        else
          await tx.priceCardEntry.upsert({
            where: { cinemaId_category_format_dayPart: key },
            create: { ...key, priceMinor: e.priceMinor },
            update: { priceMinor: e.priceMinor, updatedAt: new Date() },
          });
      }
      const after = await readPriceCard(tx, cinemaId);
      await recordAudit(tx, {
        actor: viewer,
        action: 'price-card.updated',
        entityType: 'cinema',
        entityId: cinemaId,
        before: before.entries,
        after: after.entries,
      });
      return after;
    },
    { label: 'save-price-card' },
  );
  publishCatalogChange({ cinemaIds: [cinemaId] });
  return card;
}
