'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { FormProblem } from '@/components/admin/form-problem';
import { MoneyField } from '@/components/admin/money-field';
import { categoryName, formatName } from '@/components/admin/programme/display';
import { primaryButton } from '@/components/ui/buttons';
import {
  DAY_PART_VALUES,
  type PriceCard,
  type PriceCardBody,
  priceCardBodySchema,
} from '@/lib/schemas/pricing-admin';
import type { savePriceCardAction } from '@/server/actions/pricing';

// The price card as a table per format: parts of the day in rows, seat categories in columns, a
// price in each cell (empty: no price, and sessions of that kind need prices of their own). The
// whole card is sent; the server sets what has a price and removes what is empty.

const PART_NAMES = { MATINEE: 'Matinee', EVENING: 'Evening', NIGHT: 'Night' } as const;

export function PriceCardForm(props: { card: PriceCard; save: typeof savePriceCardAction }) {
  const { card } = props;
  const router = useRouter();
  const cells = card.formats.flatMap((format) =>
    DAY_PART_VALUES.flatMap((dayPart) => card.categories.map((category) => ({ category, format, dayPart }))),
  );
  const priceOf = (c: (typeof cells)[number]) =>
    card.entries.find((e) => e.category === c.category && e.format === c.format && e.dayPart === c.dayPart)
      ?.priceMinor ?? null;
  const form = useForm<PriceCardBody>({
    resolver: zodResolver(priceCardBodySchema),
    defaultValues: { entries: cells.map((c) => ({ ...c, priceMinor: priceOf(c) })) },
  });
  const entries = form.watch('entries');
  const errors = form.formState.errors.entries;
  const [status, setStatus] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(values: PriceCardBody) {
    setStatus(null);
    setProblem(null);
    const r = await props.save({ cinemaId: card.cinema.id, ...values });
    if (!r.ok) {
      setProblem(r.error.message);
      return;
    }
    setStatus(
      'Price card saved. Sessions added from now on take these prices; sessions already made keep theirs.',
    );
    router.refresh();
  }

  if (!card.formats.length)
    return (
      <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
        This cinema has no screens yet: add one on its Screens page first.
      </p>
    );
  return (
    <form noValidate aria-label="Price card" className="space-y-6" onSubmit={form.handleSubmit(submit)}>
      <p className="text-sm text-stone-600 dark:text-stone-400">
        Matinee before {card.eveningFrom}, evening until {card.nightFrom}, night after (local time). Prices in
        whole rupees; leave a price empty to have none.
      </p>
      {card.formats.map((format) => (
        <fieldset key={format} className="space-y-2">
          <legend className="font-display text-lg font-semibold">{formatName(format)}</legend>
          <div className="grid gap-3 sm:grid-cols-3">
            {DAY_PART_VALUES.flatMap((dayPart) =>
              card.categories.map((category) => {
                const i = entries.findIndex(
                  (e) => e.category === category && e.format === format && e.dayPart === dayPart,
                );
                const e = entries[i];
                return (
                  <MoneyField
                    key={`${dayPart}|${category}`}
                    label={`${PART_NAMES[dayPart]}, ${categoryName(category)}`}
                    valueMinor={e?.priceMinor ?? undefined}
                    error={errors?.[i]?.priceMinor?.message}
                    onChange={(minor) =>
                      form.setValue(`entries.${i}.priceMinor`, Number.isNaN(minor) ? null : minor, {
                        shouldValidate: form.formState.isSubmitted,
                      })
                    }
                  />
                );
              }),
            )}
          </div>
        </fieldset>
      ))}
      <FormProblem message={problem} />
      <p role="status" className="min-h-5 text-sm font-medium text-emerald-800 dark:text-emerald-300">
        {status}
      </p>
      <button type="submit" className={primaryButton} disabled={form.formState.isSubmitting}>
        {form.formState.isSubmitting ? 'Saving…' : 'Save price card'}
      </button>
    </form>
  );
}
