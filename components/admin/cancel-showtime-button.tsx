'use client';

import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { placeServerErrors } from '@/components/admin/form-errors';
import { FormProblem } from '@/components/admin/form-problem';
import { dangerButton } from '@/components/ui/buttons';
import { Dialog } from '@/components/ui/dialog';
import { Field } from '@/components/ui/field';
import { formatMoney } from '@/lib/format';
import type { CancelShowtimePreview } from '@/lib/schemas/admin';
import { cancelShowtimeRequestSchema } from '@/lib/schemas/booking';
import { cancelShowtimeAction, previewCancelShowtimeAction } from '@/server/actions/showtimes';

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Cancelling a show, in a dialog that first says what it will do: the server counts the bookings
 * and the money that will be refunded (previewCancelShowtime) when the dialog opens.
 */
export function CancelShowtimeButton({ showtimeId, label }: { showtimeId: string; label: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<CancelShowtimePreview | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const form = useForm<{ reason: string }>({
    resolver: zodResolver(cancelShowtimeRequestSchema),
    defaultValues: { reason: '' },
  });

  async function start() {
    setOpen(true);
    setPreview(null);
    setProblem(null);
    const r = await previewCancelShowtimeAction({ showtimeId });
    if (r.ok) setPreview(r.data);
    else setProblem(r.error.message);
  }

  async function submit(values: { reason: string }) {
    setProblem(null);
    const r = await cancelShowtimeAction({ showtimeId, reason: values.reason });
    if (!r.ok) {
      setProblem(placeServerErrors(form, r.error, ['reason']));
      return;
    }
    setDone(
      `Cancelled: ${plural(r.data.bookingsCancelled, 'booking')} refunded, ${plural(r.data.holdsReleased, 'hold')} released.`,
    );
    setOpen(false);
    router.refresh();
  }

  return (
    <>
      <button type="button" onClick={start} className={dangerButton}>
        Cancel show<span className="sr-only">: {label}</span>
      </button>
      {done ? (
        <p role="status" className="mt-1 text-xs">
          {done}
        </p>
      ) : null}
      <Dialog open={open} onClose={() => setOpen(false)} title={`Cancel ${label}?`}>
        <form noValidate onSubmit={form.handleSubmit(submit)} className="space-y-3 text-left">
          <div
            role="status"
            aria-live="polite"
            className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-100"
          >
            {preview ? (
              <>
                <p className="font-semibold" data-testid="cancel-preview">
                  {preview.bookings === 0
                    ? 'No booking to refund.'
                    : `${plural(preview.bookings, 'booking')} (${plural(preview.tickets, 'ticket')}) will be cancelled and ${formatMoney(preview.refundMinor)} refunded in full.`}
                </p>
                <p>
                  {preview.holds
                    ? `${plural(preview.holds, 'customer')} choosing seats or paying will be let go. `
                    : ''}
                  The show comes off sale and its screen time is freed.
                </p>
              </>
            ) : problem ? null : (
              <p>Counting the bookings to refund…</p>
            )}
          </div>
          <Field
            label="Why? Customers will see this."
            error={form.formState.errors.reason?.message}
            autoComplete="off"
            {...form.register('reason')}
          />
          <FormProblem message={problem} />
          <div className="flex flex-wrap justify-end gap-2">
            <button
              type="submit"
              disabled={form.formState.isSubmitting || !preview}
              className="inline-flex min-h-9 items-center justify-center rounded-md bg-red-700 px-4 text-sm font-semibold text-white hover:bg-red-800 disabled:opacity-60"
            >
              {form.formState.isSubmitting
                ? 'Cancelling…'
                : preview?.bookings
                  ? `Cancel and refund ${formatMoney(preview.refundMinor)}`
                  : 'Cancel show'}
            </button>
          </div>
        </form>
      </Dialog>
    </>
  );
}
