'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { FormAlert, fieldErrors, SubmitButton } from '@/components/auth/form-bits';
import { Field } from '@/components/ui/field';
import { updateProfileSchema } from '@/lib/schemas/account-api';
import type { updateProfileAction } from '@/server/actions/account';

// The display name, the web twin of PATCH /api/v1/me: react-hook-form with the schema the API and
// the action validate with; the server's field error lands on the field and what was typed stays.
// After a save the page is re-read (router.refresh), so the header and the account menu, which
// read the name fresh on the server, show the new one.

type Input = z.input<typeof updateProfileSchema>;

export function DisplayNameForm({ name, action }: { name: string; action: typeof updateProfileAction }) {
  const router = useRouter();
  const [saved, setSaved] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const form = useForm<Input>({ resolver: zodResolver(updateProfileSchema), defaultValues: { name } });
  const { errors, isSubmitting } = form.formState;

  const onSubmit = form.handleSubmit(async (input) => {
    setSaved(null);
    setError(null);
    const r = await action(input);
    if (r.ok) {
      form.reset({ name: r.data.name });
      setSaved(r.data.name);
      router.refresh();
      return;
    }
    const fields = fieldErrors(r.error);
    if (fields.name) form.setError('name', { type: 'server', message: fields.name }, { shouldFocus: true });
    else setError(r.error.message);
  });

  return (
    <form method="post" onSubmit={onSubmit} className="space-y-4" noValidate>
      <Field
        label="Display name"
        autoComplete="name"
        hint="Shown on your tickets, your reviews and in the header. 1–100 characters."
        error={errors.name?.message}
        {...form.register('name', { onChange: () => setSaved(null) })}
      />
      {error ? <FormAlert>{error}</FormAlert> : null}
      {/* Always in the page, so screen readers announce the text when it appears. */}
      <p
        role="status"
        className={
          saved
            ? 'rounded bg-emerald-50 p-2 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100'
            : 'sr-only'
        }
      >
        {saved ? `Saved. You are now ${saved}.` : ''}
      </p>
      <SubmitButton pending={isSubmitting} busy="Saving…">
        Save name
      </SubmitButton>
    </form>
  );
}
