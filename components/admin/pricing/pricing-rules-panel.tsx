'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { categoryName, formatName } from '@/components/admin/programme/display';
import { buttonBase, dangerButton, primaryButton } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { formatMoney } from '@/lib/format';
import { formatTimeOfDay, parseTimeOfDay } from '@/lib/local-time';
import type {
  PriceCard,
  PricingRuleView,
  SavePricingRuleBody,
  SeatPricePreview,
} from '@/lib/schemas/pricing-admin';
import { savePricingRuleBodySchema } from '@/lib/schemas/pricing-admin';
import type {
  deleteGlobalPricingRuleAction,
  deletePricingRuleAction,
  previewSeatPriceAction,
  saveGlobalPricingRuleAction,
  savePricingRuleAction,
} from '@/server/actions/pricing';

// The cinema's pricing rules, one editor for a new or a chosen rule, and beside it what a seat
// would cost with the rule as it is being written (the server computes it as a hold would).
// Administrators also edit the rules of every cinema here (`global`), previewed at this cinema.

const KIND_NAMES = {
  TIME_OF_DAY: 'Time of day (matinee)',
  DAY_OF_WEEK: 'Days of the week (weekend)',
  OCCUPANCY: 'Demand (occupancy)',
} as const;
const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const percent = (bps: number) => `${bps > 0 ? '+' : ''}${bps / 100} %`;

function ruleSummary(r: PricingRuleView): string {
  const when =
    r.kind === 'TIME_OF_DAY'
      ? `shows from ${formatTimeOfDay(r.startMinute ?? 0)} to ${formatTimeOfDay(r.endMinute ?? 0)}`
      : r.kind === 'DAY_OF_WEEK'
        ? r.daysOfWeek.map((d) => DAYS[d - 1]).join(', ')
        : `from ${(r.minOccupancyBps ?? 0) / 100} % taken${r.capBps === null ? '' : `, at most ${percent(r.capBps)}`}`;
  return `${percent(r.adjustmentBps)}, ${when}`;
}

type FormValues = SavePricingRuleBody;

function blank(): FormValues {
  return {
    rule: {
      kind: 'TIME_OF_DAY',
      name: '',
      adjustmentBps: -2000,
      startMinute: 540,
      endMinute: 720,
      active: true,
    },
  };
}

function fromRule(r: PricingRuleView): FormValues {
  const common = { name: r.name, adjustmentBps: r.adjustmentBps, active: r.active };
  if (r.kind === 'TIME_OF_DAY')
    return {
      id: r.id,
      rule: { kind: r.kind, ...common, startMinute: r.startMinute ?? 0, endMinute: r.endMinute ?? 0 },
    };
  if (r.kind === 'DAY_OF_WEEK')
    return { id: r.id, rule: { kind: r.kind, ...common, daysOfWeek: r.daysOfWeek } };
  return {
    id: r.id,
    rule: { kind: r.kind, ...common, minOccupancyBps: r.minOccupancyBps ?? 0, capBps: r.capBps },
  };
}

