'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useId, useRef, useState } from 'react';
import { type FieldErrors, useForm } from 'react-hook-form';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { MoneyField } from '@/components/admin/money-field';
import { AccessFieldset } from '@/components/admin/programme/access-fieldset';
import { categoryName, clock, dayLabel, formatName, pricesLine } from '@/components/admin/programme/display';
import { primaryButton } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { SelectField } from '@/components/ui/select-field';
import { ACCESS_LABELS } from '@/lib/accessibility';
import { formatMoney } from '@/lib/format';
import { cancelShowtimeRequestSchema } from '@/lib/schemas/booking';
import {
  type Clash,
  type ClashCheck,
  type ProgrammeWeek,
  type Session,
  type SessionFields,
  type SessionPrices,
  sessionFieldsSchema,
  sessionPricesSchema,
  type UpdateShowtimeBody,
  updateShowtimeBodySchema,
} from '@/lib/schemas/programme';
import type {
  checkClashesAction,
  createShowtimeAction,
  generateSessionsAction,
  saveProgrammeTemplateAction,
  updateShowtimeAction,
} from '@/server/actions/programme';
import type { cancelShowtimeAction } from '@/server/actions/showtimes';

// The programme's forms (the admin pattern: react-hook-form with the schema the server validates
// with, the server's field errors on the fields, nothing typed lost on an error): add a session,
// move or retime one, change its prices, cancel it. While a session is being placed, the server
// says when it would end and free the screen and what it would clash with (the grid highlights
// those sessions); the write checks again, and the database has the last word.

export type ProgrammeActions = {
  checkClashes: typeof checkClashesAction;
  createShowtime: typeof createShowtimeAction;
  updateShowtime: typeof updateShowtimeAction;
  cancelShowtime: typeof cancelShowtimeAction;
  generateSessions: typeof generateSessionsAction;
  saveProgrammeTemplate: typeof saveProgrammeTemplateAction;
};

type Done = (message: string) => void;

// ─── The live check ────────────────────────────────────────────────────────────

type CheckQuery = {
  screenId?: string;
  movieId?: string;
  date?: string;
  time?: string;
  format?: string;
  excludeShowtimeId?: string;
};

function useLiveCheck(
  action: ProgrammeActions['checkClashes'],
  cinemaId: string,
  query: CheckQuery,
): { result: ClashCheck | null; problem: string | null } {
  const [state, setState] = useState<{ result: ClashCheck | null; problem: string | null }>({
    result: null,
    problem: null,
  });
  const latest = useRef(0);
  const key = JSON.stringify(query);
  useEffect(() => {
    const q = JSON.parse(key) as CheckQuery;
    if (
      !q.screenId ||
      !q.movieId ||
      !/^\d{4}-\d{2}-\d{2}$/.test(q.date ?? '') ||
      !/^\d{2}:\d{2}$/.test(q.time ?? '')
    )
      return;
    const mine = ++latest.current;
    const timer = setTimeout(async () => {
      const r = await action({
        cinemaId,
        screenId: q.screenId as string,
        movieId: q.movieId as string,
        date: q.date as string,
        time: q.time as string,
        format: q.format as SessionFields['format'] | undefined,
        excludeShowtimeId: q.excludeShowtimeId,
      });
      if (mine !== latest.current) return;
      setState(r.ok ? { result: r.data, problem: null } : { result: null, problem: r.error.message });
    }, 250);
    return () => clearTimeout(timer);
  }, [action, cinemaId, key]);
  return state;
}

function ClashList({ clashes, timeZone }: { clashes: readonly Clash[]; timeZone: string }) {
  return (
    <ul className="list-disc space-y-0.5 pl-5">
      {clashes.map((c) => (
        <li key={c.id}>
          {c.movieTitle}, {c.screenName}, {clock(c.startsAt, timeZone)}–{clock(c.busyUntil, timeZone)}{' '}
          (cleaning included)
        </li>
      ))}
    </ul>
  );
}

function CheckPanel(props: {
  check: ReturnType<typeof useLiveCheck>;
  timeZone: string;
  serverClashes: Clash[];
}) {
  const { result, problem } = props.check;
  const clashes = props.serverClashes.length ? props.serverClashes : (result?.clashes ?? []);
  return (
    <div
      role="status"
      aria-live="polite"
      className={`rounded-md border p-3 text-sm ${clashes.length ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100' : 'border-stone-200 bg-stone-50 dark:border-ink-700 dark:bg-ink-950'}`}
    >
      {problem ? <p>{problem}</p> : null}
      {result ? (
        <p>
          Runs {clock(result.startsAt, props.timeZone)}–{clock(result.endsAt, props.timeZone)} with trailers;
          the screen is free again at {clock(result.busyUntil, props.timeZone)}.
        </p>
      ) : null}
      {clashes.length ? (
        <>
          <p className="mt-1 font-semibold">
            Clashes with {clashes.length === 1 ? 'a session' : `${clashes.length} sessions`} on this screen:
          </p>
          <ClashList clashes={clashes} timeZone={props.timeZone} />
        </>
      ) : result ? (
        <p className="mt-1">No clash on this screen.</p>
      ) : null}
    </div>
  );
}

