'use client';

import { type FormEvent, useState } from 'react';
import {
  FormAlert,
  FormNotice,
  fieldErrors,
  SubmitButton,
  secondaryButtonClass,
} from '@/components/auth/form-bits';
import { Field } from '@/components/ui/field';
import { resendVerificationAction, verifyEmailAction } from '@/server/actions/auth';

/**
 * Enter the 6-digit code emailed to `email`. With the password (just typed at sign-up or sign-in)
 * it can also ask for a new code. Calls onVerified once the address is verified.
 */
export function VerifyEmailStep({
  email,
  password,
  onVerified,
  intro,
}: {
  email: string;
  password?: string;
  onVerified: () => void | Promise<void>;
  intro?: string;
}) {
  const [error, setError] = useState<string | null>(null);
  const [codeError, setCodeError] = useState<string | undefined>();
  const [notice, setNotice] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setPending(true);
    setError(null);
    setCodeError(undefined);
    const result = await verifyEmailAction({ email, code });
    if (!result.ok) {
      setPending(false);
      const fields = fieldErrors(result.error);
      if (fields.code) setCodeError(fields.code);
      else setError(result.error.message);
      return;
    }
    await onVerified();
  }

  async function resend() {
    if (!password) return;
    setError(null);
    setNotice(null);
    const result = await resendVerificationAction({ email, password });
    if (!result.ok) setError(result.error.message);
    else
      setNotice(
        result.data.alreadyVerified ? 'This address is verified already.' : `We sent a new code to ${email}.`,
      );
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm">
        {intro ?? 'We emailed a 6-digit code to'} <strong>{email}</strong>. It expires in 10 minutes.
      </p>
      <Field
        label="Verification code"
        name="code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9]*"
        maxLength={7}
        required
        error={codeError}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      {notice ? <FormNotice>{notice}</FormNotice> : null}
      <SubmitButton pending={pending} busy="Checking…">
        Verify email
      </SubmitButton>
      {password ? (
        <button type="button" onClick={() => void resend()} className={`${secondaryButtonClass} w-full`}>
          Send a new code
        </button>
      ) : null}
    </form>
  );
}
