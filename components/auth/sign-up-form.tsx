'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { signIn } from 'next-auth/react';
import { type FormEvent, useState } from 'react';
import { signUpAction } from '@/app/signup/actions';
import { buttonClass, Field } from '@/components/ui/field';

type FieldErrors = Partial<Record<'name' | 'email' | 'password', string>>;

export function SignUpForm() {
  const router = useRouter();
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

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
    if (!result.ok) {
      setPending(false);
      const details = result.error.details as { path: string; message: string }[] | undefined;
      if (result.error.code === 'VALIDATION_FAILED' && details) {
        setErrors(Object.fromEntries(details.map((d) => [d.path, d.message])) as FieldErrors);
      } else {
        setFormError(result.error.message);
      }
      return;
    }
    await signIn('credentials', { email: input.email, password: input.password, redirect: false });
    router.push('/');
    router.refresh();
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
      {formError ? (
        <p
          role="alert"
          className="rounded bg-red-50 p-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {formError}
        </p>
      ) : null}
      <button type="submit" className={buttonClass} disabled={pending}>
        {pending ? 'Creating your account…' : 'Create account'}
      </button>
      <p className="text-sm">
        Already have an account?{' '}
        <Link href="/signin" className="font-medium text-brand-700 underline dark:text-brand-400">
          Sign in
        </Link>
      </p>
    </form>
  );
}
