import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { PromoForm } from '@/components/admin/promo-form';
import { isAppError } from '@/lib/errors';
import { formatMoney } from '@/lib/format';
import { updatePromoAction } from '@/server/actions/promos';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getPromo } from '@/server/promos/get-promo';
import { listPromoOptions } from '@/server/promos/promo-options';

export const metadata: Metadata = { title: 'Promo code · Cinema admin' };

type Props = {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

export default async function PromoPage({ params, searchParams }: Props) {
  const [{ id }, query] = await Promise.all([params, searchParams]);
  if (!z.uuid().safeParse(id).success) notFound();
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, `/admin/promos/${id}`);
  const promo = await getPromo({ viewer, id }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const options = await listPromoOptions({ viewer, chosenMovieIds: promo.films.map((f) => f.id) });
  const { usage } = promo;
  const left =
    promo.maxRedemptions === null ? null : promo.maxRedemptions - usage.redemptions - usage.reserved;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href="/admin/promos" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Promo codes
        </Link>
        <h1 className="font-mono text-3xl font-bold">{promo.code}</h1>
        <p className="text-stone-600 dark:text-stone-400">{promo.description}</p>
      </header>
      {query.created === '1' ? (
        <p
          role="status"
          className="rounded-lg border border-emerald-300 bg-emerald-50 p-3 text-sm dark:border-emerald-800 dark:bg-emerald-950"
        >
          {promo.code} is made. Customers can use it at checkout while it is on and valid.
        </p>
      ) : null}
      <section aria-labelledby="promo-usage" className="space-y-2">
        <h2 id="promo-usage" className="font-display text-xl font-bold">
          Used so far
        </h2>
        <dl className="grid gap-3 sm:grid-cols-4">
          {[
            ['Bookings', usage.redemptions.toLocaleString('en-IN')],
            ['Payments under way', usage.reserved.toLocaleString('en-IN')],
            ['Discount given', formatMoney(usage.discountGivenMinor)],
            ['Uses left', left === null ? 'No limit' : left.toLocaleString('en-IN')],
          ].map(([label, value]) => (
            <div
              key={label}
              className="rounded-lg border border-stone-200 bg-white p-3 dark:border-ink-700 dark:bg-ink-900"
            >
              <dt className="text-sm text-stone-600 dark:text-stone-400">{label}</dt>
              <dd className="text-xl font-bold tabular-nums">{value}</dd>
            </div>
          ))}
        </dl>
      </section>
      <PromoForm
        mode="edit"
        action={updatePromoAction}
        promo={promo}
        allCinemasAllowed={viewer.role === 'ADMIN'}
        {...options}
      />
    </div>
  );
}
