'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import type { BookingResponse } from '@/lib/schemas/booking';
import { cancelBookingAction } from '@/server/actions/bookings';

// The booking's cancellation: what the customer would get back, shown before they confirm; then
// the refund and the cancelled state. Stays mounted across the refresh that follows, so the
// outcome stays on screen while the tickets above turn grey.

type Props = {
  reference: string;
  status: BookingResponse['status'];
  cancelledAt: string | null;
  cancellation: BookingResponse['cancellation'];
  refunds: BookingResponse['refunds'];
  /** The non-refundable part: booking fee and its GST. */
  keptMinor: number;
  currency: string;
  cardLast4: string | null;
};

const REFUND_STATUS: Record<string, string> = {
  SUCCEEDED: 'Refunded',
  PENDING: 'Processing',
  FAILED: 'Delayed: we retry automatically',
};

const at = (iso: string) => `${formatDay(iso)}, ${formatTime(iso)}`;

export function CancelBooking(props: Props) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [reason, setReason] = useState('');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<{
    booking: BookingResponse;
    refund: { amountMinor: number; status: string } | null;
  } | null>(null);
  const panelRef = useRef<HTMLElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const doneRef = useRef<HTMLDivElement>(null);
  const reasonId = useId();
  const money = (minor: number) => formatMoney(minor, props.currency);

  useEffect(() => {
    if (confirming) panelRef.current?.focus();
  }, [confirming]);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);

  const status = done?.booking.status ?? props.status;
  const refunds = done?.booking.refunds ?? props.refunds;
  const cancelledAt = done?.booking.cancelledAt ?? props.cancelledAt;
  const { allowed, deadline, refundMinor } = props.cancellation;

  async function cancel() {
    setPending(true);
    setError(null);
    try {
      const result = await cancelBookingAction({
        reference: props.reference,
        reason: reason.trim() || undefined,
      });
      if (result.ok) {
        setDone(result.data);
        setConfirming(false);
        router.refresh();
      } else {
        setError(result.error.message);
        if (result.error.code === 'CANCELLATION_CLOSED') router.refresh();
      }
    } catch {
      setError('We could not reach Marquee. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  if (status === 'CANCELLED') {
    return (
      <div
        ref={doneRef}
        tabIndex={-1}
        role={done ? 'status' : undefined}
        className="space-y-3 rounded-lg border border-stone-200 p-4 dark:border-ink-700"
      >
        <p className="font-semibold">Booking cancelled{cancelledAt ? <> on {at(cancelledAt)}</> : null}.</p>
        {done?.refund ? (
          <p>
            Refund of <strong>{money(done.refund.amountMinor)}</strong>:{' '}
            {REFUND_STATUS[done.refund.status] ?? done.refund.status}
            {props.cardLast4 ? <> to your card ending {props.cardLast4}</> : null}.
          </p>
        ) : null}
        {refunds.length ? (
          <div>
            <h3 className="text-sm font-semibold">Refunds</h3>
            <ul className="mt-1 space-y-1 text-sm">
              {refunds.map((r) => (
                <li
                  key={`${r.createdAt}-${r.amountMinor}-${r.status}`}
                  className="flex flex-wrap justify-between gap-x-3"
                >
                  <span>
                    {money(r.amountMinor)} · {REFUND_STATUS[r.status] ?? r.status}
                  </span>
                  <span className="text-stone-500 dark:text-stone-400">{at(r.createdAt)}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : !done ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">No refund was due on this booking.</p>
        ) : null}
      </div>
    );
  }

  if (!allowed) {
    return (
      <p className="rounded-lg border border-stone-200 p-4 text-sm dark:border-ink-700">
        This booking could be cancelled until {at(deadline)}; it can no longer be cancelled.
      </p>
    );
  }

  const kept =
    props.keptMinor > 0 ? ` The booking fee (${money(props.keptMinor)} with its GST) is not refundable.` : '';
  return (
    <div className="space-y-3 rounded-lg border border-stone-200 p-4 print:hidden dark:border-ink-700">
      <p className="text-sm">
        You can cancel until <strong>{at(deadline)}</strong> and get <strong>{money(refundMinor)}</strong>{' '}
        back.
        {kept}
      </p>
      {confirming ? (
        <section
          ref={panelRef}
          tabIndex={-1}
          aria-labelledby={`${reasonId}-title`}
          className="space-y-3 rounded-md bg-red-50 p-4 dark:bg-red-950/50"
        >
          <h3 id={`${reasonId}-title`} className="font-semibold">
            Cancel booking <span className="whitespace-nowrap">{props.reference}</span>?
          </h3>
          <p className="text-sm">
            You will get <strong>{money(refundMinor)}</strong> back
            {props.cardLast4 ? <> to your card ending {props.cardLast4}</> : null}.{kept} Your seats are
            released for others and your tickets stop working.
          </p>
          <div className="space-y-1">
            <label htmlFor={reasonId} className="block text-sm font-medium">
              Reason (optional)
            </label>
            <textarea
              id={reasonId}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              maxLength={500}
              rows={2}
              className="block w-full rounded-md border border-stone-300 bg-white px-3 py-2 text-base dark:border-ink-700 dark:bg-ink-900"
            />
          </div>
          {error ? (
            <p role="alert" className="text-sm text-red-800 dark:text-red-200">
              {error}
            </p>
          ) : null}
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              onClick={() => void cancel()}
              disabled={pending}
              className="inline-flex min-h-11 items-center rounded-md bg-red-700 px-4 py-2 text-left font-semibold text-white hover:bg-red-800 disabled:opacity-60"
            >
              {pending ? 'Cancelling…' : `Cancel and refund ${money(refundMinor)}`}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                setError(null);
                requestAnimationFrame(() => openRef.current?.focus());
              }}
              disabled={pending}
              className="inline-flex h-11 items-center rounded-md border border-stone-300 px-4 font-medium hover:bg-white disabled:opacity-60 dark:border-ink-700 dark:hover:bg-ink-800"
            >
              Keep booking
            </button>
          </div>
        </section>
      ) : (
        <button
          ref={openRef}
          type="button"
          onClick={() => setConfirming(true)}
          className="inline-flex h-11 items-center rounded-md border border-red-300 px-4 font-semibold text-red-800 hover:bg-red-50 dark:border-red-900 dark:text-red-300 dark:hover:bg-red-950"
        >
          Cancel booking
        </button>
      )}
    </div>
  );
}
