'use client';

import { useRouter } from 'next/navigation';
import { FormStatus, Section, SubmitButton, useActionForm } from '@/components/admin/action-form';
import { type DeskTicket, TicketChoice } from '@/components/admin/desk/ticket-choice';
import { buttonBase } from '@/components/ui/buttons';
import { formatMoney } from '@/lib/format';
import { deskMoveRequestSchema } from '@/lib/schemas/desk';
import { moveDeskBookingAction } from '@/server/actions/desk';

type Seat = { id: string; label: string; row: string; category: string; price: string; free: boolean };

/**
 * Move the customer: pick the show (a plain GET form, so it works without JavaScript), then the
 * tickets to move (this show only; another show takes them all) and as many free seats.
 */
export function DeskMoveForm(props: {
  reference: string;
  currentShowtimeId: string;
  target: { id: string; label: string };
  shows: { id: string; label: string }[];
  tickets: DeskTicket[];
  seats: Seat[];
}) {
  const router = useRouter();
  const sameShow = props.target.id === props.currentShowtimeId;
  const movable = props.tickets.filter((t) => !t.checkedIn);
  const { form, status, setStatus, submit } = useActionForm(
    deskMoveRequestSchema,
    {
      showtimeId: props.target.id,
      seatIds: [],
      ticketIds: sameShow ? movable.map((t) => t.id) : undefined,
    },
    { keepDoneAs: `desk-move:${props.reference}` },
  );
  const errors = form.formState.errors;
  // Groups of checkboxes kept as arrays whatever their size (react-hook-form reads a lone
  // checkbox as a string); seats in the order they were ticked, matched to tickets in order.
  const movingIds = form.watch('ticketIds') ?? [];
  const seatIds = form.watch('seatIds') ?? [];
  const set = (name: 'ticketIds' | 'seatIds', ids: string[]) =>
    form.setValue(name, ids, { shouldValidate: form.formState.isSubmitted });
  const rows = new Map<string, Seat[]>();
  for (const s of props.seats) rows.set(s.row, [...(rows.get(s.row) ?? []), s]);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const done = await submit((values) =>
      moveDeskBookingAction({
        reference: props.reference,
        request: { ...values, ticketIds: sameShow ? values.ticketIds : undefined },
      }),
    );
    if (!done) return;
    form.reset({ showtimeId: props.target.id, seatIds: [], ticketIds: undefined });
    setStatus({
      kind: 'done',
      message: `Moved to ${done.tickets.map((t) => t.seat).join(', ')}. New tickets are on their way to the customer.${
        done.cheaperByMinor > 0
          ? ` The new seats are ${formatMoney(done.cheaperByMinor)} cheaper; refund the difference as an amount if you wish.`
          : ''
      }`,
    });
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <Section
        title="Move to other seats"
        description="The payment stays. Seats that cost more cannot be chosen here."
      >
        <form method="get" className="flex flex-wrap items-end gap-2">
          <div className="min-w-0 flex-1 basis-64 space-y-1">
            <label htmlFor="desk-move-show" className="block text-sm font-medium">
              Show
            </label>
            <select
              id="desk-move-show"
              name="moveTo"
              defaultValue={props.target.id}
              className="block h-11 w-full rounded-md border border-stone-300 bg-white px-3 dark:border-ink-700 dark:bg-ink-900"
            >
              {props.shows.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.label}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className={`${buttonBase} h-11`}>
            Show its seats
          </button>
        </form>
      </Section>
      <form
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        className="space-y-4"
        aria-label="Choose the new seats"
      >
        <input type="hidden" {...form.register('showtimeId')} />
        {sameShow ? (
          <TicketChoice
            legend="Tickets to move"
            tickets={props.tickets}
            chosen={movingIds}
            onChange={(ids) => set('ticketIds', ids)}
            error={errors.ticketIds?.message}
          />
        ) : (
          <p className="text-sm">Every ticket moves to {props.target.label}.</p>
        )}
        <fieldset
          className="space-y-2"
          aria-describedby={errors.seatIds ? 'desk-move-seats-error' : undefined}
        >
          <legend className="text-sm font-medium">
            New seats, {props.target.label} (one for each ticket)
          </legend>
          {props.seats.every((s) => !s.free) ? <p className="text-sm">No free seats at this show.</p> : null}
          <div className="max-h-96 space-y-2 overflow-y-auto">
            {[...rows].map(([row, seats]) =>
              seats.some((s) => s.free) ? (
                <fieldset key={row} className="flex flex-wrap gap-2">
                  <legend className="sr-only">Row {row}</legend>
                  {seats
                    .filter((s) => s.free)
                    .map((s) => (
                      <label
                        key={s.id}
                        className="flex items-center gap-1.5 rounded-md border border-stone-300 px-2 py-1.5 text-sm has-[:checked]:border-brand-700 has-[:checked]:bg-brand-50 dark:border-ink-700 dark:has-[:checked]:bg-ink-800"
                      >
                        <input
                          type="checkbox"
                          value={s.id}
                          className="h-4 w-4"
                          checked={seatIds.includes(s.id)}
                          onChange={(e) =>
                            set(
                              'seatIds',
                              e.target.checked ? [...seatIds, s.id] : seatIds.filter((x) => x !== s.id),
                            )
                          }
                        />
                        <span>
                          {s.label}{' '}
                          <span className="text-xs text-stone-600 dark:text-stone-400">{s.price}</span>
                        </span>
                      </label>
                    ))}
                </fieldset>
              ) : null,
            )}
          </div>
          {errors.seatIds ? (
            <p id="desk-move-seats-error" className="text-sm text-red-700 dark:text-red-400">
              {errors.seatIds.message}
            </p>
          ) : null}
        </fieldset>
        <FormStatus status={status} />
        <SubmitButton pending={form.formState.isSubmitting}>Move to these seats</SubmitButton>
      </form>
    </div>
  );
}
