'use client';

import { useId } from 'react';
import { type Control, Controller, type UseFormReturn, useFieldArray } from 'react-hook-form';
import { AccessFieldset } from '@/components/admin/programme/access-fieldset';
import { buttonBase } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import {
  MAX_ACCESS_SLOTS,
  type ProgrammeTemplateBody,
  WEEKDAY_NAMES,
  WEEKDAYS,
} from '@/lib/schemas/programme';

// A rolling programme's accessible showings: each slot is days of the week and a window of start
// times whose sessions get the ticked features ("Tuesdays 10:00–12:00: relaxed"). A window, not one
// time, because back-to-back start times move with the films' runtimes.

type Form = UseFormReturn<ProgrammeTemplateBody>;

export function AccessSlotsFieldset({ form }: { form: Form }) {
  const id = useId();
  const { fields, append, remove } = useFieldArray({ control: form.control, name: 'accessSlots' });
  const errors = form.formState.errors.accessSlots;
  return (
    <fieldset className="space-y-3" aria-describedby={`${id}-note`}>
      <legend className="text-sm font-medium">Accessible showings</legend>
      <p id={`${id}-note`} className="text-xs text-stone-600 dark:text-stone-400">
        Sessions this programme makes that start on a slot's days within its times get its features (a session
        in two slots gets both). Sessions already made keep theirs.
      </p>
      {fields.length === 0 ? (
        <p className="text-sm text-stone-600 dark:text-stone-400">No accessible showings yet.</p>
      ) : null}
      <ol className="space-y-3">
        {fields.map((field, i) => (
          <li key={field.id}>
            <fieldset className="space-y-3 rounded-md border border-stone-200 p-3 dark:border-ink-700">
              <legend className="px-1 text-sm font-semibold">Slot {i + 1}</legend>
              <fieldset className="space-y-1">
                <legend className="text-sm font-medium">Days</legend>
                <div className="flex flex-wrap gap-x-3 gap-y-1">
                  {WEEKDAYS.map((d) => (
                    <label key={d} className="flex min-h-8 items-center gap-1.5 text-sm">
                      <input
                        type="checkbox"
                        value={d}
                        className="size-4"
                        aria-label={WEEKDAY_NAMES[d]}
                        {...form.register(`accessSlots.${i}.days`)}
                      />
                      <span aria-hidden="true">{d.charAt(0) + d.slice(1).toLowerCase()}</span>
                    </label>
                  ))}
                </div>
                {errors?.[i]?.days?.message ? (
                  <p className="text-sm text-red-700 dark:text-red-400">{errors[i]?.days?.message}</p>
                ) : null}
              </fieldset>
              <div className="grid gap-3 sm:grid-cols-2">
                <Field
                  label="Starting from"
                  type="time"
                  step={300}
                  error={errors?.[i]?.from?.message}
                  {...form.register(`accessSlots.${i}.from`)}
                />
                <Field
                  label="Until"
                  type="time"
                  step={300}
                  error={errors?.[i]?.until?.message}
                  {...form.register(`accessSlots.${i}.until`)}
                />
              </div>
              <SlotFeatures control={form.control} index={i} error={errors?.[i]?.features?.message} />
              <button type="button" className={buttonBase} onClick={() => remove(i)}>
                Remove slot {i + 1}
              </button>
            </fieldset>
          </li>
        ))}
      </ol>
      {errors?.message ? <p className="text-sm text-red-700 dark:text-red-400">{errors.message}</p> : null}
      <button
        type="button"
        className={buttonBase}
        disabled={fields.length >= MAX_ACCESS_SLOTS}
        onClick={() => append({ days: [...WEEKDAYS], from: '10:00', until: '12:00', features: [] })}
      >
        Add an accessible showing
      </button>
    </fieldset>
  );
}

function SlotFeatures(props: { control: Control<ProgrammeTemplateBody>; index: number; error?: string }) {
  return (
    <Controller
      control={props.control}
      name={`accessSlots.${props.index}.features`}
      render={({ field }) => (
        <AccessFieldset
          legend="Features"
          value={field.value ?? []}
          onChange={field.onChange}
          error={props.error}
        />
      )}
    />
  );
}
