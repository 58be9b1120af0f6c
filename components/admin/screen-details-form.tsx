'use client';

import { useRouter } from 'next/navigation';
import { useId } from 'react';
import { FormStatus, Section, SubmitButton, useActionForm } from '@/components/admin/action-form';
import { Field } from '@/components/ui/field';
import { FORMAT_LABELS } from '@/lib/format';
import { FORMAT_VALUES } from '@/lib/schemas/discover';
import { type ScreenSettings, screenSettingsSchema } from '@/lib/schemas/venues';
import type { updateScreenAction } from '@/server/actions/venues';

// A screen's name, formats and cleaning minutes: the admin form pattern (the schema the server
// validates with; the server's field errors on the fields; nothing typed lost on an error).

type Props = {
  cinemaId: string;
  screenId: string;
  initial: ScreenSettings;
  action: typeof updateScreenAction;
};

export function ScreenDetailsForm({ cinemaId, screenId, initial, action }: Props) {
  const router = useRouter();
  const { form, status, setStatus, submit } = useActionForm(screenSettingsSchema, initial);
  const errors = form.formState.errors;
  const formatsId = useId();
  const formatsError = errors.formats?.message ?? errors.formats?.root?.message;
  return (
    <form
      noValidate
      aria-label="Screen details"
      onSubmit={async (e) => {
        e.preventDefault();
        const saved = await submit((values) => action({ ...values, cinemaId, screenId }));
        if (saved) {
          form.reset({ name: saved.name, formats: saved.formats, cleaningMinutes: saved.cleaningMinutes });
          setStatus({ kind: 'done', message: 'Saved.' });
          router.refresh();
        }
      }}
    >
      <Section
        title="Details"
        description="Cleaning minutes are reserved after each show put on this screen from now on."
      >
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Name" autoComplete="off" error={errors.name?.message} {...form.register('name')} />
          <Field
            label="Cleaning minutes between shows"
            type="number"
            inputMode="numeric"
            min={0}
            max={240}
            error={errors.cleaningMinutes?.message}
            {...form.register('cleaningMinutes', { valueAsNumber: true })}
          />
        </div>
        <fieldset
          id={formatsId}
          className="space-y-1"
          aria-describedby={formatsError ? `${formatsId}-error` : undefined}
        >
          <legend className="text-sm font-medium">Formats it can project</legend>
          <div className="flex flex-wrap gap-x-4 gap-y-2 pt-1">
            {FORMAT_VALUES.map((f) => (
              <label key={f} className="flex min-h-11 items-center gap-2 text-sm">
                <input type="checkbox" value={f} className="h-5 w-5" {...form.register('formats')} />
                {FORMAT_LABELS[f]}
              </label>
            ))}
          </div>
          {formatsError ? (
            <p id={`${formatsId}-error`} className="text-sm text-red-700 dark:text-red-400">
              {formatsError}
            </p>
          ) : null}
        </fieldset>
        <FormStatus status={status} />
        <SubmitButton pending={form.formState.isSubmitting}>Save details</SubmitButton>
      </Section>
    </form>
  );
}