export function PricingRulesPanel(props: {
  card: PriceCard;
  rules: PricingRuleView[];
  today: string;
  save: typeof savePricingRuleAction;
  remove: typeof deletePricingRuleAction;
  preview: typeof previewSeatPriceAction;
  /** For administrators: the rules of every cinema are theirs to edit too. */
  global?: { save: typeof saveGlobalPricingRuleAction; remove: typeof deleteGlobalPricingRuleAction };
}) {
  const { card, global } = props;
  // The rule whose deletion is being confirmed, and what went wrong deleting, if anything.
  const [confirming, setConfirming] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const router = useRouter();
  const [editing, setEditing] = useState<FormValues>(blank);
  const [key, setKey] = useState(0);
  const [status, setStatus] = useState<string | null>(null);
  const edit = (values: FormValues) => {
    setEditing(values);
    setKey((k) => k + 1);
  };
  return (
    <section aria-labelledby="rules-heading" className="space-y-4">
      <h2 id="rules-heading" className="font-display text-2xl font-bold">
        Pricing rules
      </h2>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Rules adjust the price of every seat of a show. A change reaches seats held from then on; seats
        already held or sold keep their price.
      </p>
      <p role="status" className="min-h-5 text-sm font-medium text-emerald-800 dark:text-emerald-300">
        {status}
      </p>
      {failure ? (
        <p role="alert" className="text-sm font-medium text-red-800 dark:text-red-300">
          {failure}
        </p>
      ) : null}
      {props.rules.length ? (
        <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-ink-700 dark:border-ink-700">
          {props.rules.map((r) => (
            <li key={r.id} className="flex flex-wrap items-center justify-between gap-2 p-3 text-sm">
              <span>
                <span className="font-semibold">{r.name}</span> · {ruleSummary(r)}
                {r.active ? '' : ' · off'}
                {r.cinemaId === null ? ' · every cinema (set by an administrator)' : ''}
              </span>
              {(r.cinemaId !== null || global) && confirming === r.id ? (
                <span className="flex flex-wrap items-center gap-2">
                  <span className="font-medium">Delete {r.name}? Turning it off keeps it for later.</span>
                  <button
                    type="button"
                    className={dangerButton}
                    onClick={async () => {
                      setFailure(null);
                      const res =
                        r.cinemaId === null && global
                          ? await global.remove({ ruleId: r.id })
                          : await props.remove({ cinemaId: card.cinema.id, ruleId: r.id });
                      setConfirming(null);
                      if (!res.ok) return setFailure(res.error.message);
                      setStatus(`Deleted ${r.name}: seats held from now on are priced without it.`);
                      if (editing.id === r.id) edit(blank());
                      router.refresh();
                    }}
                  >
                    Delete rule
                  </button>
                  {/* Focus moves here, the safe choice, as the Delete button it replaces goes. */}
                  <button
                    type="button"
                    ref={(el) => el?.focus()}
                    className={buttonBase}
                    onClick={() => setConfirming(null)}
                  >
                    Keep it
                  </button>
                </span>
              ) : r.cinemaId !== null || global ? (
                <span className="flex gap-2">
                  <button type="button" className={buttonBase} onClick={() => edit(fromRule(r))}>
                    Edit<span className="sr-only"> {r.name}</span>
                  </button>
                  <button type="button" className={dangerButton} onClick={() => setConfirming(r.id)}>
                    Delete<span className="sr-only"> {r.name}</span>
                  </button>
                </span>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="rounded-lg border border-dashed p-4 text-sm dark:border-ink-700">
          No pricing rules yet.
        </p>
      )}
      <RuleForm
        key={key}
        initial={editing}
        card={card}
        today={props.today}
        save={props.save}
        global={global?.save}
        everyCinema={
          editing.id !== undefined && props.rules.some((r) => r.id === editing.id && r.cinemaId === null)
        }
        preview={props.preview}
        onNew={() => edit(blank())}
        onSaved={(message) => {
          setStatus(message);
          edit(blank());
          router.refresh();
        }}
      />
    </section>
  );
}

function RuleForm(props: {
  initial: FormValues;
  card: PriceCard;
  today: string;
  save: typeof savePricingRuleAction;
  /** Set for administrators: saves a rule of every cinema. */
  global?: typeof saveGlobalPricingRuleAction;
  /** The rule being edited is one of every cinema. */
  everyCinema: boolean;
  preview: typeof previewSeatPriceAction;
  onNew: () => void;
  onSaved: (message: string) => void;
}) {
  const { card } = props;
  const form = useForm<FormValues>({
    resolver: zodResolver(savePricingRuleBodySchema),
    defaultValues: props.initial,
  });
  const values = form.watch();
  const kind = values.rule.kind;
  const errors = form.formState.errors.rule as Record<string, { message?: string } | undefined> | undefined;
  const [problem, setProblem] = useState<string | null>(null);
  const [everyCinema, setEveryCinema] = useState(props.everyCinema);
  const [sample, setSample] = useState({
    category: card.categories[0] ?? 'STANDARD',
    format: card.formats[0] ?? 'TWO_D',
    date: props.today,
    time: '10:00',
    percentTaken: 50,
  });
  const [preview, setPreview] = useState<SeatPricePreview | null>(null);
  const draftKey = JSON.stringify({ values, sample });
  const { preview: previewAction } = props;
  useEffect(() => {
    const { values: v, sample: s } = JSON.parse(draftKey) as { values: FormValues; sample: typeof sample };
    const parsed = savePricingRuleBodySchema.safeParse(v);
    const timer = setTimeout(async () => {
      const r = await previewAction({
        cinemaId: card.cinema.id,
        category: s.category,
        format: s.format,
        date: s.date,
        time: s.time,
        occupancyBps: Math.round(s.percentTaken * 100),
        draft: parsed.success ? parsed.data : undefined,
      });
      setPreview(r.ok ? r.data : null);
    }, 250);
    return () => clearTimeout(timer);
  }, [draftKey, previewAction, card.cinema.id]);

  async function submit(v: FormValues) {
    setProblem(null);
    const r =
      everyCinema && props.global
        ? await props.global(v)
        : await props.save({ cinemaId: card.cinema.id, ...v });
    if (!r.ok) {
      setProblem(placeServerErrors(form, r.error, ['rule']));
      return;
    }
    props.onSaved(`Saved ${r.data.name}: seats held from now on are priced with it.`);
  }

  const minutes = (name: 'rule.startMinute' | 'rule.endMinute') => ({
    value: formatTimeOfDay((form.getValues(name) as number | undefined) ?? 0),
    onChange: (e: { target: { value: string } }) =>
      form.setValue(name, parseTimeOfDay(e.target.value || '00:00'), {
        shouldValidate: form.formState.isSubmitted,
      }),
  });
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        noValidate
        aria-label={props.initial.id ? 'Edit the rule' : 'New rule'}
        className="space-y-3"
        onSubmit={form.handleSubmit(submit)}
      >
        <h3 className="font-display text-lg font-semibold">
          {props.initial.id ? `Edit ${props.initial.rule.name}` : 'New rule'}
        </h3>
        {props.global ? (
          <label className="flex items-center gap-2 text-sm">
            <input
              type="checkbox"
              className="size-4"
              checked={everyCinema}
              // Which cinemas a saved rule is for does not change: delete it and add another.
              disabled={Boolean(props.initial.id)}
              onChange={(e) => setEveryCinema(e.target.checked)}
            />
            For every cinema (administrators only)
          </label>
        ) : null}
        <div className="grid gap-3 sm:grid-cols-2">
          <Field
            label="Name"
            error={errors?.name?.message}
            autoComplete="off"
            {...form.register('rule.name')}
          />
          <SelectField
            label="Kind"
            disabled={Boolean(props.initial.id)}
            value={kind}
            onChange={(e) => {
              const k = e.target.value as FormValues['rule']['kind'];
              const common = {
                name: values.rule.name,
                adjustmentBps: values.rule.adjustmentBps,
                active: values.rule.active,
              };
              form.reset({
                id: values.id,
                rule:
                  k === 'TIME_OF_DAY'
                    ? { kind: k, ...common, startMinute: 540, endMinute: 720 }
                    : k === 'DAY_OF_WEEK'
                      ? { kind: k, ...common, daysOfWeek: [6, 7] }
                      : { kind: k, ...common, minOccupancyBps: 7000, capBps: 2000 },
              });
            }}
          >
            {Object.entries(KIND_NAMES).map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </SelectField>
          <Field
            label="Adjustment (basis points, -2000 = 20 % off)"
            type="number"
            step={50}
            error={errors?.adjustmentBps?.message}
            {...form.register('rule.adjustmentBps', { valueAsNumber: true })}
          />
          {kind === 'TIME_OF_DAY' ? (
            <>
              <Field
                label="Shows from"
                type="time"
                step={300}
                error={errors?.startMinute?.message}
                {...minutes('rule.startMinute')}
              />
              <Field
                label="Until"
                type="time"
                step={300}
                error={errors?.endMinute?.message}
                {...minutes('rule.endMinute')}
              />
            </>
          ) : null}
          {kind === 'OCCUPANCY' ? (
            <>
              <Field
                label="From this share taken (basis points)"
                type="number"
                step={100}
                error={errors?.minOccupancyBps?.message}
                {...form.register('rule.minOccupancyBps', { valueAsNumber: true })}
              />
              <Field
                label="At most (basis points)"
                type="number"
                step={100}
                error={errors?.capBps?.message}
                {...form.register('rule.capBps', {
                  setValueAs: (v: string) => (v === '' ? null : Number(v)),
                })}
              />
            </>
          ) : null}
        </div>
        {kind === 'DAY_OF_WEEK' ? (
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">Days</legend>
            <div className="flex flex-wrap gap-3">
              {DAYS.map((d, i) => (
                <label key={d} className="flex items-center gap-1 text-sm">
                  <input
                    type="checkbox"
                    className="size-4"
                    checked={(values.rule.kind === 'DAY_OF_WEEK' ? values.rule.daysOfWeek : []).includes(
                      i + 1,
                    )}
                    onChange={(e) => {
                      const now = values.rule.kind === 'DAY_OF_WEEK' ? values.rule.daysOfWeek : [];
                      form.setValue(
                        'rule.daysOfWeek',
                        e.target.checked ? [...now, i + 1].sort() : now.filter((x) => x !== i + 1),
                        { shouldValidate: form.formState.isSubmitted },
                      );
                    }}
                  />
                  {d}
                </label>
              ))}
            </div>
            {errors?.daysOfWeek?.message ? (
              <p className="text-sm text-red-700 dark:text-red-400">{errors.daysOfWeek.message}</p>
            ) : null}
          </fieldset>
        ) : null}
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4" {...form.register('rule.active')} />
          On
        </label>
        <FormProblem message={problem} />
        <div className="flex flex-wrap gap-2">
          <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
            {form.formState.isSubmitting ? 'Saving…' : 'Save rule'}
          </button>
          {props.initial.id ? (
            <button type="button" className={buttonBase} onClick={props.onNew}>
              New rule instead
            </button>
          ) : null}
        </div>
      </form>
      <section
        aria-labelledby="preview-heading"
        className="space-y-3 rounded-lg border border-stone-200 p-4 dark:border-ink-700"
      >
        <h3 id="preview-heading" className="font-display text-lg font-semibold">
          What a seat will cost
        </h3>
        <div className="grid gap-3 sm:grid-cols-2">
          <SelectField
            label="Seat"
            value={sample.category}
            onChange={(e) => setSample({ ...sample, category: e.target.value as typeof sample.category })}
          >
            {card.categories.map((c) => (
              <option key={c} value={c}>
                {categoryName(c)}
              </option>
            ))}
          </SelectField>
          <SelectField
            label="Format"
            value={sample.format}
            onChange={(e) => setSample({ ...sample, format: e.target.value as typeof sample.format })}
          >
            {card.formats.map((f) => (
              <option key={f} value={f}>
                {formatName(f)}
              </option>
            ))}
          </SelectField>
          <Field
            label="Show date"
            type="date"
            value={sample.date}
            onChange={(e) => setSample({ ...sample, date: e.target.value })}
          />
          <Field
            label="Show time"
            type="time"
            step={300}
            value={sample.time}
            onChange={(e) => setSample({ ...sample, time: e.target.value })}
          />
          <Field
            label="Seats taken (%)"
            type="number"
            min={0}
            max={100}
            value={sample.percentTaken}
            onChange={(e) =>
              setSample({ ...sample, percentTaken: Math.min(100, Math.max(0, Number(e.target.value) || 0)) })
            }
          />
        </div>
        <div role="status" aria-live="polite" className="text-sm">
          {preview === null ? null : preview.priceMinor === null ? (
            <p>The price card has no price for this seat, format and time.</p>
          ) : (
            <>
              <p className="text-base font-semibold">
                {formatMoney(preview.priceMinor)} a seat ({formatMoney(preview.totalMinor ?? 0)} with the
                booking fee and tax)
              </p>
              <p>
                Card {formatMoney(preview.baseMinor ?? 0)}
                {preview.rules.length
                  ? `, ${preview.rules.map((r) => `${r.name} ${percent(r.adjustmentBps)}`).join(', ')}`
                  : ', no rule applies'}
                .
              </p>
            </>
          )}
        </div>
      </section>
    </div>
  );
}