// ─── Prices ────────────────────────────────────────────────────────────────────

function PricesFieldset(props: {
  categories: readonly string[];
  card: ClashCheck['cardPrices'] | null;
  cardLabel: string;
  value: SessionPrices | undefined;
  onChange: (prices: SessionPrices | undefined) => void;
  errors: FieldErrors<{ prices: SessionPrices }>['prices'];
  /** Prices to start from when "own prices" is chosen. */
  seed: SessionPrices | undefined;
}) {
  const name = useId();
  const own = props.value !== undefined;
  const errorOf = (i: number) => props.errors?.[i]?.priceMinor?.message;
  const whole = props.errors?.message ?? props.errors?.root?.message;
  const start = (): SessionPrices =>
    props.categories.map((category) => ({
      category: category as SessionPrices[number]['category'],
      priceMinor:
        props.seed?.find((p) => p.category === category)?.priceMinor ??
        props.card?.find((p) => p.category === category)?.priceMinor ??
        Number.NaN,
    }));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium">Prices</legend>
      <label className="flex items-start gap-2 text-sm">
        <input
          type="radio"
          name={name}
          className="mt-1 h-4 w-4"
          checked={!own}
          onChange={() => props.onChange(undefined)}
        />
        <span>
          {props.cardLabel}
          {props.card ? (
            <span className="block text-stone-600 dark:text-stone-400">
              {props.card.some((p) => p.priceMinor === null)
                ? `The price card has no ${props.card
                    .filter((p) => p.priceMinor === null)
                    .map((p) => categoryName(p.category))
                    .join(
                      ' or ',
                    )} price for this format and time: give the session prices of its own, or fill in the card on the Prices page.`
                : pricesLine(props.card)}
            </span>
          ) : null}
        </span>
      </label>
      <label className="flex items-center gap-2 text-sm">
        <input
          type="radio"
          name={name}
          className="h-4 w-4"
          checked={own}
          onChange={() => props.onChange(start())}
        />
        Prices of its own
      </label>
      {own ? (
        <div className="grid gap-3 sm:grid-cols-3">
          {props.value?.map((p, i) => (
            <MoneyField
              key={p.category}
              label={categoryName(p.category)}
              valueMinor={p.priceMinor}
              error={errorOf(i)}
              onChange={(minor) =>
                props.onChange(props.value?.map((q, j) => (j === i ? { ...q, priceMinor: minor } : q)))
              }
            />
          ))}
        </div>
      ) : null}
      {whole ? <p className="text-sm text-red-700 dark:text-red-400">{whole}</p> : null}
    </fieldset>
  );
}

const clashesOf = (details: unknown): Clash[] =>
  ((details as { clashes?: Clash[] } | undefined)?.clashes ?? []).filter((c) => typeof c?.id === 'string');

// ─── Add ───────────────────────────────────────────────────────────────────────

