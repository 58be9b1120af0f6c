'use client';

import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { FormAlert, FormNotice, fieldErrors, linkClass, SubmitButton } from '@/components/auth/form-bits';
import { Field } from '@/components/ui/field';
import { requestResetAction, resetPasswordAction } from '@/server/actions/auth';

export function ForgotPasswordForm() {
  const [sentTo, setSentTo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const email = String(new FormData(e.currentTarget).get('email') ?? '');
    setPending(true);
    setError(null);
    const result = await requestResetAction({ email });
    setPending(false);
    if (!result.ok) setError(fieldErrors(result.error).email ?? result.error.message);
    else setSentTo(email);
  }

  if (sentTo) {
    // The same words whether or not the address has an account.
    return (
      <FormNotice>
        If {sentTo} belongs to a Marquee account, we have emailed it a link to choose a new password. The link
        works once, for 30 minutes.
      </FormNotice>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Sending…">
        Email me a reset link
      </SubmitButton>
    </form>
  );
}

export function ResetPasswordForm({ token }: { token: string }) {
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [passwordError, setPasswordError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const password = String(new FormData(e.currentTarget).get('password') ?? '');
    setPending(true);
    setError(null);
    setPasswordError(undefined);
    const result = await resetPasswordAction({ token, password });
    setPending(false);
    if (!result.ok) {
      const fields = fieldErrors(result.error);
      if (fields.password) setPasswordError(fields.password);
      else setError(result.error.message);
      return;
    }
    setDone(true);
  }

  if (done) {
    return (
      <FormNotice>
        Your password is changed, and every device that was signed in has been signed out.{' '}
        <Link href="/signin" className={linkClass}>
          Sign in
        </Link>
      </FormNotice>
    );
  }
  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={passwordError}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Saving…">
        Set new password
      </SubmitButton>
    </form>
  );
}
