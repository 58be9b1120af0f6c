'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import type { z } from 'zod';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { MoneyField } from '@/components/admin/money-field';
import { buttonBase, primaryButton } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { formatMoney } from '@/lib/format';
import { closeTillSchema, openTillSchema, type TillView } from '@/lib/schemas/boxoffice';
import type { closeTillAction, openTillAction } from '@/server/actions/boxoffice';

// The seller's till at this cinema: opened with a float before the first sale, counted and
// closed at the end of the shift (cash-up), with the difference between the cash the drawer
// should hold and what was counted shown plainly.

type OpenValues = z.input<typeof openTillSchema>;
type CloseValues = z.input<typeof closeTillSchema>;

export function TillPanel(props: {
  cinemaId: string;
  till: TillView | null;
  openTill: typeof openTillAction;
  closeTill: typeof closeTillAction;
}) {
  const [closed, setClosed] = useState<TillView | null>(null);
  if (closed) return <ClosedTill till={closed} />;
  return props.till ? (
    <OpenTill till={props.till} closeTill={props.closeTill} onClosed={setClosed} />
  ) : (
    <OpenTillForm cinemaId={props.cinemaId} openTill={props.openTill} />
  );
}

function OpenTillForm(props: { cinemaId: string; openTill: typeof openTillAction }) {
  const router = useRouter();
  const [problem, setProblem] = useState<string | null>(null);
  const form = useForm<OpenValues>({
    resolver: zodResolver(openTillSchema),
    defaultValues: { cinemaId: props.cinemaId, openingFloatMinor: 200_000 },
  });
  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    const r = await props.openTill(values);
    if (r.ok) router.refresh();
    else setProblem(placeServerErrors(form, r.error, ['openingFloatMinor']));
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="till-title" className="space-y-3">
      <h2 id="till-title" className="font-display text-xl font-bold">
        Open your till
      </h2>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Count the float into the drawer. Every sale and refund you make here goes into this till until you
        close it.
      </p>
      <FormProblem message={problem} />
      <Controller
        control={form.control}
        name="openingFloatMinor"
        render={({ field, fieldState }) => (
          <MoneyField
            label="Opening float"
            valueMinor={field.value}
            onChange={field.onChange}
            error={fieldState.error?.message}
          />
        )}
      />
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        Open till
      </button>
    </form>
  );
}

function Totals({ till }: { till: TillView }) {
  const rows: [string, string][] = [
    ['Opening float', formatMoney(till.openingFloatMinor)],
    [`Cash sales`, formatMoney(till.sales.cashMinor)],
    ['Card terminal', formatMoney(till.sales.cardMinor)],
    ['UPI', formatMoney(till.sales.upiMinor)],
    [`Cash refunds`, `− ${formatMoney(till.refunds.cashMinor)}`],
    ['Expected in the drawer', formatMoney(till.expectedMinor)],
  ];
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
      {rows.map(([k, v]) => (
        <div key={k} className="contents">
          <dt className="text-stone-600 dark:text-stone-400">{k}</dt>
          <dd className="text-right font-medium tabular-nums">{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function OpenTill(props: {
  till: TillView;
  closeTill: typeof closeTillAction;
  onClosed: (t: TillView) => void;
}) {
  const { till } = props;
  const [problem, setProblem] = useState<string | null>(null);
  const [closing, setClosing] = useState(false);
  const form = useForm<CloseValues>({
    resolver: zodResolver(closeTillSchema),
    defaultValues: { tillId: till.id, countedMinor: Number.NaN, note: '' },
  });
  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    const r = await props.closeTill(values);
    if (r.ok) props.onClosed(r.data);
    else setProblem(placeServerErrors(form, r.error, ['countedMinor', 'note']));
  });
  return (
    <section aria-labelledby="till-title" className="space-y-3">
      <h2 id="till-title" className="font-display text-xl font-bold">
        Your till
      </h2>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Open since{' '}
        {new Date(till.openedAt).toLocaleTimeString('en-IN', { hour: 'numeric', minute: '2-digit' })} ·{' '}
        {till.sales.count} {till.sales.count === 1 ? 'sale' : 'sales'}, {till.refunds.count}{' '}
        {till.refunds.count === 1 ? 'refund' : 'refunds'}
      </p>
      <Totals till={till} />
      {closing ? (
        <form onSubmit={submit} noValidate className="space-y-3 border-t pt-3 dark:border-ink-700">
          <FormProblem message={problem} />
          <Controller
            control={form.control}
            name="countedMinor"
            render={({ field, fieldState }) => (
              <MoneyField
                label="Cash counted in the drawer"
                valueMinor={field.value}
                onChange={field.onChange}
                error={fieldState.error?.message}
              />
            )}
          />
          <Field
            label="Note (optional)"
            error={form.formState.errors.note?.message}
            {...form.register('note')}
          />
          <div className="flex gap-2">
            <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
              Close till
            </button>
            <button type="button" className={buttonBase} onClick={() => setClosing(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button type="button" className={buttonBase} onClick={() => setClosing(true)}>
          Cash up and close…
        </button>
      )}
    </section>
  );
}

function ClosedTill({ till }: { till: TillView }) {
  const router = useRouter();
  const diff = till.differenceMinor ?? 0;
  return (
    <section aria-labelledby="till-title" className="space-y-3">
      <h2 id="till-title" className="font-display text-xl font-bold">
        Till closed
      </h2>
      <Totals till={till} />
      <p role="status" className="text-lg font-semibold" data-testid="till-difference">
        Counted {formatMoney(till.countedMinor ?? 0)} ·{' '}
        {diff === 0 ? 'exact' : diff < 0 ? `short by ${formatMoney(-diff)}` : `over by ${formatMoney(diff)}`}
      </p>
      <button type="button" className={buttonBase} onClick={() => router.refresh()}>
        Done
      </button>
    </section>
  );
}
