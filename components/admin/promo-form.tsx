'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import {
  editedValues,
  NOTHING_CHANGED,
  SaveBar,
  showServerErrors,
  useFormStatus,
} from '@/components/admin/admin-form';
import { FormSection } from '@/components/admin/form-section';
import { Field } from '@/components/ui/field';
import {
  type CreatePromoInput,
  createPromoInputSchema,
  MAX_PROMO_SEATS,
  type Promo,
  type PromoFormValues,
} from '@/lib/schemas/promos';
import type { createPromoAction, updatePromoAction } from '@/server/actions/promos';

// Making or changing a promo code: react-hook-form with the schema the server validates with,
// the server's field errors at their fields, nothing typed lost on an error. Amounts are typed in
// rupees and percentages in per cent, and kept as the API has them (paise, basis points: both
// a hundredth). An edit sends only what was changed; the code itself cannot change.

type Options = { cinemas: { id: string; name: string }[]; films: { id: string; title: string }[] };
type Props = Options &
  (
    | { mode: 'create'; action: typeof createPromoAction; promo?: undefined; allCinemasAllowed: boolean }
    | { mode: 'edit'; action: typeof updatePromoAction; promo: Promo; allCinemasAllowed: boolean }
  );

const FIELDS = Object.keys(createPromoInputSchema.shape) as (keyof PromoFormValues)[];
/** What an edit may send: everything but the code. */
const EDITABLE = FIELDS.filter((k) => k !== 'code');

/** An instant as a datetime-local input shows it, in the browser's time zone. */
function localInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function valuesOf(p: Promo): PromoFormValues {
  return {
    code: p.code,
    description: p.description,
    kind: p.kind,
    value: p.value,
    maxDiscountMinor: p.maxDiscountMinor,
    validFrom: p.validFrom,
    validUntil: p.validUntil,
    minSeats: p.minSeats,
    maxRedemptions: p.maxRedemptions,
    maxPerUser: p.maxPerUser,
    cinemaIds: p.cinemas.map((c) => c.id),
    movieIds: p.films.map((f) => f.id),
    active: p.active,
  };
}

function blank(cinemas: Options['cinemas'], allCinemasAllowed: boolean): PromoFormValues {
  const start = new Date();
  start.setSeconds(0, 0);
  return {
    code: '',
    description: '',
    kind: 'PERCENT',
    value: Number.NaN,
    maxDiscountMinor: null,
    validFrom: start.toISOString(),
    validUntil: new Date(start.getTime() + 7 * 86_400_000).toISOString(),
    minSeats: 1,
    maxRedemptions: null,
    maxPerUser: 1,
    // A manager's code must name cinemas: with one, it is that one.
    cinemaIds: !allCinemasAllowed && cinemas.length === 1 ? [cinemas[0]?.id ?? ''] : [],
    movieIds: [],
    active: true,
  };
}

const errorClass = 'text-sm text-red-700 dark:text-red-400';

