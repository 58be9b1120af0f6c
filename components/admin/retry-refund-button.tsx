'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { retryRefundAction, settleCounterRefundAction } from '@/server/actions/refunds';

const OUTCOME: Record<string, string> = {
  SUCCEEDED: 'Refunded.',
  PENDING: 'Sent again; the provider did not take it yet. It will be retried automatically.',
  FAILED: 'The provider refused it again.',
};

/**
 * What a person does with a refund that needs one: send it to the provider again, or, for a sale
 * paid at the box office, mark it paid once the money is handed back over the counter.
 */
export function RetryRefundButton({
  refundId,
  label,
  atCounter = false,
}: {
  refundId: string;
  label: string;
  atCounter?: boolean;
}) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function act() {
    setPending(true);
    setMessage(null);
    const r = atCounter
      ? await settleCounterRefundAction({ id: refundId })
      : await retryRefundAction({ id: refundId });
    setPending(false);
    setMessage(
      r.ok
        ? atCounter
          ? 'Marked as paid back.'
          : (OUTCOME[r.data.status] ?? r.data.status)
        : r.error.message,
    );
    if (r.ok) router.refresh();
  }

  return (
    <div className="flex flex-col items-end gap-1">
      <button
        type="button"
        onClick={() => void act()}
        disabled={pending}
        aria-busy={pending}
        className="rounded border border-stone-300 px-3 py-1.5 font-medium hover:bg-stone-100 disabled:opacity-60 dark:border-ink-700 dark:hover:bg-ink-800"
      >
        {pending ? 'Saving…' : atCounter ? 'Paid back at the counter' : 'Retry refund'}
        <span className="sr-only">: {label}</span>
      </button>
      {message ? (
        <p role="status" className="max-w-xs text-right text-xs">
          {message}
        </p>
      ) : null}
    </div>
  );
}
