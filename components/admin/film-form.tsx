'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { type InputHTMLAttributes, type ReactNode, type Ref, useId } from 'react';
import { Controller, useFieldArray, useForm } from 'react-hook-form';
import {
  editedValues,
  NOTHING_CHANGED,
  SaveBar,
  showServerErrors,
  useFormStatus,
} from '@/components/admin/admin-form';
import { FormSection } from '@/components/admin/form-section';
import { PosterField } from '@/components/admin/poster-field';
import { buttonBase } from '@/components/ui/buttons';
import { Field, SelectField, TextAreaField } from '@/components/ui/field';
import { FORMAT_LABELS } from '@/lib/format';
import { FORMAT_VALUES } from '@/lib/schemas/discover';
import {
  CERTIFICATE_LABELS,
  CERTIFICATES,
  type Film,
  type FilmFields,
  type FilmFormValues,
  filmFieldsSchema,
  GENRES,
  LANGUAGES,
  MAX_CREDITS,
  SYNOPSIS_MAX,
  TRAILER_HOSTS,
} from '@/lib/schemas/films';
import type { createFilmAction, updateFilmAction } from '@/server/actions/films';

// Adding or editing a film: react-hook-form with the schema the server validates with, the
// server's field errors placed on their fields, and nothing typed lost whatever the server answers
// (the form is never reset on an error). An edit sends only the fields that were changed, so two
// people editing different fields of one film do not undo each other.

type Props =
  | { mode: 'create'; action: typeof createFilmAction; film?: undefined; readOnly?: undefined }
  | { mode: 'edit'; action: typeof updateFilmAction; film: Film; readOnly: boolean };

const FIELDS = Object.keys(filmFieldsSchema.shape) as (keyof FilmFormValues)[];

const BLANK: FilmFormValues = {
  title: '',
  synopsis: '',
  runtimeMinutes: Number.NaN,
  // Chosen by the user; the schema says so if it is not.
  certificate: '' as FilmFormValues['certificate'],
  genres: [],
  languages: [],
  formats: ['TWO_D'],
  releaseDate: '',
  director: '',
  trailerUrl: '',
  credits: [],
  posterKey: null,
};

function valuesOf(film: Film): FilmFormValues {
  return {
    title: film.title,
    synopsis: film.synopsis,
    runtimeMinutes: film.runtimeMinutes,
    certificate: film.certificate,
    genres: film.genres as FilmFormValues['genres'],
    languages: film.languages as FilmFormValues['languages'],
    formats: film.formats,
    releaseDate: film.releaseDate,
    director: film.director ?? '',
    trailerUrl: film.trailerUrl ?? '',
    credits: film.credits.map((c) => ({ name: c.name, character: c.character ?? '' })),
    posterKey: film.posterKey,
  };
}

const errorClass = 'text-sm text-red-700 dark:text-red-400';
const hintClass = 'text-xs text-stone-500 dark:text-stone-400';

