import type { Metadata } from 'next';
import Link from 'next/link';
import { RetryRefundButton } from '@/components/admin/retry-refund-button';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { refundListQuerySchema } from '@/lib/schemas/admin';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listRefunds } from '@/server/refunds/list-refunds';

export const metadata: Metadata = { title: 'Refunds · Cinema admin' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const TABS = [
  { status: 'FAILED', label: 'Need attention' },
  { status: 'PENDING', label: 'Being retried' },
  { status: 'SUCCEEDED', label: 'Refunded' },
] as const;

// Refunds the payment provider would not take after every automatic retry land here for the
// cinema's managers: who, how much, what the provider said, and a button to send it again.
export default async function RefundsPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/refunds');
  const parsed = refundListQuerySchema.safeParse(await searchParams);
  const status = parsed.success ? parsed.data.status : 'FAILED';
  const refunds = await listRefunds({ viewer, status });
  return (
    <div className="space-y-6">
      <header className="space-y-2">
        <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Cinema admin
        </Link>
        <h1 className="font-display text-3xl font-bold">Refunds</h1>
        <p className="max-w-2xl text-stone-600 dark:text-stone-400">
          Refunds are sent to the payment provider at once and retried automatically for about half an hour.
          The ones it still would not take need you: check the reason, then retry. Every retry is recorded in
          the audit log.
        </p>
      </header>
      <nav aria-label="Refund status" className="flex flex-wrap gap-2 text-sm">
        {TABS.map((t) => (
          <Link
            key={t.status}
            href={`/admin/refunds?status=${t.status}`}
            aria-current={t.status === status ? 'page' : undefined}
            className={`rounded-md border px-3 py-2 font-medium dark:border-ink-700 ${
              t.status === status ? 'bg-stone-900 text-white dark:bg-stone-100 dark:text-ink-950' : ''
            }`}
          >
            {t.label}
          </Link>
        ))}
      </nav>
      {refunds.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          {status === 'FAILED'
            ? 'Nothing needs your attention: every refund went through.'
            : 'No refunds here.'}
        </p>
      ) : (
        <ul className="space-y-3">
          {refunds.map((r) => {
            const what = r.bookingReference
              ? `booking ${r.bookingReference}`
              : 'a payment whose booking could not be made';
            return (
              <li
                key={r.id}
                className="flex flex-col gap-3 rounded-lg border border-stone-200 p-4 sm:flex-row sm:items-start sm:justify-between dark:border-ink-700"
              >
                <div className="min-w-0 space-y-1 text-sm">
                  <p className="font-display text-lg font-bold">
                    {formatMoney(r.amountMinor, r.currency)} · {r.customer.name ?? 'Customer'}
                  </p>
                  <p>
                    {r.bookingReference ? (
                      <span className="font-mono">{r.bookingReference}</span>
                    ) : (
                      'Reversal of a charge whose booking could not be made'
                    )}{' '}
                    · {r.showtime.movieTitle}, {formatDay(r.showtime.startsAt)}{' '}
                    {formatTime(r.showtime.startsAt)} · {r.cinema.name}
                  </p>
                  {r.customer.email ? <p className="break-all">{r.customer.email}</p> : null}
                  <p className="text-stone-600 dark:text-stone-400">
                    {r.attempts} {r.attempts === 1 ? 'attempt' : 'attempts'}
                    {r.nextAttemptAt ? `, next ${formatTime(r.nextAttemptAt)}` : ''} · asked{' '}
                    {formatDay(r.createdAt)} {formatTime(r.createdAt)} · {r.reason}
                  </p>
                  {r.creditNote ? (
                    <p>
                      <a href={r.creditNote.pdfUrl} download className="underline underline-offset-2">
                        GST credit note {r.creditNote.number}
                      </a>{' '}
                      against invoice {r.creditNote.invoiceNumber}
                    </p>
                  ) : null}
                  {r.atCounter ? (
                    <p className="font-medium">
                      Paid at the box office: hand the money back over the counter (cash from your open till),
                      then mark it paid.
                    </p>
                  ) : r.lastError ? (
                    <p className="break-words text-red-800 dark:text-red-300">Provider said: {r.lastError}</p>
                  ) : null}
                </div>
                {r.status === 'FAILED' ? (
                  <RetryRefundButton
                    refundId={r.id}
                    atCounter={r.atCounter}
                    label={`${formatMoney(r.amountMinor, r.currency)} for ${what}`}
                  />
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