export function AddSessionForm(props: {
  week: ProgrammeWeek;
  initial: { screenId?: string; date?: string; time?: string };
  actions: ProgrammeActions;
  onDone: Done;
  onClashes: (ids: string[]) => void;
}) {
  const { week } = props;
  const firstFilm =
    week.films.find((f) => f.releaseDate <= (props.initial.date ?? week.today)) ?? week.films[0];
  const form = useForm<SessionFields>({
    resolver: zodResolver(sessionFieldsSchema),
    defaultValues: {
      screenId: props.initial.screenId ?? week.screens[0]?.id ?? '',
      movieId: firstFilm?.id ?? '',
      date: props.initial.date ?? week.today,
      time: props.initial.time ?? '10:00',
      language: firstFilm?.languages[0] ?? '',
      format: 'TWO_D',
      prices: undefined,
      accessibility: [],
    },
  });
  const errors = form.formState.errors;
  const [screenId, movieId, date, time, language, format, prices, accessibility] = form.watch([
    'screenId',
    'movieId',
    'date',
    'time',
    'language',
    'format',
    'prices',
    'accessibility',
  ]);
  const screen = week.screens.find((s) => s.id === screenId);
  const film = week.films.find((f) => f.id === movieId);
  const formats = film && screen ? film.formats.filter((f) => screen.formats.includes(f)) : [];
  // Keep language and format among what the chosen film and screen offer.
  useEffect(() => {
    if (film && !film.languages.includes(language)) form.setValue('language', film.languages[0] ?? '');
    if (formats.length && !formats.includes(format)) form.setValue('format', formats[0] ?? 'TWO_D');
    // Own prices follow the screen's categories.
    if (prices && screen && prices.map((p) => p.category).join() !== screen.categories.join())
      form.setValue('prices', undefined);
  }, [film, screen, language, format, formats, prices, form]);
  const check = useLiveCheck(props.actions.checkClashes, week.cinema.id, {
    screenId,
    movieId,
    date,
    time,
    format,
  });
  // The clashes a refused save named, for as long as the session is placed where it was refused.
  const slot = `${screenId}|${date}|${time}|${movieId}`;
  const [refused, setRefused] = useState<{ slot: string; clashes: Clash[] }>({ slot: '', clashes: [] });
  const serverClashes = refused.slot === slot ? refused.clashes : [];
  const [problem, setProblem] = useState<string | null>(null);
  const { onClashes } = props;
  useEffect(() => {
    onClashes([...serverClashes, ...(check.result?.clashes ?? [])].map((c) => c.id));
  }, [check.result, serverClashes, onClashes]);

  async function submit(values: SessionFields) {
    setProblem(null);
    const r = await props.actions.createShowtime({ ...values, cinemaId: week.cinema.id });
    if (r.ok) {
      props.onDone(
        `Added ${r.data.movie.title} on ${r.data.screenName}, ${dayLabel(r.data.date)} at ${r.data.time}.`,
      );
      return;
    }
    if (r.error.code === 'SHOWTIME_OVERLAP') setRefused({ slot, clashes: clashesOf(r.error.details) });
    setProblem(
      placeServerErrors(form, r.error, [
        'screenId',
        'movieId',
        'date',
        'time',
        'language',
        'format',
        'prices',
        'accessibility',
      ]),
    );
  }

  return (
    <form noValidate onSubmit={form.handleSubmit(submit)} className="space-y-4" aria-label="Add a session">
      <div className="grid gap-3 sm:grid-cols-2">
        <SelectField label="Film" error={errors.movieId?.message} {...form.register('movieId')}>
          {week.films.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title} ({f.runtimeMinutes} min
              {f.releaseDate > week.today ? `, opens ${dayLabel(f.releaseDate)}` : ''})
            </option>
          ))}
        </SelectField>
        <SelectField label="Screen" error={errors.screenId?.message} {...form.register('screenId')}>
          {week.screens.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name} ({s.formats.map(formatName).join(', ')})
            </option>
          ))}
        </SelectField>
        <Field label="Date" type="date" error={errors.date?.message} {...form.register('date')} />
        <Field
          label="Starts at"
          type="time"
          step={300}
          error={errors.time?.message}
          {...form.register('time')}
        />
        <SelectField label="Language" error={errors.language?.message} {...form.register('language')}>
          {(film?.languages ?? []).map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </SelectField>
        <SelectField
          label="Format"
          error={errors.format?.message}
          hint={formats.length ? undefined : 'This screen cannot project this film.'}
          {...form.register('format')}
        >
          {(formats.length ? formats : (film?.formats ?? [])).map((f) => (
            <option key={f} value={f}>
              {formatName(f)}
            </option>
          ))}
        </SelectField>
      </div>
      <CheckPanel check={check} timeZone={week.cinema.timeZone} serverClashes={serverClashes} />
      <PricesFieldset
        categories={screen?.categories ?? []}
        card={check.result?.cardPrices ?? null}
        cardLabel="From the price card"
        value={prices}
        seed={undefined}
        errors={errors.prices}
        onChange={(p) => form.setValue('prices', p, { shouldValidate: form.formState.isSubmitted })}
      />
      <AccessFieldset
        value={accessibility ?? []}
        error={errors.accessibility?.message}
        onChange={(a) => form.setValue('accessibility', a, { shouldValidate: form.formState.isSubmitted })}
      />
      <FormProblem message={problem} />
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Adding…' : 'Add session'}
      </button>
    </form>
  );
}

// ─── Move or retime ────────────────────────────────────────────────────────────