export function FilmForm(props: Props) {
  const router = useRouter();
  const { status, setStatus, clearError, invalid } = useFormStatus();
  const form = useForm<FilmFormValues, unknown, FilmFields>({
    resolver: zodResolver(filmFieldsSchema),
    defaultValues: props.film ? valuesOf(props.film) : BLANK,
  });
  const { errors, isSubmitting } = form.formState;
  const credits = useFieldArray({ control: form.control, name: 'credits' });
  const ids = { genres: useId(), languages: useId(), formats: useId(), credits: useId() };

  async function onValid() {
    setStatus(null);
    // What was typed, not the parsed values: the action parses it again with the same schema.
    const typed = form.getValues();
    let result: Awaited<ReturnType<typeof createFilmAction>>;
    if (props.mode === 'create') {
      result = await props.action(typed);
    } else {
      const changes = editedValues(form, FIELDS);
      if (!changes) {
        setStatus(NOTHING_CHANGED);
        return;
      }
      result = await props.action({ id: props.film.id, ...changes });
    }
    if (result.ok) {
      if (props.mode === 'create') {
        router.push(`/admin/films/${result.data.id}?created=1`);
        setStatus({ tone: 'ok', text: `Added “${result.data.title}”. Opening it…` });
        return;
      }
      form.reset(valuesOf(result.data));
      setStatus({ tone: 'ok', text: `Saved “${result.data.title}”.` });
      router.refresh();
      return;
    }
    setStatus({ tone: 'error', text: showServerErrors(form, result.error, FIELDS) });
  }

  const arrayError = (name: 'genres' | 'languages' | 'formats' | 'credits') =>
    errors[name]?.message ?? errors[name]?.root?.message;

  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(onValid, invalid)}
      onChange={clearError}
      aria-label={props.mode === 'create' ? 'New film' : 'Film details'}
      className="space-y-6"
    >
      <fieldset disabled={props.readOnly} className="min-w-0 space-y-6">
        <FormSection title="The film">
          <div className="grid gap-4 md:grid-cols-2">
            <Field
              label="Title"
              autoComplete="off"
              hint={
                props.mode === 'create'
                  ? 'Its page’s address is made from the title and stays when the title is corrected.'
                  : `Its page stays at /movies/${props.film.slug}.`
              }
              error={errors.title?.message}
              {...form.register('title')}
            />
            <Field
              label="Director"
              autoComplete="off"
              error={errors.director?.message}
              {...form.register('director')}
            />
            <div className="md:col-span-2">
              <TextAreaField
                label="Synopsis"
                rows={5}
                maxLength={SYNOPSIS_MAX}
                hint="A sentence or two about the story, as moviegoers will read it on the film’s page."
                error={errors.synopsis?.message}
                {...form.register('synopsis')}
              />
            </div>
            <Field
              label="Running time (minutes)"
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              hint="Showtimes are scheduled from it (with the cinema’s cleaning time)."
              error={errors.runtimeMinutes?.message}
              {...form.register('runtimeMinutes', { valueAsNumber: true })}
            />
            <Field
              label="Release date"
              type="date"
              hint="Before it, the film is listed under Coming soon."
              error={errors.releaseDate?.message}
              {...form.register('releaseDate')}
            />
            <SelectField
              label="Certificate (CBFC)"
              error={errors.certificate?.message}
              {...form.register('certificate')}
            >
              <option value="">Choose…</option>
              {CERTIFICATES.map((c) => (
                <option key={c} value={c}>
                  {CERTIFICATE_LABELS[c]}
                </option>
              ))}
            </SelectField>
            <Field
              label="Trailer (optional)"
              type="url"
              inputMode="url"
              autoComplete="off"
              placeholder="https://www.youtube.com/watch?v=…"
              hint={`An https link on ${TRAILER_HOSTS.join(', ')}.`}
              error={errors.trailerUrl?.message}
              {...form.register('trailerUrl')}
            />
          </div>
        </FormSection>

        <FormSection title="Genres, languages and formats">
          <ChoiceGroup id={ids.genres} legend="Genres" hint="Up to 5." error={arrayError('genres')}>
            {GENRES.map((g) => (
              <Choice key={g} label={g} value={g} {...form.register('genres')} />
            ))}
          </ChoiceGroup>
          <Controller
            control={form.control}
            name="languages"
            render={({ field }) => {
              const [original = '', ...dubs] = field.value ?? [];
              const set = (next: string[]) => field.onChange(next);
              return (
                <ChoiceGroup
                  id={ids.languages}
                  legend="Languages"
                  hint="The original language, then any it is also shown dubbed in."
                  error={arrayError('languages')}
                >
                  <div className="w-full max-w-xs pb-2">
                    <SelectField
                      label="Original language"
                      value={original}
                      name={field.name}
                      ref={field.ref}
                      onBlur={field.onBlur}
                      onChange={(e) => {
                        const value = e.target.value;
                        set(value ? [value, ...dubs.filter((l) => l !== value)] : dubs);
                      }}
                    >
                      <option value="">Choose…</option>
                      {LANGUAGES.map((l) => (
                        <option key={l} value={l}>
                          {l}
                        </option>
                      ))}
                    </SelectField>
                  </div>
                  <p className="w-full text-sm font-medium">Also dubbed in</p>
                  {LANGUAGES.filter((l) => l !== original).map((l) => (
                    <Choice
                      key={l}
                      label={l}
                      checked={dubs.includes(l)}
                      onChange={(e) =>
                        set([
                          ...(original ? [original] : []),
                          ...(e.target.checked ? [...dubs, l] : dubs.filter((d) => d !== l)),
                        ])
                      }
                    />
                  ))}
                </ChoiceGroup>
              );
            }}
          />
          <ChoiceGroup id={ids.formats} legend="Formats it is released in" error={arrayError('formats')}>
            {FORMAT_VALUES.map((f) => (
              <Choice key={f} label={FORMAT_LABELS[f] ?? f} value={f} {...form.register('formats')} />
            ))}
          </ChoiceGroup>
        </FormSection>

        <FormSection title="Cast" description="In billing order, as the film’s page lists them.">
          {credits.fields.length === 0 ? (
            <p className="text-sm text-stone-600 dark:text-stone-400">No cast listed yet.</p>
          ) : (
            <ol className="space-y-3" aria-label="Cast">
              {credits.fields.map((row, i) => {
                const who = form.getValues(`credits.${i}.name`) || `person ${i + 1}`;
                return (
                  <li
                    key={row.id}
                    className="grid items-start gap-3 rounded-md border border-stone-200 p-3 sm:grid-cols-[1fr_1fr_auto] dark:border-ink-700"
                  >
                    <Field
                      label={`Name ${i + 1}`}
                      autoComplete="off"
                      error={errors.credits?.[i]?.name?.message}
                      {...form.register(`credits.${i}.name`)}
                    />
                    <Field
                      label={`Character ${i + 1} (optional)`}
                      autoComplete="off"
                      error={errors.credits?.[i]?.character?.message}
                      {...form.register(`credits.${i}.character`)}
                    />
                    <div className="flex gap-1 sm:pt-6">
                      <button
                        type="button"
                        className={buttonBase}
                        disabled={i === 0}
                        onClick={() => credits.move(i, i - 1)}
                      >
                        ↑<span className="sr-only">Move {who} up</span>
                      </button>
                      <button
                        type="button"
                        className={buttonBase}
                        disabled={i === credits.fields.length - 1}
                        onClick={() => credits.move(i, i + 1)}
                      >
                        ↓<span className="sr-only">Move {who} down</span>
                      </button>
                      <button type="button" className={buttonBase} onClick={() => credits.remove(i)}>
                        Remove<span className="sr-only"> {who}</span>
                      </button>
                    </div>
                  </li>
                );
              })}
            </ol>
          )}
          {arrayError('credits') ? <p className={errorClass}>{arrayError('credits')}</p> : null}
          <button
            type="button"
            className={buttonBase}
            disabled={credits.fields.length >= MAX_CREDITS}
            onClick={() =>
              credits.append(
                { name: '', character: '' },
                { focusName: `credits.${credits.fields.length}.name` },
              )
            }
          >
            Add a person
          </button>
        </FormSection>

        <FormSection title="Poster">
          <Controller
            control={form.control}
            name="posterKey"
            render={({ field, fieldState }) => (
              <PosterField
                value={field.value ?? null}
                title={form.watch('title')}
                error={fieldState.error?.message}
                onChange={(key) => field.onChange(key)}
              />
            )}
          />
        </FormSection>
      </fieldset>

      {props.readOnly ? null : (
        <SaveBar
          label={props.mode === 'create' ? 'Add film' : 'Save changes'}
          submitting={isSubmitting}
          status={status}
        />
      )}
    </form>
  );
}

function ChoiceGroup(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  children: ReactNode;
}) {
  const describedBy =
    [props.error ? `${props.id}-error` : null, props.hint ? `${props.id}-hint` : null]
      .filter(Boolean)
      .join(' ') || undefined;
  return (
    <fieldset id={props.id} className="min-w-0 space-y-1" aria-describedby={describedBy}>
      <legend className="text-sm font-medium">{props.legend}</legend>
      {props.hint ? (
        <p id={`${props.id}-hint`} className={hintClass}>
          {props.hint}
        </p>
      ) : null}
      <div className="flex flex-wrap gap-x-4 gap-y-2 pt-1">{props.children}</div>
      {props.error ? (
        <p id={`${props.id}-error`} className={errorClass}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}

function Choice({
  label,
  ...input
}: InputHTMLAttributes<HTMLInputElement> & { label: string; ref?: Ref<HTMLInputElement> }) {
  return (
    <label className="flex min-h-6 items-center gap-2 text-sm">
      <input type="checkbox" className="h-4 w-4" {...input} />
      {label}
    </label>
  );
}
