'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useId, useState } from 'react';
import { useForm } from 'react-hook-form';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { AccessFieldset } from '@/components/admin/programme/access-fieldset';
import { clock, dayLabel, formatName, pricesLine } from '@/components/admin/programme/display';
import { buttonBase, primaryButton } from '@/components/ui/buttons';
import { Field, SelectField } from '@/components/ui/field';
import {
  DEFAULT_LAST_START,
  type GeneratedSessions,
  type GenerateForm,
  type GeneratePlan,
  generateFormSchema,
  type PlannedSession,
  type ProgrammeWeek,
  planOfForm,
} from '@/lib/schemas/programme';
import type { generateSessionsAction } from '@/server/actions/programme';

// Bulk generation: films, screens, days and how sessions start, then a preview of every session
// the plan makes (each one that cannot be written says why), then Apply, which writes all of them
// or none. Apply is offered only for the plan on screen: change anything and preview again.

const PROBLEM_TEXT: Record<NonNullable<PlannedSession['problem']>, string> = {
  clash: 'Clashes',
  past: 'Time has passed',
  'no-price': 'No price on the card',
};

function CheckboxGroup(props: {
  legend: string;
  error?: string;
  options: { id: string; label: string }[];
  register: ReturnType<ReturnType<typeof useForm<GenerateForm>>['register']>;
}) {
  const errorId = useId();
  return (
    <fieldset
      className="space-y-1"
      aria-describedby={props.error ? errorId : undefined}
      aria-invalid={props.error ? true : undefined}
    >
      <legend className="text-sm font-medium">{props.legend}</legend>
      <div className="max-h-40 space-y-1 overflow-y-auto rounded-md border border-stone-200 p-2 dark:border-ink-700">
        {props.options.map((o) => (
          <label key={o.id} className="flex min-h-8 items-center gap-2 text-sm">
            <input type="checkbox" value={o.id} className="size-4" {...props.register} />
            {o.label}
          </label>
        ))}
      </div>
      {props.error ? (
        <p id={errorId} className="text-sm text-red-700 dark:text-red-400">
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** For each chosen film released in several languages, the one its sessions are in. */
function FilmLanguages(props: {
  week: ProgrammeWeek;
  chosen: string[];
  register: ReturnType<typeof useForm<GenerateForm>>['register'];
}) {
  const films = props.week.films.filter((f) => props.chosen.includes(f.id) && f.languages.length > 1);
  if (!films.length) return null;
  return (
    <fieldset className="space-y-2 sm:col-span-2">
      <legend className="text-sm font-medium">Languages</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        {films.map((f) => (
          <SelectField
            key={f.id}
            label={`Language of ${f.title}`}
            defaultValue={f.languages[0]}
            {...props.register(`languages.${f.id}`)}
          >
            {f.languages.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </SelectField>
        ))}
      </div>
    </fieldset>
  );
}

export function GenerateSessionsForm(props: {
  week: ProgrammeWeek;
  generate: typeof generateSessionsAction;
  onDone: (message: string) => void;
}) {
  const { week } = props;
  const firstDay = week.days.find((d) => d > week.today) ?? week.days[6] ?? week.today;
  const form = useForm<GenerateForm>({
    resolver: zodResolver(generateFormSchema),
    defaultValues: {
      movieIds: [],
      languages: {},
      screenIds: week.screens.map((s) => s.id),
      from: firstDay,
      until: week.days[6] ?? firstDay,
      kind: 'back-to-back',
      times: '10:00, 13:30, 17:00, 20:30',
      firstShow: '10:00',
      lastStart: DEFAULT_LAST_START,
      accessibility: [],
    },
  });
  const errors = form.formState.errors;
  const kind = form.watch('kind');
  const values = form.watch();
  const [preview, setPreview] = useState<{ plan: string; result: GeneratedSessions } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const current = JSON.stringify(planOfForm(values));
  const fresh = preview !== null && preview.plan === current;

  async function run(mode: 'preview' | 'apply', plan: GeneratePlan) {
    setProblem(null);
    setBusy(mode);
    const r = await props.generate({ cinemaId: week.cinema.id, mode, plan });
    setBusy(null);
    if (r.ok) {
      if (mode === 'apply') {
        props.onDone(
          `Added ${r.data.createdIds.length} session${r.data.createdIds.length === 1 ? '' : 's'}.`,
        );
        return;
      }
      setPreview({ plan: JSON.stringify(plan), result: r.data });
      return;
    }
    // Apply refused: nothing was written. Preview again so the table shows what is in the way.
    setProblem(placeServerErrors(form, r.error, ['movieIds', 'screenIds', 'from', 'until']));
    if (mode === 'apply') {
      const again = await props.generate({ cinemaId: week.cinema.id, mode: 'preview', plan });
      if (again.ok) setPreview({ plan: JSON.stringify(plan), result: again.data });
    }
  }

  const result = fresh ? preview.result : null;
  return (
    <form
      noValidate
      aria-label="Generate sessions"
      className="space-y-4"
      onSubmit={form.handleSubmit((v) => run('preview', planOfForm(v)))}
    >
      <div className="grid gap-3 sm:grid-cols-2">
        <CheckboxGroup
          legend="Films, taken in turn"
          error={errors.movieIds?.message}
          options={week.films.map((f) => ({ id: f.id, label: `${f.title} (${f.runtimeMinutes} min)` }))}
          register={form.register('movieIds')}
        />
        <CheckboxGroup
          legend="Screens"
          error={errors.screenIds?.message}
          options={week.screens.map((s) => ({
            id: s.id,
            label: `${s.name} (${s.formats.map(formatName).join(', ')})`,
          }))}
          register={form.register('screenIds')}
        />
        <FilmLanguages week={week} chosen={values.movieIds} register={form.register} />
        <Field label="First day" type="date" error={errors.from?.message} {...form.register('from')} />
        <Field label="Last day" type="date" error={errors.until?.message} {...form.register('until')} />
      </div>
      <fieldset className="space-y-2">
        <legend className="text-sm font-medium">Sessions start</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="back-to-back" className="size-4" {...form.register('kind')} />
          From a first show, each next one as soon as the screen is free again
        </label>
        <label className="flex items-center gap-2 text-sm">
          <input type="radio" value="times" className="size-4" {...form.register('kind')} />
          At these times every day
        </label>
      </fieldset>
      {kind === 'times' ? (
        <Field
          label="Start times"
          hint="24-hour times, separated by commas: 10:00, 13:30, 17:00"
          error={errors.times?.message}
          autoComplete="off"
          {...form.register('times')}
        />
      ) : (
        <div className="grid gap-3 sm:grid-cols-2">
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
            hint="No session starts later."
            error={errors.lastStart?.message}
            {...form.register('lastStart')}
          />
        </div>
      )}
      <AccessFieldset
        value={values.accessibility ?? []}
        error={errors.accessibility?.message}
        onChange={(a) => form.setValue('accessibility', a, { shouldValidate: form.formState.isSubmitted })}
      />
      <FormProblem message={problem} />
      <div className="flex flex-wrap gap-2">
        <button type="submit" className={buttonBase} disabled={busy !== null}>
          {busy === 'preview' ? 'Previewing…' : 'Preview'}
        </button>
        <button
          type="button"
          className={primaryButton}
          disabled={!result || result.problems > 0 || result.sessions.length === 0 || busy !== null}
          onClick={() => run('apply', JSON.parse(current) as GeneratePlan)}
        >
          {busy === 'apply'
            ? 'Adding…'
            : result
              ? `Add all ${result.sessions.length} session${result.sessions.length === 1 ? '' : 's'}`
              : 'Add all'}
        </button>
      </div>
      <PreviewTable result={result} stale={preview !== null && !fresh} timeZone={week.cinema.timeZone} />
    </form>
  );
}

function PreviewTable(props: { result: GeneratedSessions | null; stale: boolean; timeZone: string }) {
  const { result } = props;
  if (!result)
    return (
      <p role="status" className="text-sm text-stone-600 dark:text-stone-400">
        {props.stale
          ? 'The plan changed: preview it again before adding.'
          : 'Preview the plan to see every session it makes.'}
      </p>
    );
  return (
    <div className="space-y-2">
      <p role="status" className="text-sm font-medium">
        {result.sessions.length} session{result.sessions.length === 1 ? '' : 's'}
        {result.problems
          ? `; ${result.problems} cannot be added, so nothing will be until the plan changes.`
          : ', all of them can be added.'}
      </p>
      {result.notes.length ? (
        <ul className="list-disc pl-5 text-sm text-stone-700 dark:text-stone-300">
          {result.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <section
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable to scroll it with the keyboard
        tabIndex={0}
        aria-label="Planned sessions"
        className="max-h-80 overflow-auto rounded-md border border-stone-200 dark:border-ink-700"
      >
        <table className="w-full text-left text-sm">
          <thead className="sticky top-0 bg-stone-100 dark:bg-ink-800">
            <tr>
              <th scope="col" className="px-2 py-1">
                Day
              </th>
              <th scope="col" className="px-2 py-1">
                Screen
              </th>
              <th scope="col" className="px-2 py-1">
                Runs
              </th>
              <th scope="col" className="px-2 py-1">
                Film
              </th>
              <th scope="col" className="px-2 py-1">
                Prices
              </th>
              <th scope="col" className="px-2 py-1">
                Can it be added?
              </th>
            </tr>
          </thead>
          <tbody>
            {result.sessions.map((s) => (
              <tr
                key={`${s.screenId}|${s.startsAt}`}
                className={`border-t border-stone-200 dark:border-ink-700 ${s.problem ? 'bg-red-50 dark:bg-red-950' : ''}`}
              >
                <td className="px-2 py-1 whitespace-nowrap">{dayLabel(s.date)}</td>
                <td className="px-2 py-1">{s.screenName}</td>
                <td className="px-2 py-1 whitespace-nowrap tabular-nums">
                  {s.time}–{clock(s.endsAt, props.timeZone)}
                </td>
                <td className="px-2 py-1">
                  {s.movieTitle} · {formatName(s.format)} · {s.language}
                </td>
                <td className="px-2 py-1">{s.prices.length ? pricesLine(s.prices) : '—'}</td>
                <td className="px-2 py-1">
                  {s.problem ? (
                    <span className="font-semibold text-red-800 dark:text-red-200">
                      {PROBLEM_TEXT[s.problem]}
                      {s.clashes.length
                        ? `: ${s.clashes.map((c) => `${c.movieTitle} ${clock(c.startsAt, props.timeZone)}`).join(', ')}`
                        : s.problem === 'clash'
                          ? ': another session of this plan'
                          : ''}
                    </span>
                  ) : (
                    'Yes'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
