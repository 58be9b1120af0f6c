import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { SignOutEverywhereForm } from '@/components/account/account-forms';
import { TwoFactorPanel } from '@/components/account/two-factor';
import { linkClass } from '@/components/auth/form-bits';
import { getViewer } from '@/server/auth/session';
import { twoFactorStatus } from '@/server/auth/two-factor';

export const metadata: Metadata = { title: 'Security', robots: { index: false } };

type Props = { searchParams: Promise<{ required?: string }> };

export default async function SecurityPage({ searchParams }: Props) {
  const viewer = await getViewer();
  if (!viewer) redirect(`/signin?callbackUrl=${encodeURIComponent('/account/security')}`);
  const [{ required }, status] = await Promise.all([searchParams, twoFactorStatus(viewer.id)]);
  return (
    <div className="mx-auto max-w-xl space-y-6">
      <p className="text-sm">
        <Link href="/account" className={linkClass}>
          Your account
        </Link>
      </p>
      <h1 className="font-display text-2xl font-bold sm:text-3xl">Two-factor authentication</h1>
      {required === '1' && !status.enabled ? (
        <p
          role="alert"
          className="rounded bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Managers and administrators must turn on two-factor authentication before they can use the admin
          area.
        </p>
      ) : null}
      <TwoFactorPanel enabled={status.enabled} recoveryCodesLeft={status.recoveryCodesLeft} />
      <section
        aria-labelledby="sessions-heading"
        className="space-y-3 border-t border-stone-200 pt-6 dark:border-ink-700"
      >
        <h2 id="sessions-heading" className="font-display text-xl font-bold">
          Sessions
        </h2>
        <SignOutEverywhereForm />
      </section>
    </div>
  );
}
