import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { TwoFactorForm } from '@/components/auth/two-factor-form';
import { safeCallback } from '@/lib/safe-callback';
import { secondFactorState } from '@/server/auth/second-factor';
import { getSessionToken } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Two-factor authentication', robots: { index: false } };

type Props = { searchParams: Promise<{ callbackUrl?: string }> };

export default async function TwoFactorPage({ searchParams }: Props) {
  const target = safeCallback((await searchParams).callbackUrl);
  const state = await secondFactorState(await getSessionToken());
  if (state === 'done') redirect(target);
  if (state === 'none') redirect(`/signin?callbackUrl=${encodeURIComponent(target)}`);
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <h1 className="font-display text-3xl font-bold">Two-factor authentication</h1>
      {state === 'step-up' ? (
        <p className="text-sm">This part of Marquee needs your second factor for this session.</p>
      ) : null}
      <TwoFactorForm callbackUrl={target} />
    </div>
  );
}
