'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { type CounterHold, SeatPicker } from '@/components/seat-picker/seat-picker';
import { buttonBase, primaryButton } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { formatMoney } from '@/lib/format';
import {
  COUNTER_METHOD_LABELS,
  COUNTER_METHODS,
  type CounterSaleInput,
  type CounterSaleResponse,
  counterSaleSchema,
} from '@/lib/schemas/boxoffice';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { sellAtCounterAction } from '@/server/actions/boxoffice';
import type { holdBestSeatsAction } from '@/server/actions/showtimes';

// A sale at the counter, keyboard first: the seat count field has the focus ("2", Enter holds the
// best two seats together on the live map), the cash tendered field then has it, filled with the
// exact amount (type what was handed over, or pick a preset; the change due is shown as you type),
// Enter sells. The printed tickets (80 mm for the receipt printer, A4) are linked at once, and
// "Next sale" (focused) starts over. Seats can also be picked by hand on the map, as on the web.

type Props = {
  showtimeId: string;
  snapshot: SeatMap;
  serverNow: number;
  wheelchairReleaseAt: string;
  sell: typeof sellAtCounterAction;
  /** "2", Enter: the best two seats together, picked and held by the server in one step. */
  holdBest: typeof holdBestSeatsAction;
};

const FIELDS = [
  'method',
  'tenderedMinor',
  'reference',
  'customerName',
  'customerPhone',
  'customerEmail',
] as const;

/** Notes a customer may hand over for this total: the exact amount, then round amounts above it. */
function presets(totalMinor: number): number[] {
  const notes = [10_000, 20_000, 50_000, 100_000, 200_000, 500_000];
  const round = notes.filter((n) => n > totalMinor).slice(0, 3);
  const next100 = Math.ceil(totalMinor / 10_000) * 10_000;
  return [...new Set([totalMinor, ...(next100 > totalMinor ? [next100] : []), ...round])].slice(0, 4);
}

