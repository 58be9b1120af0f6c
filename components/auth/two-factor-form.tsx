'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { FormAlert, fieldErrors, SubmitButton } from '@/components/auth/form-bits';
import { signOutHere } from '@/components/auth/sign-out';
import { Field } from '@/components/ui/field';
import { secondFactorAction } from '@/server/actions/two-factor';

export function TwoFactorForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '');
    setPending(true);
    setError(null);
    const result = await secondFactorAction({ code });
    if (!result.ok) {
      setPending(false);
      setError(fieldErrors(result.error).code ?? result.error.message);
      if (result.error.code === 'UNAUTHENTICATED')
        router.push(`/signin?callbackUrl=${encodeURIComponent(callbackUrl)}`);
      return;
    }
    router.push(callbackUrl);
    router.refresh();
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm">Open your authenticator app and enter the 6-digit code for Marquee.</p>
      <Field
        label="Authentication code"
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        required
        hint="Lost your phone? Enter one of your recovery codes instead (xxxxx-xxxxx)."
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Checking…">
        Continue
      </SubmitButton>
      <button type="button" className="text-sm underline" onClick={() => void signOutHere('/signin')}>
        Cancel and sign out
      </button>
    </form>
  );
}
