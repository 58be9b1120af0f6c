'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { getSession, signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { FormAlert, linkClass, SubmitButton, secondaryButtonClass } from '@/components/auth/form-bits';
import { VerifyEmailStep } from '@/components/auth/verify-email-step';
import { Field } from '@/components/ui/field';
import { LOCKED_MESSAGE, NOT_VERIFIED_MESSAGE, WRONG_CREDENTIALS } from '@/lib/auth-messages';
import { withCallback } from '@/lib/safe-callback';
import { resendVerificationAction } from '@/server/actions/auth';

type Step = { kind: 'password' } | { kind: 'unverified' } | { kind: 'code' };

export function SignInForm({ callbackUrl, notice }: { callbackUrl: string; notice?: string }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>({ kind: 'password' });
  const [credentials, setCredentials] = useState({ email: '', password: '' });
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function attempt(email: string, password: string) {
    setPending(true);
    setError(null);
    const result = await signIn('credentials', { email, password, redirect: false });
    if (!result || result.error) {
      setPending(false);
      const code = result?.error ?? '';
      if (code === 'EMAIL_NOT_VERIFIED') {
        setStep({ kind: 'unverified' });
        setError(NOT_VERIFIED_MESSAGE);
      } else if (code.startsWith('RATE_LIMITED')) {
        setError(LOCKED_MESSAGE);
      } else if (code === 'CredentialsSignin') {
        // One message for every failure: it must not reveal whether the account exists.
        setError(WRONG_CREDENTIALS);
      } else {
        setError('Something went wrong on our side. Try again in a moment.');
      }
      return;
    }
    // An account with two-factor authentication has a password-only session until the code step.
    const session = (await getSession()) as { mfa?: string } | null;
    if (session?.mfa === 'pending') {
      router.push(`/signin/2fa?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '');
    const password = String(form.get('password') ?? '');
    setCredentials({ email, password });
    await attempt(email, password);
  }

  async function sendCode() {
    setPending(true);
    const result = await resendVerificationAction(credentials);
    setPending(false);
    if (!result.ok) {
      setError(result.error.message);
      return;
    }
    if (result.data.alreadyVerified) {
      await attempt(credentials.email, credentials.password);
      return;
    }
    setError(null);
    setStep({ kind: 'code' });
  }

  if (step.kind === 'code') {
    return (
      <VerifyEmailStep
        email={credentials.email.trim().toLowerCase()}
        password={credentials.password}
        onVerified={() => attempt(credentials.email, credentials.password)}
      />
    );
  }

  return (
    // method="post": should the script fail to load, a native submit must not put the password in the URL.
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      {notice ? <p className="rounded bg-stone-100 p-2 text-sm dark:bg-ink-800">{notice}</p> : null}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required />
      {error ? <FormAlert>{error}</FormAlert> : null}
      {step.kind === 'unverified' ? (
        <div className="space-y-2">
          <button type="button" className={`${secondaryButtonClass} w-full`} onClick={() => void sendCode()}>
            Email me a verification code
          </button>
          <button
            type="button"
            className="text-sm underline"
            onClick={() => {
              setError(null);
              setStep({ kind: 'code' });
            }}
          >
            I have a code
          </button>
        </div>
      ) : null}
      <SubmitButton pending={pending} busy="Signing in…">
        Sign in
      </SubmitButton>
      <p className="flex flex-wrap justify-between gap-2 text-sm">
        <span>
          New to Marquee?{' '}
          <Link href={withCallback('/signup', callbackUrl)} className={linkClass}>
            Create an account
          </Link>
        </span>
        <Link href="/reset-password" className={linkClass}>
          Forgot your password?
        </Link>
      </p>
    </form>
  );
}