export function PromoForm(props: Props) {
  const router = useRouter();
  const { status, setStatus, clearError, invalid } = useFormStatus();
  const form = useForm<PromoFormValues, unknown, CreatePromoInput>({
    resolver: zodResolver(createPromoInputSchema),
    defaultValues: props.promo ? valuesOf(props.promo) : blank(props.cinemas, props.allCinemasAllowed),
  });
  const { errors, isSubmitting } = form.formState;
  const kind = form.watch('kind');
  // Times are shown in the browser's time zone, which the server rendering the page does not know:
  // they are filled in once the form runs in the browser.
  const [inBrowser, setInBrowser] = useState(false);
  useEffect(() => setInBrowser(true), []);
  const ids = { kind: useId(), cinemas: useId(), films: useId() };

  async function onValid() {
    setStatus(null);
    const typed = form.getValues();
    let result: Awaited<ReturnType<typeof createPromoAction>>;
    if (props.mode === 'create') {
      result = await props.action(typed);
    } else {
      const changes = editedValues(form, EDITABLE);
      if (!changes) {
        setStatus(NOTHING_CHANGED);
        return;
      }
      result = await props.action({ id: props.promo.id, ...changes });
    }
    if (result.ok) {
      if (props.mode === 'create') {
        router.push(`/admin/promos/${result.data.id}?created=1`);
        setStatus({ tone: 'ok', text: `Made ${result.data.code}. Opening it…` });
        return;
      }
      form.reset(valuesOf(result.data));
      setStatus({ tone: 'ok', text: `Saved ${result.data.code}.` });
      router.refresh();
      return;
    }
    setStatus({ tone: 'error', text: showServerErrors(form, result.error, FIELDS) });
  }

  const listError = (name: 'cinemaIds' | 'movieIds') => errors[name]?.message ?? errors[name]?.root?.message;

  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(onValid, invalid)}
      onChange={clearError}
      aria-label={props.mode === 'create' ? 'New promo code' : 'Promo code'}
      className="space-y-6"
    >
      <FormSection title="The offer">
        <div className="grid gap-4 md:grid-cols-2">
          {props.mode === 'create' ? (
            <Field
              label="Code"
              autoComplete="off"
              autoCapitalize="characters"
              spellCheck={false}
              hint="What customers type at checkout: 3 to 32 letters, digits, - or _. It cannot change later."
              error={errors.code?.message}
              {...form.register('code')}
            />
          ) : (
            <div className="space-y-1">
              <p className="text-sm font-medium">Code</p>
              <p className="font-mono text-lg font-bold">{props.promo.code}</p>
            </div>
          )}
          <Field
            label="Description"
            autoComplete="off"
            hint="Shown to customers at checkout, e.g. “20 % off for two seats or more”."
            error={errors.description?.message}
            {...form.register('description')}
          />
          <fieldset
            id={ids.kind}
            className="space-y-1"
            aria-describedby={errors.kind ? `${ids.kind}-error` : undefined}
          >
            <legend className="text-sm font-medium">Discount</legend>
            <div className="flex flex-wrap gap-4 pt-1">
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" value="PERCENT" className="h-4 w-4" {...form.register('kind')} />
                Percentage off
              </label>
              <label className="flex items-center gap-2 text-sm">
                <input type="radio" value="FIXED" className="h-4 w-4" {...form.register('kind')} />
                Fixed amount off
              </label>
            </div>
            {errors.kind ? (
              <p id={`${ids.kind}-error`} className={errorClass}>
                {errors.kind.message}
              </p>
            ) : null}
          </fieldset>
          <Hundredths
            control={form.control}
            name="value"
            label={kind === 'PERCENT' ? 'Per cent off' : 'Amount off (₹)'}
            hint={
              kind === 'PERCENT'
                ? 'Of the seats’ price, e.g. 15 or 12.5.'
                : 'Taken off the seats’ price, in rupees.'
            }
          />
          {kind === 'PERCENT' ? (
            <Hundredths
              control={form.control}
              name="maxDiscountMinor"
              label="At most (₹, optional)"
              hint="A cap on the discount; empty: none."
              optional
            />
          ) : null}
        </div>
      </FormSection>

      <FormSection title="When and how often">
        <div className="grid gap-4 md:grid-cols-2">
          <Instant control={form.control} name="validFrom" label="Starts" ready={inBrowser} />
          <Instant
            control={form.control}
            name="validUntil"
            label="Ends"
            ready={inBrowser}
            hint="It stops working at this moment."
          />
          <Field
            label="Minimum seats per booking"
            type="number"
            inputMode="numeric"
            min={1}
            max={MAX_PROMO_SEATS}
            error={errors.minSeats?.message}
            {...form.register('minSeats', { valueAsNumber: true })}
          />
          <Field
            label="Uses per customer"
            type="number"
            inputMode="numeric"
            min={1}
            error={errors.maxPerUser?.message}
            {...form.register('maxPerUser', { valueAsNumber: true })}
          />
          <Controller
            control={form.control}
            name="maxRedemptions"
            render={({ field, fieldState }) => (
              <Field
                label="Uses in all (optional)"
                type="number"
                inputMode="numeric"
                min={1}
                hint="By everyone together; empty: no limit."
                name={field.name}
                ref={field.ref}
                onBlur={field.onBlur}
                value={field.value === null || field.value === undefined ? '' : String(field.value)}
                onChange={(e) => field.onChange(e.target.value === '' ? null : Number(e.target.value))}
                error={fieldState.error?.message}
              />
            )}
          />
          <label className="flex items-center gap-2 self-end pb-2 text-sm font-medium">
            <input type="checkbox" className="h-4 w-4" {...form.register('active')} />
            On: customers can use it
          </label>
        </div>
      </FormSection>

      <FormSection title="Where it applies">
        <Controller
          control={form.control}
          name="cinemaIds"
          render={({ field }) => (
            <Picks
              id={ids.cinemas}
              legend="Cinemas"
              hint={
                props.allCinemasAllowed
                  ? 'None ticked: every cinema.'
                  : 'Tick at least one: a code you make works only at your cinemas.'
              }
              error={listError('cinemaIds')}
              options={props.cinemas.map((c) => ({ id: c.id, label: c.name }))}
              value={field.value ?? []}
              onChange={field.onChange}
            />
          )}
        />
        <Controller
          control={form.control}
          name="movieIds"
          render={({ field }) => (
            <Picks
              id={ids.films}
              legend="Films"
              hint="None ticked: every film."
              error={listError('movieIds')}
              options={props.films.map((f) => ({ id: f.id, label: f.title }))}
              value={field.value ?? []}
              onChange={field.onChange}
              scroll
            />
          )}
        />
      </FormSection>

      <SaveBar
        label={props.mode === 'create' ? 'Make code' : 'Save changes'}
        submitting={isSubmitting}
        status={status}
      />
    </form>
  );
}