export function CounterSale(props: Props) {
  const [hold, setHold] = useState<CounterHold | null>(null);
  const [saleKey, setSaleKey] = useState(0);
  const [sold, setSold] = useState<CounterSaleResponse | null>(null);
  const nextRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (sold) nextRef.current?.focus();
  }, [sold]);

  const onHoldChange = useCallback((h: CounterHold | null) => setHold(h), []);

  if (sold) {
    const pdf = `/api/v1/bookings/${sold.reference}/tickets.pdf`;
    return (
      <section
        aria-labelledby="sold-title"
        className="space-y-3 rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950"
      >
        <h2 id="sold-title" className="font-display text-xl font-bold">
          Sold {sold.reference}
        </h2>
        <p role="status" className="text-sm">
          {sold.seats.length} {sold.seats.length === 1 ? 'seat' : 'seats'}: {sold.seats.join(', ')} ·{' '}
          {formatMoney(sold.totalMinor, sold.currency)} by {COUNTER_METHOD_LABELS[sold.method].toLowerCase()}
        </p>
        {sold.method === 'CASH' ? (
          <p className="text-2xl font-bold" data-testid="change-due">
            Change due: {formatMoney(sold.changeMinor, sold.currency)}
          </p>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <a className={primaryButton} href={`${pdf}?layout=thermal`} target="_blank" rel="noopener">
            Print tickets (80 mm)
          </a>
          <a className={buttonBase} href={`${pdf}?layout=a4`} target="_blank" rel="noopener">
            Print tickets (A4)
          </a>
          <button
            ref={nextRef}
            type="button"
            className={buttonBase}
            onClick={() => {
              setSold(null);
              setHold(null);
              setSaleKey((k) => k + 1);
            }}
          >
            Next sale
          </button>
        </div>
      </section>
    );
  }

  return (
    <div className="space-y-4">
      <SeatPicker
        key={saleKey}
        showtimeId={props.showtimeId}
        snapshot={props.snapshot}
        signedIn
        serverNow={props.serverNow}
        wheelchairReleaseAt={props.wheelchairReleaseAt}
        counter={{ onHoldChange }}
        holdBest={props.holdBest}
      />
      {hold ? (
        <PaymentForm
          hold={hold}
          sell={props.sell}
          onSold={(s) => {
            setSold(s);
          }}
        />
      ) : (
        <p className="text-sm text-stone-600 dark:text-stone-400">
          Hold seats on the map (or the best ones together) to take payment.
        </p>
      )}
    </div>
  );
}

function PaymentForm(props: {
  hold: CounterHold;
  sell: typeof sellAtCounterAction;
  onSold: (s: CounterSaleResponse) => void;
}) {
  const { hold } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const tenderedRef = useRef<HTMLInputElement | null>(null);
  const referenceRef = useRef<HTMLInputElement | null>(null);
  const form = useForm<CounterSaleInput>({
    resolver: zodResolver(counterSaleSchema),
    defaultValues: { holdId: hold.holdId, method: 'CASH', tenderedMinor: hold.totalMinor },
  });
  const errors = form.formState.errors;
  const method = form.watch('method');
  const tendered = form.watch('tenderedMinor');
  const [tenderedText, setTenderedText] = useState(String(hold.totalMinor / 100));

  // A new hold (more seats, other seats): pay for that one, exact cash to start with.
  useEffect(() => {
    form.setValue('holdId', hold.holdId);
    if (form.getValues('method') === 'CASH') {
      form.setValue('tenderedMinor', hold.totalMinor);
      setTenderedText(String(hold.totalMinor / 100));
      tenderedRef.current?.focus();
      tenderedRef.current?.select();
    } else referenceRef.current?.focus();
  }, [hold.holdId, hold.totalMinor, form]);

  const setTendered = (minor: number) => {
    form.setValue('tenderedMinor', minor, { shouldValidate: form.formState.isSubmitted });
    setTenderedText(String(minor / 100));
  };

  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    const r = await props.sell({
      ...values,
      tenderedMinor: values.method === 'CASH' ? values.tenderedMinor : undefined,
    });
    if (r.ok) props.onSold(r.data);
    else setProblem(placeServerErrors(form, r.error, FIELDS));
  });

  const change =
    method === 'CASH' && typeof tendered === 'number' && !Number.isNaN(tendered)
      ? tendered - hold.totalMinor
      : null;

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="pay-title"
      className="space-y-4 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900"
    >
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="pay-title" className="font-display text-xl font-bold">
          Take payment
        </h2>
        <p className="text-lg font-semibold">
          {hold.labels.join(', ')} · <span data-testid="sale-total">{formatMoney(hold.totalMinor)}</span>
        </p>
      </div>
      <FormProblem message={problem} />
      <fieldset className="flex flex-wrap gap-2">
        <legend className="mb-1 text-sm font-medium">Paid by</legend>
        {COUNTER_METHODS.map((m) => (
          <label
            key={m}
            className="flex min-h-9 cursor-pointer items-center gap-2 rounded-md border border-stone-300 px-3 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 dark:border-ink-700 dark:has-[:checked]:bg-ink-800"
          >
            <input
              type="radio"
              value={m}
              {...form.register('method', {
                onChange: () => {
                  // Only cash is tendered: the amount goes with the method (exact cash again when
                  // switching back); then focus what the new method needs next.
                  const cash = form.getValues('method') === 'CASH';
                  form.setValue('tenderedMinor', cash ? hold.totalMinor : undefined);
                  if (cash) setTenderedText(String(hold.totalMinor / 100));
                  form.clearErrors();
                  setTimeout(() => (cash ? tenderedRef : referenceRef).current?.focus());
                },
              })}
            />
            {COUNTER_METHOD_LABELS[m]}
          </label>
        ))}
      </fieldset>
      {method === 'CASH' ? (
        <div className="space-y-2">
          <Controller
            control={form.control}
            name="tenderedMinor"
            render={({ field }) => (
              <div className="space-y-1">
                <label htmlFor="tendered" className="block text-sm font-medium">
                  Cash tendered (₹)
                </label>
                <input
                  id="tendered"
                  ref={(el) => {
                    tenderedRef.current = el;
                    field.ref(el);
                  }}
                  inputMode="decimal"
                  autoComplete="off"
                  value={tenderedText}
                  aria-invalid={errors.tenderedMinor ? true : undefined}
                  aria-describedby={errors.tenderedMinor ? 'tendered-error change-due' : 'change-due'}
                  onChange={(e) => {
                    setTenderedText(e.target.value);
                    const v = e.target.value.replace(/,/g, '').trim();
                    field.onChange(v === '' ? Number.NaN : Math.round(Number(v) * 100));
                  }}
                  onBlur={field.onBlur}
                  className="block h-12 w-full max-w-xs rounded-md border border-stone-300 bg-white px-3 text-xl dark:border-ink-700 dark:bg-ink-900"
                />
                {errors.tenderedMinor ? (
                  <p id="tendered-error" className="text-sm text-red-700 dark:text-red-400">
                    {errors.tenderedMinor.message}
                  </p>
                ) : null}
              </div>
            )}
          />
          <fieldset className="flex flex-wrap gap-2">
            <legend className="sr-only">Amount presets</legend>
            {presets(hold.totalMinor).map((p, i) => (
              <button key={p} type="button" className={buttonBase} onClick={() => setTendered(p)}>
                {i === 0 ? `Exact ${formatMoney(p)}` : formatMoney(p)}
              </button>
            ))}
          </fieldset>
          <p id="change-due" aria-live="polite" className="text-lg font-semibold">
            {change === null || change < 0
              ? `Short by ${formatMoney(Math.abs(change ?? hold.totalMinor))}`
              : `Change due: ${formatMoney(change)}`}
          </p>
        </div>
      ) : (
        <Field
          label={method === 'UPI' ? 'UPI transaction reference' : 'Terminal slip reference'}
          autoComplete="off"
          error={errors.reference?.message}
          {...(() => {
            const r = form.register('reference');
            return {
              ...r,
              ref: (el: HTMLInputElement | null) => {
                referenceRef.current = el;
                r.ref(el);
              },
            };
          })()}
        />
      )}
      <details className="text-sm">
        <summary className="cursor-pointer font-medium">Customer details (optional)</summary>
        <div className="mt-2 grid gap-3 sm:grid-cols-3">
          <Field
            label="Name"
            autoComplete="off"
            error={errors.customerName?.message}
            {...form.register('customerName')}
          />
          <Field
            label="Phone"
            type="tel"
            autoComplete="off"
            error={errors.customerPhone?.message}
            {...form.register('customerPhone')}
          />
          <Field
            label="Email"
            type="email"
            autoComplete="off"
            hint="Tickets are mailed too"
            error={errors.customerEmail?.message}
            {...form.register('customerEmail')}
          />
        </div>
      </details>
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Selling…' : `Sell ${formatMoney(hold.totalMinor)} (Enter)`}
      </button>
    </form>
  );
}