export function MoveSessionForm(props: {
  week: ProgrammeWeek;
  session: Session;
  /** Where a drag dropped it: another screen or day, same time. */
  target?: { screenId: string; date: string };
  actions: ProgrammeActions;
  onDone: Done;
  onClashes: (ids: string[]) => void;
}) {
  const { week, session } = props;
  const form = useForm<UpdateShowtimeBody>({
    resolver: zodResolver(updateShowtimeBodySchema),
    defaultValues: {
      screenId: props.target?.screenId ?? session.screenId,
      date: props.target?.date ?? session.date,
      time: session.time,
      prices: undefined,
    },
  });
  const errors = form.formState.errors;
  const [screenId, date, time, prices] = form.watch(['screenId', 'date', 'time', 'prices']);
  const screen = week.screens.find((s) => s.id === screenId);
  const check = useLiveCheck(props.actions.checkClashes, week.cinema.id, {
    screenId,
    movieId: session.movie.id,
    date,
    time,
    format: session.format,
    excludeShowtimeId: session.id,
  });
  const slot = `${screenId}|${date}|${time}`;
  const [refused, setRefused] = useState<{ slot: string; clashes: Clash[] }>({ slot: '', clashes: [] });
  const serverClashes = refused.slot === slot ? refused.clashes : [];
  const [problem, setProblem] = useState<string | null>(null);
  const { onClashes } = props;
  useEffect(() => {
    onClashes([...serverClashes, ...(check.result?.clashes ?? [])].map((c) => c.id));
  }, [check.result, serverClashes, onClashes]);
  useEffect(() => {
    if (prices && screen && prices.map((p) => p.category).join() !== screen.categories.join())
      form.setValue('prices', undefined);
  }, [prices, screen, form]);

  async function submit(values: UpdateShowtimeBody) {
    setProblem(null);
    const r = await props.actions.updateShowtime({ ...values, showtimeId: session.id });
    if (r.ok) {
      props.onDone(
        `Moved ${r.data.movie.title} to ${r.data.screenName}, ${dayLabel(r.data.date)} at ${r.data.time}.`,
      );
      return;
    }
    if (r.error.code === 'SHOWTIME_OVERLAP') setRefused({ slot, clashes: clashesOf(r.error.details) });
    setProblem(placeServerErrors(form, r.error, ['screenId', 'date', 'time', 'prices']));
  }

  const locked = session.sold + session.held > 0;
  return (
    <form noValidate onSubmit={form.handleSubmit(submit)} className="space-y-4" aria-label="Move or retime">
      {locked ? (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          {session.sold} sold and {session.held} held: people bought this time and screen, so it cannot move.
          Cancel it instead (every booking is refunded) and add a new session.
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <SelectField
          label="Screen"
          error={errors.screenId?.message}
          hint={session.everSold ? 'Seats were held before: it stays on its screen.' : undefined}
          disabled={session.everSold}
          {...form.register('screenId')}
        >
          {week.screens.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </SelectField>
        <Field label="Date" type="date" error={errors.date?.message} {...form.register('date')} />
        <Field
          label="Starts at"
          type="time"
          step={300}
          error={errors.time?.message}
          {...form.register('time')}
        />
      </div>
      <CheckPanel check={check} timeZone={week.cinema.timeZone} serverClashes={serverClashes} />
      <PricesFieldset
        categories={screen?.categories ?? []}
        card={check.result?.cardPrices ?? null}
        cardLabel="From the price card, for the new screen and time"
        value={prices}
        seed={session.prices}
        errors={errors.prices}
        onChange={(p) => form.setValue('prices', p, { shouldValidate: form.formState.isSubmitted })}
      />
      <FormProblem message={problem ?? errors.root?.message ?? null} />
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting || locked}>
        {form.formState.isSubmitting ? 'Moving…' : 'Move session'}
      </button>
    </form>
  );
}

// ─── Prices ────────────────────────────────────────────────────────────────────

const pricesOnlySchema = updateShowtimeBodySchema;

export function SessionPricesForm(props: { session: Session; actions: ProgrammeActions; onDone: Done }) {
  const { session } = props;
  const form = useForm<UpdateShowtimeBody>({
    resolver: zodResolver(pricesOnlySchema),
    defaultValues: { prices: session.prices },
  });
  const prices = form.watch('prices') ?? [];
  const errors = form.formState.errors;
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(values: UpdateShowtimeBody) {
    setProblem(null);
    const parsed = sessionPricesSchema.safeParse(values.prices);
    if (!parsed.success) return;
    const r = await props.actions.updateShowtime({ showtimeId: session.id, prices: parsed.data });
    if (r.ok)
      props.onDone(`New prices for ${r.data.movie.title} at ${r.data.time}: ${pricesLine(r.data.prices)}.`);
    else setProblem(placeServerErrors(form, r.error, ['prices']));
  }
  return (
    <form noValidate onSubmit={form.handleSubmit(submit)} className="space-y-3" aria-label="Change prices">
      <p className="text-sm text-stone-600 dark:text-stone-400">
        New prices apply to seats chosen from now on; seats already held or sold keep the price they were
        given.
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        {prices.map((p, i) => (
          <MoneyField
            key={p.category}
            label={categoryName(p.category)}
            valueMinor={p.priceMinor}
            error={errors.prices?.[i]?.priceMinor?.message}
            onChange={(minor) =>
              form.setValue(
                'prices',
                prices.map((q, j) => (j === i ? { ...q, priceMinor: minor } : q)),
                { shouldValidate: form.formState.isSubmitted },
              )
            }
          />
        ))}
      </div>
      <FormProblem message={problem} />
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : 'Save prices'}
      </button>
    </form>
  );
}

// ─── Accessible showing ────────────────────────────────────────────────────────

/** Sets a session's accessible-showing features; allowed sold or not (it changes no seat or price). */
export function SessionAccessForm(props: { session: Session; actions: ProgrammeActions; onDone: Done }) {
  const { session } = props;
  const form = useForm<UpdateShowtimeBody>({
    resolver: zodResolver(updateShowtimeBodySchema),
    defaultValues: { accessibility: session.accessibility },
  });
  const accessibility = form.watch('accessibility') ?? [];
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(values: UpdateShowtimeBody) {
    setProblem(null);
    const r = await props.actions.updateShowtime({
      showtimeId: session.id,
      accessibility: values.accessibility ?? [],
    });
    if (r.ok)
      props.onDone(
        r.data.accessibility.length
          ? `${r.data.movie.title} at ${r.data.time} is now: ${r.data.accessibility.map((f) => ACCESS_LABELS[f].name).join(', ')}.`
          : `${r.data.movie.title} at ${r.data.time} is now a plain showing.`,
      );
    else setProblem(placeServerErrors(form, r.error, ['accessibility']));
  }
  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(submit)}
      className="space-y-3"
      aria-label="Accessible showing"
    >
      <AccessFieldset
        value={accessibility}
        error={form.formState.errors.accessibility?.message}
        onChange={(a) => form.setValue('accessibility', a, { shouldDirty: true })}
      />
      <FormProblem message={problem ?? form.formState.errors.root?.message ?? null} />
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : 'Save accessibility'}
      </button>
    </form>
  );
}

