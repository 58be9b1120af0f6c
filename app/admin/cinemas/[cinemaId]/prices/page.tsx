import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PriceCardForm } from '@/components/admin/pricing/price-card-form';
import { PricingRulesPanel } from '@/components/admin/pricing/pricing-rules-panel';
import { isAppError } from '@/lib/errors';
import { localDateAt } from '@/lib/local-time';
import {
  deleteGlobalPricingRuleAction,
  deletePricingRuleAction,
  previewSeatPriceAction,
  saveGlobalPricingRuleAction,
  savePriceCardAction,
  savePricingRuleAction,
} from '@/server/actions/pricing';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getPriceCard } from '@/server/pricing/get-price-card';
import { listPricingRules } from '@/server/pricing/pricing-rules';

export const metadata: Metadata = { title: 'Prices · Cinema admin' };

type Props = { params: Promise<{ cinemaId: string }> };

// A cinema's price card for its managers: what new sessions charge per seat category, format and
// part of the day.
export default async function PricesPage({ params }: Props) {
  const { cinemaId } = await params;
  if (!z.uuid().safeParse(cinemaId).success) notFound();
  const viewer = await requireAdminArea(
    { roles: ['MANAGER'], cinemaId },
    `/admin/cinemas/${cinemaId}/prices`,
  );
  const card = await getPriceCard({ viewer, cinemaId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { rules } = await listPricingRules({ viewer, cinemaId });
  return (
    <div className="space-y-10">
      <header className="space-y-3">
        <Link
          href={`/admin/cinemas/${cinemaId}/programme`}
          className="text-sm text-brand-700 underline dark:text-brand-400"
        >
          ← Programme
        </Link>
        <div>
          <h1 className="font-display text-3xl font-bold">Prices</h1>
          <p className="text-stone-600 dark:text-stone-400">{card.cinema.name} · price card</p>
        </div>
      </header>
      <PriceCardForm card={card} save={savePriceCardAction} />
      <PricingRulesPanel
        card={card}
        rules={rules}
        today={localDateAt(new Date(), card.cinema.timeZone)}
        save={savePricingRuleAction}
        remove={deletePricingRuleAction}
        preview={previewSeatPriceAction}
        global={
          viewer.role === 'ADMIN'
            ? { save: saveGlobalPricingRuleAction, remove: deleteGlobalPricingRuleAction }
            : undefined
        }
      />
    </div>
  );
}