type FormControl = ReturnType<typeof useForm<PromoFormValues, unknown, CreatePromoInput>>['control'];

/** A number typed in whole units, kept in hundredths (rupees → paise, per cent → basis points). */
function Hundredths(props: {
  control: FormControl;
  name: 'value' | 'maxDiscountMinor';
  label: string;
  hint?: string;
  optional?: boolean;
}) {
  return (
    <Controller
      control={props.control}
      name={props.name}
      render={({ field, fieldState }) => {
        const v = field.value;
        return (
          <Field
            label={props.label}
            type="number"
            inputMode="decimal"
            min={0.01}
            step={0.01}
            hint={props.hint}
            name={field.name}
            ref={field.ref}
            onBlur={field.onBlur}
            value={typeof v === 'number' && Number.isFinite(v) ? String(v / 100) : ''}
            onChange={(e) => {
              const typed = e.target.value;
              if (typed === '') field.onChange(props.optional ? null : Number.NaN);
              else field.onChange(Math.round(Number(typed) * 100));
            }}
            error={fieldState.error?.message}
          />
        );
      }}
    />
  );
}

/** An instant, typed in the browser's time zone, kept as ISO-8601. */
function Instant(props: {
  control: FormControl;
  name: 'validFrom' | 'validUntil';
  label: string;
  hint?: string;
  /** Rendered in the browser: only then is its time zone known. */
  ready: boolean;
}) {
  return (
    <Controller
      control={props.control}
      name={props.name}
      render={({ field, fieldState }) => (
        <Field
          label={`${props.label} (your time)`}
          type="datetime-local"
          hint={props.hint}
          name={field.name}
          ref={field.ref}
          onBlur={field.onBlur}
          value={props.ready ? localInput(field.value ?? '') : ''}
          onChange={(e) => {
            const d = new Date(e.target.value);
            field.onChange(Number.isNaN(d.getTime()) ? '' : d.toISOString());
          }}
          error={fieldState.error?.message}
        />
      )}
    />
  );
}

function Picks(props: {
  id: string;
  legend: string;
  hint: string;
  error?: string;
  options: { id: string; label: string }[];
  value: string[];
  onChange: (value: string[]) => void;
  scroll?: boolean;
}) {
  const describedBy = [`${props.id}-hint`, props.error ? `${props.id}-error` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <fieldset id={props.id} className="min-w-0 space-y-1" aria-describedby={describedBy}>
      <legend className="text-sm font-medium">{props.legend}</legend>
      <p id={`${props.id}-hint`} className="text-xs text-stone-500 dark:text-stone-400">
        {props.hint} {props.value.length ? `${props.value.length} ticked.` : ''}
      </p>
      {props.options.length === 0 ? (
        <p className="text-sm">Nothing to choose from.</p>
      ) : (
        <div
          className={`grid gap-x-4 gap-y-2 pt-1 sm:grid-cols-2 lg:grid-cols-3 ${props.scroll ? 'max-h-64 overflow-y-auto rounded-md border border-stone-200 p-2 dark:border-ink-700' : ''}`}
        >
          {props.options.map((o) => (
            <label key={o.id} className="flex min-h-6 items-center gap-2 text-sm">
              <input
                type="checkbox"
                className="h-4 w-4"
                checked={props.value.includes(o.id)}
                onChange={(e) =>
                  props.onChange(
                    e.target.checked ? [...props.value, o.id] : props.value.filter((v) => v !== o.id),
                  )
                }
              />
              {o.label}
            </label>
          ))}
        </div>
      )}
      {props.error ? (
        <p id={`${props.id}-error`} className={errorClass}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
