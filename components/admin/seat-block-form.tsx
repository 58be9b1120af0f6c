'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { FormStatus, Section, SubmitButton, useActionForm } from '@/components/admin/action-form';
import { buttonBase } from '@/components/ui/buttons';
import { Field } from '@/components/ui/field';
import { formatDay, formatTime } from '@/lib/format';
import { type SeatBlockPreview, seatBlockBodySchema } from '@/lib/schemas/venues';
import type { blockSeatsAction, previewSeatBlockAction } from '@/server/actions/venues';

// Seats out of service on coming shows, in two steps: the preview lists every live ticket on the
// seats (those people keep their tickets unless the cinema moves or refunds them), then applying
// sends back the tickets that were shown; if they changed meanwhile, the new list is shown instead.

type Props = {
  cinemaId: string;
  screenId: string;
  preview: typeof previewSeatBlockAction;
  apply: typeof blockSeatsAction;
};

export function SeatBlockForm({ cinemaId, screenId, preview, apply }: Props) {
  const router = useRouter();
  const { form, status, setStatus, submit } = useActionForm(seatBlockBodySchema, {
    seats: '',
    blocked: true,
  });
  const [seen, setSeen] = useState<SeatBlockPreview | null>(null);
  const [applying, setApplying] = useState(false);
  const ids = { cinemaId, screenId };
  const errors = form.formState.errors;

  async function onApply() {
    if (!seen) return;
    setApplying(true);
    const values = form.getValues();
    const r = await apply({ ...ids, ...values, acknowledgedTicketIds: seen.tickets.map((t) => t.ticketId) });
    setApplying(false);
    if (r.ok) {
      setSeen(null);
      setStatus({
        kind: 'done',
        message: `${r.data.seats.join(', ')} ${r.data.blocked ? 'out of service' : 'back in service'} on coming shows.`,
      });
      router.refresh();
      return;
    }
    const fresh = (r.error.details as { preview?: SeatBlockPreview } | undefined)?.preview;
    if (fresh) setSeen(fresh);
    setStatus({ kind: 'error', message: r.error.message });
  }

  return (
    <form
      noValidate
      aria-label="Seats out of service"
      onSubmit={async (e) => {
        e.preventDefault();
        setSeen(null);
        const got = await submit(() => preview({ ...ids, ...form.getValues() }));
        if (got) setSeen(got);
      }}
    >
      <Section
        title="Seats out of service"
        description="On every coming show of this screen. See first whose tickets are on them; nothing changes until you apply."
      >
        <div className="grid gap-4 md:grid-cols-2">
          <Field
            label="Seats"
            autoComplete="off"
            hint="As signposted: A12, A13 (a numbered row: 3-12)."
            error={errors.seats?.message}
            {...form.register('seats', { onChange: () => setSeen(null) })}
          />
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">Change</legend>
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="radio"
                className="h-5 w-5"
                checked={form.watch('blocked')}
                onChange={() => {
                  form.setValue('blocked', true);
                  setSeen(null);
                }}
              />
              Take out of service
            </label>
            <label className="flex min-h-11 items-center gap-2 text-sm">
              <input
                type="radio"
                className="h-5 w-5"
                checked={!form.watch('blocked')}
                onChange={() => {
                  form.setValue('blocked', false);
                  setSeen(null);
                }}
              />
              Put back in service
            </label>
          </fieldset>
        </div>
        <FormStatus status={status} />
        <SubmitButton pending={form.formState.isSubmitting}>See what it touches</SubmitButton>
        {seen ? (
          <section aria-label="What applying touches" className="space-y-3" aria-live="polite">
            <p>
              {seen.seats.length ? seen.seats.join(', ') : 'No seat named is in this screen'}
              {seen.unknown.length ? ` (not in this screen: ${seen.unknown.join(', ')})` : ''}:{' '}
              {seen.showtimes} coming {seen.showtimes === 1 ? 'show' : 'shows'},{' '}
              {seen.tickets.length
                ? `${seen.tickets.length} ${seen.tickets.length === 1 ? 'ticket' : 'tickets'} sold on them.`
                : 'no ticket sold on them.'}
            </p>
            {seen.tickets.length ? (
              <div className="relative overflow-x-auto">
                <table className="w-full text-left text-sm">
                  <caption className="sr-only">Tickets on these seats at coming shows</caption>
                  <thead>
                    <tr className="border-b border-stone-200 dark:border-ink-700">
                      <th scope="col" className="px-2 py-1">
                        Seat
                      </th>
                      <th scope="col" className="px-2 py-1">
                        Show
                      </th>
                      <th scope="col" className="px-2 py-1">
                        Booking
                      </th>
                      <th scope="col" className="px-2 py-1">
                        Customer
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {seen.tickets.map((t) => (
                      <tr key={t.ticketId} className="border-b border-stone-100 dark:border-ink-800">
                        <td className="px-2 py-1 font-medium">{t.seat}</td>
                        <td className="px-2 py-1">
                          {t.movie}, {formatDay(t.startsAt)} {formatTime(t.startsAt)}
                        </td>
                        <td className="px-2 py-1 font-mono">{t.bookingReference}</td>
                        <td className="px-2 py-1">{t.customer ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : null}
            {seen.tickets.length && form.getValues('blocked') ? (
              <p className="text-sm">
                These tickets stay valid: move or refund those people before the show.
              </p>
            ) : null}
            {seen.seats.length && !seen.unknown.length ? (
              <button type="button" className={buttonBase} disabled={applying} onClick={onApply}>
                {applying
                  ? 'Applying…'
                  : form.getValues('blocked')
                    ? `Take ${seen.seats.join(', ')} out of service`
                    : `Put ${seen.seats.join(', ')} back in service`}
              </button>
            ) : null}
          </section>
        ) : null}
      </Section>
    </form>
  );
}
