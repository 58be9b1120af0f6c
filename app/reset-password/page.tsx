import type { Metadata } from 'next';
import Link from 'next/link';
import { linkClass } from '@/components/auth/form-bits';
import { ForgotPasswordForm, ResetPasswordForm } from '@/components/auth/password-reset-forms';
import { peekResetToken } from '@/server/account/one-time-code';

export const metadata: Metadata = { title: 'Reset your password', robots: { index: false } };

type Props = { searchParams: Promise<{ token?: string }> };

export default async function ResetPasswordPage({ searchParams }: Props) {
  const { token } = await searchParams;
  if (!token) {
    return (
      <div className="mx-auto max-w-sm space-y-6 py-6">
        <h1 className="font-display text-3xl font-bold">Forgot your password?</h1>
        <p className="text-sm">
          Enter your account's email address and we will send you a link to choose a new one.
        </p>
        <ForgotPasswordForm />
      </div>
    );
  }
  const live = token.length < 200 && (await peekResetToken(token));
  return (
    <div className="mx-auto max-w-sm space-y-6 py-6">
      <h1 className="font-display text-3xl font-bold">Choose a new password</h1>
      {live ? (
        <ResetPasswordForm token={token} />
      ) : (
        <p className="text-sm">
          This link has been used, has expired, or was replaced by a newer one.{' '}
          <Link href="/reset-password" className={linkClass}>
            Ask for a new link
          </Link>
        </p>
      )}
    </div>
  );
}
