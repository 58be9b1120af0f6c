'use client';

import { useRouter } from 'next/navigation';
import {
  FormStatus,
  ScaledNumberField,
  Section,
  SubmitButton,
  TextAreaField,
  useActionForm,
} from '@/components/admin/action-form';
import { type DeskTicket, TicketChoice } from '@/components/admin/desk/ticket-choice';
import { formatMoney } from '@/lib/format';
import { type DeskRefundRequest, deskRefundRequestSchema } from '@/lib/schemas/desk';
import { refundDeskBookingAction } from '@/server/actions/desk';

const MODES = [
  {
    value: 'tickets',
    label: 'Some tickets',
    hint: 'Cancels them, frees their seats, refunds their share (not the booking fee).',
  },
  { value: 'amount', label: 'An amount', hint: 'A goodwill refund: the tickets stay valid.' },
  { value: 'full', label: 'The whole booking', hint: 'Cancels every ticket and refunds all that is left.' },
] as const;

/** Cancel and refund from the cinema's side: chosen tickets, an amount, or the whole booking. */
export function DeskRefundForm(props: {
  reference: string;
  confirmed: boolean;
  refundableMinor: number;
  currency: string;
  tickets: DeskTicket[];
}) {
  const router = useRouter();
  const { form, status, setStatus, submit } = useActionForm(
    deskRefundRequestSchema,
    {
      mode: props.confirmed ? 'tickets' : 'amount',
      reason: '',
      ticketIds: [],
    } as never,
    { keepDoneAs: `desk-refund:${props.reference}` },
  );
  const mode = form.watch('mode') as DeskRefundRequest['mode'];
  const errors = form.formState.errors as Partial<Record<'ticketIds' | 'reason', { message?: string }>>;
  const chosen = ((form.watch('ticketIds' as never) as string[] | undefined) ?? []) as string[];

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const done = await submit((values) =>
      refundDeskBookingAction({ reference: props.reference, request: values }),
    );
    if (!done) return;
    const refund = done.refund
      ? `${formatMoney(done.refund.amountMinor, props.currency)} refunded (${done.refund.status.toLowerCase()}).`
      : 'Nothing was refunded.';
    const cancelled = done.cancelledTicketIds.length
      ? ` ${done.cancelledTicketIds.length} ticket(s) cancelled.`
      : '';
    form.reset({ mode: done.status === 'CONFIRMED' ? mode : 'amount', reason: '', ticketIds: [] } as never);
    setStatus({ kind: 'done', message: `${refund}${cancelled}` });
    router.refresh();
  }

  if (props.refundableMinor <= 0 && !props.confirmed) return null;
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate className="space-y-4">
      <Section
        title="Cancel and refund"
        description={`Up to ${formatMoney(props.refundableMinor, props.currency)} is left to refund. The customer is told, with the reason.`}
      >
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">What to refund</legend>
          {MODES.map((m) => {
            const disabled = m.value !== 'amount' && !props.confirmed;
            return (
              <label key={m.value} className="flex items-start gap-3">
                <input
                  type="radio"
                  value={m.value}
                  disabled={disabled}
                  className="mt-1 h-5 w-5"
                  {...form.register('mode')}
                />
                <span>
                  <span className="text-sm font-medium">{m.label}</span>
                  <span className="block text-xs text-stone-600 dark:text-stone-400">{m.hint}</span>
                </span>
              </label>
            );
          })}
        </fieldset>
        {mode === 'tickets' ? (
          <TicketChoice
            legend="Tickets to cancel"
            tickets={props.tickets}
            chosen={chosen}
            onChange={(ids) =>
              form.setValue('ticketIds' as never, ids as never, {
                shouldValidate: form.formState.isSubmitted,
              })
            }
            error={errors.ticketIds?.message}
          />
        ) : null}
        {mode === 'amount' ? (
          <ScaledNumberField
            control={form.control}
            name={'amountMinor' as never}
            label="Amount to refund"
            prefix="₹"
            scale={100}
            hint={`At most ${formatMoney(props.refundableMinor, props.currency)}.`}
          />
        ) : null}
        <TextAreaField
          label="Reason"
          hint="The customer sees it, and it is kept in the booking’s history."
          error={errors.reason?.message}
          {...form.register('reason' as never)}
        />
      </Section>
      <FormStatus status={status} />
      <SubmitButton pending={form.formState.isSubmitting}>
        {mode === 'amount'
          ? 'Refund the amount'
          : mode === 'full'
            ? 'Cancel the booking and refund'
            : 'Cancel the tickets and refund'}
      </SubmitButton>
    </form>
  );
}
