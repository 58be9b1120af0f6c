import type { Metadata } from 'next';
import Link from 'next/link';
import { PromoForm } from '@/components/admin/promo-form';
import { createPromoAction } from '@/server/actions/promos';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listPromoOptions } from '@/server/promos/promo-options';

export const metadata: Metadata = { title: 'New promo code · Cinema admin' };

export default async function NewPromoPage() {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/promos/new');
  const options = await listPromoOptions({ viewer });
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href="/admin/promos" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Promo codes
        </Link>
        <h1 className="font-display text-3xl font-bold">New promo code</h1>
      </header>
      {options.cinemas.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          You manage no cinema yet: an admin must assign you one before you can make codes.
        </p>
      ) : (
        <PromoForm
          mode="create"
          action={createPromoAction}
          allCinemasAllowed={viewer.role === 'ADMIN'}
          {...options}
        />
      )}
    </div>
  );
}
