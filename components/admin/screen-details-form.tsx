'use client';

import { useRouter } from 'next/navigation';
import { FormStatus, Section, SubmitButton, useActionForm } from '@/components/admin/action-form';
import { FormatsField } from '@/components/admin/formats-field';
import { Field } from '@/components/ui/field';
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
        description="Cleaning minutes are reserved after each show put on this screen from now on. Leave it empty to use the cinema's cleaning time."
      >
        <div className="grid gap-4 md:grid-cols-2">
          <Field label="Name" autoComplete="off" error={errors.name?.message} {...form.register('name')} />
          <Field
            label="Cleaning minutes between shows"
            type="number"
            inputMode="numeric"
            min={0}
            max={120}
            placeholder="The cinema's"
            error={errors.cleaningMinutes?.message}
            {...form.register('cleaningMinutes', {
              setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? null : Number(v)),
            })}
          />
        </div>
        <FormatsField register={form.register('formats')} error={formatsError} />
        <FormStatus status={status} />
        <SubmitButton pending={form.formState.isSubmitting}>Save details</SubmitButton>
      </Section>
    </form>
  );
}
