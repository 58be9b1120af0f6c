import type { Metadata } from 'next';
import { VerifyEmailForm } from '@/components/auth/verify-email-form';
import { emailSchema } from '@/lib/schemas/auth';

export const metadata: Metadata = { title: 'Verify your email', robots: { index: false } };

type Props = { searchParams: Promise<{ email?: string }> };

export default async function VerifyEmailPage({ searchParams }: Props) {
  const parsed = emailSchema.safeParse((await searchParams).email);
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <h1 className="font-display text-3xl font-bold">Verify your email</h1>
      <VerifyEmailForm email={parsed.success ? parsed.data : undefined} />
    </div>
  );
}
