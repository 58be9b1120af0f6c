'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { FormAlert, FormNotice, fieldErrors, linkClass, SubmitButton } from '@/components/auth/form-bits';
import { Field } from '@/components/ui/field';
import { verifyEmailAction } from '@/server/actions/auth';

/** The standalone page's form: email and code (no password here, so no "send a new code"). */
export function VerifyEmailForm({ email }: { email?: string }) {
  const [verified, setVerified] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setErrors({});
    setError(null);
    const result = await verifyEmailAction({
      email: String(form.get('email') ?? ''),
      code: String(form.get('code') ?? ''),
    });
    setPending(false);
    if (!result.ok) {
      const fields = fieldErrors(result.error);
      if (Object.keys(fields).length) setErrors(fields);
      else setError(result.error.message);
      return;
    }
    setVerified(true);
  }

  if (verified) {
    return (
      <FormNotice>
        Your email address is verified.{' '}
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
      </FormNotice>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        defaultValue={email}
        required
        error={errors.email}
      />
      <Field
        label="Verification code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        required
        error={errors.code}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Checking…">
        Verify email
      </SubmitButton>
      <p className="text-sm">
        No code, or an old one? Sign in with your password and ask for a new one:{' '}
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
