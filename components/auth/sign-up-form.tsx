'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { FormAlert, fieldErrors, linkClass, SubmitButton } from '@/components/auth/form-bits';
import { VerifyEmailStep } from '@/components/auth/verify-email-step';
import { Field } from '@/components/ui/field';
import { withCallback } from '@/lib/safe-callback';
import { signUpAction } from '@/server/actions/auth';

type FieldErrors = Partial<Record<'name' | 'email' | 'password', string>>;

export function SignUpForm({ callbackUrl }: { callbackUrl: string }) {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  // After the account is created: the code step, with the password kept to sign in afterwards.
  const [created, setCreated] = useState<{ email: string; password: string } | null>(null);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = {
      name: String(form.get('name') ?? ''),
      email: String(form.get('email') ?? ''),
      password: String(form.get('password') ?? ''),
    };
    setPending(true);
    setErrors({});
    setFormError(null);
    const result = await signUpAction(input);
    setPending(false);
    if (!result.ok) {
      const fields = fieldErrors(result.error);
      if (Object.keys(fields).length) setErrors(fields as FieldErrors);
      else setFormError(result.error.message);
      return;
    }
    setCreated({ email: result.data.email, password: input.password });
  }

  if (created) {
    return (
      <VerifyEmailStep
        email={created.email}
        password={created.password}
        intro="Almost there. We emailed a 6-digit code to"
        onVerified={async () => {
          await signIn('credentials', { email: created.email, password: created.password, redirect: false });
          router.push(callbackUrl);
          router.refresh();
        }}
      />
    );
  }

  return (
    // method="post": should the script fail to load, a native submit must not put the password in the URL.
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field label="Name" name="name" autoComplete="name" required error={errors.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.password}
      />
      {formError ? <FormAlert>{formError}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Creating your account…">
        Create account
      </SubmitButton>
      <p className="text-sm">
        Already have an account?{' '}
        <Link href={withCallback('/signin', callbackUrl)} className={linkClass}>
          Sign in
        </Link>
      </p>
    </form>
  );
}
