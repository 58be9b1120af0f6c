'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { z } from 'zod';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { dangerButton } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { formatMoney } from '@/lib/format';
import {
  COUNTER_METHOD_LABELS,
  type CounterRefundResponse,
  refundCounterBookingSchema,
} from '@/lib/schemas/boxoffice';
import type { refundCounterBookingAction } from '@/server/actions/boxoffice';

// A counter sale brought back: its tickets are cancelled, the seats go back on sale, and the money
// is handed back the way it was paid (cash from the seller's till).

type Values = z.input<typeof refundCounterBookingSchema>;

export function CounterRefundForm(props: { refund: typeof refundCounterBookingAction }) {
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<CounterRefundResponse | null>(null);
  const form = useForm<Values>({
    resolver: zodResolver(refundCounterBookingSchema),
    defaultValues: { reference: '', reason: '' },
  });
  const submit = form.handleSubmit(async (values) => {
    setProblem(null);
    setDone(null);
    const r = await props.refund(values);
    if (r.ok) {
      setDone(r.data);
      form.reset({ reference: '', reason: '' });
    } else setProblem(placeServerErrors(form, r.error, ['reference', 'reason']));
  });
  return (
    <form onSubmit={submit} noValidate aria-labelledby="refund-title" className="space-y-3">
      <h2 id="refund-title" className="font-display text-xl font-bold">
        Refund a counter sale
      </h2>
      <FormProblem message={problem} />
      {done ? (
        <p role="status" className="rounded-md bg-emerald-50 p-3 text-sm dark:bg-emerald-950">
          {done.reference}: hand back {formatMoney(done.amountMinor)} (
          {COUNTER_METHOD_LABELS[done.method].toLowerCase()}). Seats {done.seatsReleased.join(', ')} are on
          sale again.
        </p>
      ) : null}
      <div className="grid gap-3 sm:grid-cols-2">
        <Field
          label="Booking reference"
          placeholder="MQ-7K3F9X2"
          autoComplete="off"
          error={form.formState.errors.reference?.message}
          {...form.register('reference')}
        />
        <Field
          label="Reason"
          autoComplete="off"
          error={form.formState.errors.reason?.message}
          {...form.register('reason')}
        />
      </div>
      <button type="submit" className={dangerButton} disabled={form.formState.isSubmitting}>
        Cancel and refund in full
      </button>
    </form>
  );
}
