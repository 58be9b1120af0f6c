import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/sign-in-form';
import { safeCallback } from '@/lib/safe-callback';
import { getViewer } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Sign in' };

type Props = { searchParams: Promise<{ callbackUrl?: string; error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  const { callbackUrl } = await searchParams;
  const target = safeCallback(callbackUrl);
  if (await getViewer()) redirect(target);
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <h1 className="font-display text-3xl font-bold">Sign in</h1>
      <SignInForm callbackUrl={target} />
    </div>
  );
}
