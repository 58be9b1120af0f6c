'use client';

import Link from 'next/link';
import { useState } from 'react';
import { FormStatus, SubmitButton, useActionForm } from '@/components/admin/action-form';
import { linkClass } from '@/components/auth/form-bits';
import { Field } from '@/components/ui/field';
import { signUpAndAcceptSchema } from '@/lib/schemas/staff';
import type { acceptInvitationAction, signUpAndAcceptInvitationAction } from '@/server/actions/staff';

// Accepting an invitation: one button when signed in with the invited address; otherwise the
// account is made here with that address (the form pattern of the admin pages).

export function AcceptAsViewer(props: { token: string; action: typeof acceptInvitationAction }) {
  const [pending, setPending] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  if (result?.ok) {
    return (
      <div className="space-y-3">
        <p
          role="status"
          className="rounded-md bg-emerald-50 p-3 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
        >
          {result.text}
        </p>
        {/* A full navigation: the admin area reads the new role from the server. */}
        <a href="/admin" className={linkClass}>
          Go to cinema admin
        </a>
      </div>
    );
  }
  return (
    <div className="space-y-3">
      <button
        type="button"
        disabled={pending}
        onClick={async () => {
          setPending(true);
          const r = await props.action({ token: props.token });
          setPending(false);
          setResult(
            r.ok
              ? {
                  ok: true,
                  text: `Accepted: you now work at ${r.data.cinemas.map((c) => c.name).join(', ')}.`,
                }
              : { ok: false, text: r.error.message },
          );
        }}
        className="inline-flex h-11 items-center rounded-md bg-brand-700 px-5 font-semibold text-white hover:bg-brand-800 disabled:opacity-70"
      >
        {pending ? 'Accepting…' : 'Accept the invitation'}
      </button>
      {result ? (
        <p role="alert" className="text-sm text-red-800 dark:text-red-300">
          {result.text}
        </p>
      ) : null}
    </div>
  );
}

export function SignUpAndAccept(props: {
  token: string;
  email: string;
  action: typeof signUpAndAcceptInvitationAction;
}) {
  const { form, status, submit } = useActionForm(signUpAndAcceptSchema, {
    token: props.token,
    name: '',
    password: '',
  });
  const [done, setDone] = useState(false);
  const errors = form.formState.errors;
  if (done) {
    return (
      <p
        role="status"
        className="rounded-md bg-emerald-50 p-3 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
      >
        Your account is ready and the invitation accepted.{' '}
        <Link href={`/signin?callbackUrl=${encodeURIComponent('/admin')}`} className={linkClass}>
          Sign in as {props.email}
        </Link>
      </p>
    );
  }
  return (
    <form
      noValidate
      aria-label="Create your account and accept"
      className="space-y-4"
      onSubmit={async (e) => {
        e.preventDefault();
        if (await submit((values) => props.action(values))) setDone(true);
      }}
    >
      <Field
        label="Email"
        value={props.email}
        readOnly
        aria-readonly="true"
        hint="The address the invitation was sent to."
      />
      <Field label="Your name" autoComplete="name" error={errors.name?.message} {...form.register('name')} />
      <Field
        label="Choose a password"
        type="password"
        autoComplete="new-password"
        hint="At least 10 characters."
        error={errors.password?.message}
        {...form.register('password')}
      />
      <FormStatus status={status} />
      <SubmitButton pending={form.formState.isSubmitting}>Create my account and accept</SubmitButton>
    </form>
  );
}
