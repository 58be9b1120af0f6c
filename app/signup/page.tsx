import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignUpForm } from '@/components/auth/sign-up-form';
import { safeCallback } from '@/lib/safe-callback';
import { getViewer } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Create an account' };

type Props = { searchParams: Promise<{ callbackUrl?: string }> };

export default async function SignUpPage({ searchParams }: Props) {
  // Where the new customer was (a seat map, a film): they go back there once verified.
  const target = safeCallback((await searchParams).callbackUrl);
  if (await getViewer()) redirect(target);
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <h1 className="font-display text-3xl font-bold">Create your account</h1>
      <SignUpForm callbackUrl={target} />
    </div>
  );
}
