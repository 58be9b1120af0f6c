'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import {
  FormAlert,
  FormNotice,
  fieldErrors,
  SubmitButton,
  secondaryButtonClass,
} from '@/components/auth/form-bits';
import { Field } from '@/components/ui/field';
import {
  changePasswordAction,
  confirmEmailChangeAction,
  deleteAccountAction,
  requestEmailChangeAction,
  signOutEverywhereAction,
} from '@/server/actions/account';

type Result<T> =
  | { ok: true; data: T }
  | { ok: false; error: { code: string; message: string; details?: unknown } };

/** Runs an action for a form; keeps its field errors, form error and pending state. */
function useFormAction() {
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  async function run<T>(fn: () => Promise<Result<T>>): Promise<T | null> {
    setPending(true);
    setErrors({});
    setError(null);
    const result = await fn();
    setPending(false);
    if (!result.ok) {
      const fields = fieldErrors(result.error);
      if (Object.keys(fields).length) setErrors(fields);
      else setError(result.error.message);
      return null;
    }
    return result.data;
  }
  return { errors, error, pending, run };
}

export function ChangePasswordForm() {
  const { errors, error, pending, run } = useFormAction();
  const [done, setDone] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const ok = await run(() =>
      changePasswordAction({
        currentPassword: String(data.get('currentPassword') ?? ''),
        newPassword: String(data.get('newPassword') ?? ''),
      }),
    );
    if (ok) {
      form.reset();
      setDone(true);
    }
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={errors.currentPassword}
      />
      <Field
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. Other devices will be signed out."
        error={errors.newPassword}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      {done ? <FormNotice>Password changed. Every other device has been signed out.</FormNotice> : null}
      <SubmitButton pending={pending} busy="Saving…">
        Change password
      </SubmitButton>
    </form>
  );
}

export function ChangeEmailForm({
  current,
  pending: initialTarget,
}: {
  current: string | null;
  pending: string | null;
}) {
  const router = useRouter();
  const { errors, error, pending, run } = useFormAction();
  const [target, setTarget] = useState<string | null>(initialTarget);
  const [changed, setChanged] = useState<string | null>(null);

  async function request(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const result = await run(() =>
      requestEmailChangeAction({
        newEmail: String(data.get('newEmail') ?? ''),
        password: String(data.get('password') ?? ''),
      }),
    );
    if (result) setTarget(result.sentTo);
  }

  async function confirm(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const result = await run(() => confirmEmailChangeAction({ code: String(data.get('code') ?? '') }));
    if (result) {
      setChanged(result.email);
      setTarget(null);
      router.refresh();
    }
  }

  if (target) {
    return (
      <form method="post" onSubmit={confirm} className="space-y-4" noValidate>
        <p className="text-sm">
          We emailed a 6-digit code to <strong>{target}</strong>. Enter it to make it your sign-in address.
        </p>
        <Field
          label="Code"
          name="code"
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          error={errors.code}
        />
        {error ? <FormAlert>{error}</FormAlert> : null}
        <div className="flex gap-2">
          <SubmitButton pending={pending} busy="Checking…">
            Confirm new email
          </SubmitButton>
          <button type="button" className={secondaryButtonClass} onClick={() => setTarget(null)}>
            Use another address
          </button>
        </div>
      </form>
    );
  }
  return (
    <form method="post" onSubmit={request} className="space-y-4" noValidate>
      {changed ? <FormNotice>Your sign-in address is now {changed}.</FormNotice> : null}
      <p className="text-sm text-stone-600 dark:text-stone-400">Currently: {current ?? 'none'}</p>
      <Field
        label="New email"
        name="newEmail"
        type="email"
        autoComplete="email"
        required
        error={errors.newEmail}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <SubmitButton pending={pending} busy="Sending…">
        Send a code to the new address
      </SubmitButton>
    </form>
  );
}

export function DeleteAccountForm() {
  const { errors, error, pending, run } = useFormAction();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const ok = await run(() =>
      deleteAccountAction({
        password: String(data.get('password') ?? ''),
        confirm: String(data.get('confirm') ?? '') as 'DELETE',
      }),
    );
    // The session cookie is gone: a full reload shows the signed-out site.
    if (ok) window.location.assign('/');
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm">
        Your name, email, password and two-factor settings are erased and you are signed out everywhere. Your
        bookings stay with the cinema for its accounts (with your name, without your email); tickets you
        already have stay valid. This cannot be undone.
      </p>
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <Field
        label="Type DELETE to confirm"
        name="confirm"
        autoComplete="off"
        required
        error={errors.confirm}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      <button
        type="submit"
        className="inline-flex h-11 w-full items-center justify-center rounded-md bg-red-700 px-4 font-semibold text-white hover:bg-red-800 disabled:opacity-60"
        disabled={pending}
      >
        {pending ? 'Deleting…' : 'Delete my account'}
      </button>
    </form>
  );
}

export function SignOutEverywhereForm() {
  const { error, pending, run } = useFormAction();

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const ok = await run(() => signOutEverywhereAction({}));
    // This session ended too: a full load of the sign-in page, back here afterwards.
    if (ok) window.location.assign(`/signin?callbackUrl=${encodeURIComponent('/account/security')}`);
  }

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <p className="text-sm">
        Signs you out on every browser and device, this one included, and stops every app you signed in to
        with your password (their API tokens and refresh tokens). Use it if you signed in on a computer that
        is not yours or think someone else knows your password; then consider changing it.
      </p>
      {error ? <FormAlert>{error}</FormAlert> : null}
      <button type="submit" className={secondaryButtonClass} disabled={pending}>
        {pending ? 'Signing out…' : 'Sign out everywhere'}
      </button>
    </form>
  );
}
