'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { AccessSlotsFieldset } from '@/components/admin/programme/access-slots-fieldset';
import { dayLabel } from '@/components/admin/programme/display';
import { primaryButton } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import {
  DEFAULT_LAST_START,
  type ProgrammeScreen,
  type ProgrammeTemplateBody,
  type ProgrammeWeek,
  programmeTemplateBodySchema,
} from '@/lib/schemas/programme';
import type { saveProgrammeTemplateAction } from '@/server/actions/programme';

// A screen's rolling programme: the job keeps it programmed so many days ahead, back to back from
// the first show, with the chosen films in turn (or every film in release). Saving an active one
// programmes the days ahead at once.

export function rollingLine(screen: ProgrammeScreen): string {
  const t = screen.rolling;
  if (!t) return 'No rolling programme';
  if (!t.active) return 'Rolling programme off';
  const slots = t.accessSlots.length;
  return `Rolling: ${t.firstShow}–${t.lastStart}, ${t.daysAhead} days ahead${slots ? `, ${slots} accessible showing${slots === 1 ? '' : 's'}` : ''}`;
}

export function RollingTemplateForm(props: {
  week: ProgrammeWeek;
  screen: ProgrammeScreen;
  save: typeof saveProgrammeTemplateAction;
  onDone: (message: string) => void;
}) {
  const { screen, week } = props;
  const t = screen.rolling;
  const form = useForm<ProgrammeTemplateBody>({
    resolver: zodResolver(programmeTemplateBodySchema),
    defaultValues: {
      movieIds: t?.movieIds ?? [],
      firstShow: t?.firstShow ?? '10:00',
      lastStart: t?.lastStart ?? DEFAULT_LAST_START,
      daysAhead: t?.daysAhead ?? 14,
      active: t?.active ?? true,
      accessSlots: t?.accessSlots ?? [],
    },
  });
  const errors = form.formState.errors;
  const [problem, setProblem] = useState<string | null>(null);
  const playable = week.films.filter((f) => f.formats.some((x) => screen.formats.includes(x)));

  async function submit(values: ProgrammeTemplateBody) {
    setProblem(null);
    const r = await props.save({ ...values, screenId: screen.id });
    if (!r.ok) {
      const slotFields = (values.accessSlots ?? []).flatMap(
        (_, i) =>
          [
            `accessSlots.${i}.days`,
            `accessSlots.${i}.from`,
            `accessSlots.${i}.until`,
            `accessSlots.${i}.features`,
          ] as const,
      );
      setProblem(
        placeServerErrors(form, r.error, [
          'movieIds',
          'firstShow',
          'lastStart',
          'daysAhead',
          'active',
          ...slotFields,
          'accessSlots',
        ]),
      );
      return;
    }
    const { template, extended } = r.data;
    props.onDone(
      template.active
        ? `Rolling programme of ${screen.name} saved: ${extended.sessions} new session${extended.sessions === 1 ? '' : 's'}${template.extendedThrough ? `, programmed through ${dayLabel(template.extendedThrough)}` : ''}.`
        : `Rolling programme of ${screen.name} turned off; its sessions stay.`,
    );
  }

  return (
    <form
      noValidate
      aria-label="Rolling programme"
      className="space-y-4"
      onSubmit={form.handleSubmit(submit)}
    >
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Every day {screen.name} is kept programmed the chosen number of days ahead: the first show at its
        time, each next one as soon as the screen is free again, around sessions already there, with prices
        from the price card. Sessions already made stay as they are.
      </p>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium">
          Films, taken in turn (none chosen: every film in release)
        </legend>
        <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-stone-200 p-2 dark:border-ink-700">
          {playable.map((f) => (
            <label key={f.id} className="flex min-h-8 items-center gap-2 text-sm">
              <input type="checkbox" value={f.id} className="size-4" {...form.register('movieIds')} />
              {f.title}
            </label>
          ))}
        </div>
        {errors.movieIds?.message ? (
          <p className="text-sm text-red-700 dark:text-red-400">{errors.movieIds.message}</p>
        ) : null}
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-3">
        <Field
          label="First show"
          type="time"
          step={300}
          error={errors.firstShow?.message}
          {...form.register('firstShow')}
        />
        <Field
          label="Last start"
          type="time"
          step={300}
          error={errors.lastStart?.message}
          {...form.register('lastStart')}
        />
        <Field
          label="Days ahead"
          type="number"
          min={1}
          max={35}
          inputMode="numeric"
          error={errors.daysAhead?.message}
          {...form.register('daysAhead', { valueAsNumber: true })}
        />
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" className="size-4" {...form.register('active')} />
        On: extend the programme every day
      </label>
      <AccessSlotsFieldset form={form} />
      <FormProblem message={problem} />
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : 'Save rolling programme'}
      </button>
    </form>
  );
}