// ─── Cancel ────────────────────────────────────────────────────────────────────

export function CancelSessionForm(props: { session: Session; actions: ProgrammeActions; onDone: Done }) {
  const { session } = props;
  const form = useForm<{ reason: string }>({
    resolver: zodResolver(cancelShowtimeRequestSchema),
    defaultValues: { reason: '' },
  });
  const [problem, setProblem] = useState<string | null>(null);
  async function submit(values: { reason: string }) {
    setProblem(null);
    const r = await props.actions.cancelShowtime({ showtimeId: session.id, reason: values.reason });
    if (r.ok)
      props.onDone(
        `Cancelled ${session.movie.title} at ${session.time}: ${r.data.bookingsCancelled} booking${r.data.bookingsCancelled === 1 ? '' : 's'} refunded, ${r.data.holdsReleased} hold${r.data.holdsReleased === 1 ? '' : 's'} released.`,
      );
    else setProblem(placeServerErrors(form, r.error, ['reason']));
  }
  return (
    <form
      noValidate
      onSubmit={form.handleSubmit(submit)}
      className="space-y-3"
      aria-label="Cancel the session"
    >
      <p className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100">
        {session.bookings === 0
          ? 'No booking to refund.'
          : `${session.bookings} booking${session.bookings === 1 ? '' : 's'} (${session.sold} seat${session.sold === 1 ? '' : 's'}) will be cancelled and ${formatMoney(session.revenueMinor)} refunded in full.`}{' '}
        {session.held ? `${session.held} held seat${session.held === 1 ? ' is' : 's are'} released.` : ''} The
        session comes off sale and its screen time is freed.
      </p>
      <Field
        label="Why? Customers will see this."
        error={form.formState.errors.reason?.message}
        autoComplete="off"
        {...form.register('reason')}
      />
      <FormProblem message={problem} />
      <button
        type="submit"
        disabled={form.formState.isSubmitting}
        className="inline-flex min-h-9 items-center justify-center rounded-md bg-red-700 px-4 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60"
      >
        {form.formState.isSubmitting
          ? 'Cancelling…'
          : session.bookings
            ? `Cancel and refund ${formatMoney(session.revenueMinor)}`
            : 'Cancel session'}
      </button>
    </form>
  );
}
