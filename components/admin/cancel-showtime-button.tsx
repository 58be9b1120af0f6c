'use client';

import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useState } from 'react';
import { cancelShowtimeAction } from '@/server/actions/showtimes';

export function CancelShowtimeButton({ showtimeId, label }: { showtimeId: string; label: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const id = useId();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const reason = String(new FormData(e.currentTarget).get('reason') ?? '');
    setPending(true);
    const r = await cancelShowtimeAction({ showtimeId, reason });
    setPending(false);
    if (!r.ok) {
      setMessage(r.error.message);
      return;
    }
    setMessage(
      `Cancelled: ${r.data.bookingsCancelled} bookings refunded, ${r.data.holdsReleased} holds released.`,
    );
    setOpen(false);
    router.refresh();
  }

  if (!open) {
    return (
      <>
        <button
          type="button"
          onClick={() => setOpen(true)}
          className="rounded border border-red-300 px-2 py-1 text-red-800 dark:border-red-800 dark:text-red-300"
        >
          Cancel show<span className="sr-only">: {label}</span>
        </button>
        {message ? (
          <p role="status" className="mt-1 text-xs">
            {message}
          </p>
        ) : null}
      </>
    );
  }
  return (
    <form method="post" onSubmit={submit} className="flex flex-col items-end gap-1 text-left">
      <label htmlFor={id} className="text-xs">
        Why? Customers will see this.
      </label>
      <input
        id={id}
        name="reason"
        required
        minLength={3}
        maxLength={500}
        className="w-56 rounded border px-2 py-1 dark:border-ink-700 dark:bg-ink-900"
      />
      <p className="text-xs">Every booking is refunded in full.</p>
      <div className="flex gap-1">
        <button
          type="button"
          onClick={() => setOpen(false)}
          className="rounded border px-2 py-1 dark:border-ink-700"
        >
          Keep it
        </button>
        <button
          type="submit"
          disabled={pending}
          className="rounded bg-red-700 px-2 py-1 font-semibold text-white disabled:opacity-50"
        >
          {pending ? 'Cancelling…' : 'Cancel and refund all'}
        </button>
      </div>
      {message ? (
        <p role="alert" className="text-xs text-red-800 dark:text-red-300">
          {message}
        </p>
      ) : null}
    </form>
  );
}
