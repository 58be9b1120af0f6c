import type { Metadata } from 'next';
import Link from 'next/link';
import { CounterRefundForm } from '@/components/admin/box-office/counter-refund-form';
import { CounterSale } from '@/components/admin/box-office/counter-sale';
import { TillPanel } from '@/components/admin/box-office/till-panel';
import { RetryRefundButton } from '@/components/admin/retry-refund-button';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import {
  closeTillAction,
  openTillAction,
  refundCounterBookingAction,
  sellAtCounterAction,
} from '@/server/actions/boxoffice';
import { holdBestSeatsAction } from '@/server/actions/showtimes';
import { listCinemaShowtimes } from '@/server/admin/list-cinema-showtimes';
import { requireAdminArea } from '@/server/auth/admin-access';
import { managesCinema } from '@/server/boxoffice/counter-access';
import { listCounterRefundsOwed } from '@/server/boxoffice/list-counter-refunds-owed';
import { listTills } from '@/server/boxoffice/list-tills';
import { getShowtime } from '@/server/catalog/get-showtime';

export const metadata: Metadata = { title: 'Box office' };

type Props = { searchParams: Promise<{ cinema?: string; show?: string }> };

export default async function BoxOfficePage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['STAFF', 'MANAGER'] }, '/admin/box-office');
  const params = await searchParams;
  // Today's shows still to start and the next day's: what a counter sells.
  const cinemas = await listCinemaShowtimes({ viewer, days: 2 });
  const cinema =
    cinemas.find((c) => c.id === params.cinema) ?? (cinemas.length === 1 ? cinemas[0] : undefined);
  const shows = (cinema?.showtimes ?? []).filter(
    (s) => s.status === 'SCHEDULED' && new Date(s.startsAt).getTime() > Date.now(),
  );
  const chosen = shows.find((s) => s.id === params.show);
  const showtime = chosen ? await getShowtime(chosen.id, viewer.id) : null;
  const tills = cinema ? await listTills({ viewer, cinemaId: cinema.id, status: 'all', limit: 20 }) : [];
  const owed = cinema ? await listCounterRefundsOwed({ viewer, cinemaId: cinema.id }) : [];
  const myTill = tills.find((t) => t.userId === viewer.id && t.closedAt === null) ?? null;
  const manager = cinema ? managesCinema(viewer, cinema.id) : false;
  const here = (q: Record<string, string>) => `/admin/box-office?${new URLSearchParams(q).toString()}`;

  return (
    <div className="space-y-6">
      <div>
        <Link href="/admin" className="text-sm underline">
          ← Cinema admin
        </Link>
        <h1 className="mt-1 font-display text-3xl font-bold">Box office</h1>
        {cinema ? <p className="text-stone-600 dark:text-stone-400">{cinema.name}</p> : null}
      </div>

      {cinemas.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          No cinemas are assigned to you yet.
        </p>
      ) : null}
      {cinemas.length > 1 ? (
        <nav aria-label="Cinemas" className="flex flex-wrap gap-2 text-sm">
          {cinemas.map((c) => (
            <Link
              key={c.id}
              href={here({ cinema: c.id })}
              aria-current={c.id === cinema?.id ? 'page' : undefined}
              className="rounded-md border px-3 py-2 font-medium aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-700 aria-[current=page]:text-white dark:border-ink-700"
            >
              {c.name}
            </Link>
          ))}
        </nav>
      ) : null}

      {cinema ? (
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_20rem]">
          <div className="min-w-0 space-y-6">
            <section aria-labelledby="shows-title" className="space-y-2">
              <h2 id="shows-title" className="font-display text-xl font-bold">
                Shows
              </h2>
              {shows.length === 0 ? (
                <p className="text-sm text-stone-600 dark:text-stone-400">
                  Nothing left on sale today or tomorrow at this cinema.
                </p>
              ) : (
                <ul className="flex flex-wrap gap-2">
                  {shows.slice(0, 40).map((s) => (
                    <li key={s.id}>
                      <Link
                        href={here({ cinema: cinema.id, show: s.id })}
                        aria-current={s.id === chosen?.id ? 'page' : undefined}
                        className="block rounded-md border border-stone-300 px-3 py-2 text-sm hover:bg-stone-100 aria-[current=page]:border-brand-700 aria-[current=page]:bg-brand-50 dark:border-ink-700 dark:hover:bg-ink-900 dark:aria-[current=page]:bg-ink-800"
                      >
                        <span className="font-semibold">
                          {formatDay(s.startsAt)} {formatTime(s.startsAt)}
                        </span>{' '}
                        {s.movie}
                        <span className="block text-xs text-stone-600 dark:text-stone-400">
                          {s.screen} · {s.capacity - s.sold - s.held} free
                        </span>
                      </Link>
                    </li>
                  ))}
                </ul>
              )}
            </section>

            {showtime && chosen ? (
              <section aria-labelledby="sale-title" className="space-y-3">
                <h2 id="sale-title" className="font-display text-xl font-bold">
                  {showtime.movie.title} · {formatTime(showtime.startsAt)} · {showtime.screen.name}
                </h2>
                {myTill ? (
                  <CounterSale
                    showtimeId={showtime.id}
                    snapshot={showtime.seatMap}
                    serverNow={Date.now()}
                    wheelchairReleaseAt={new Date(
                      new Date(showtime.startsAt).getTime() -
                        showtime.cinemaRules.wheelchairReleaseMinutes * 60_000,
                    ).toISOString()}
                    sell={sellAtCounterAction}
                    holdBest={holdBestSeatsAction}
                  />
                ) : (
                  <p role="status" className="rounded-md bg-stone-100 p-3 text-sm dark:bg-ink-800">
                    Open your till (beside this) to start selling.
                  </p>
                )}
              </section>
            ) : shows.length ? (
              <p className="text-sm text-stone-600 dark:text-stone-400">Choose a show to sell seats.</p>
            ) : null}
          </div>

          <aside className="min-w-0 space-y-6">
            <div className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
              <TillPanel
                key={myTill?.id ?? 'none'}
                cinemaId={cinema.id}
                till={myTill}
                openTill={openTillAction}
                closeTill={closeTillAction}
              />
            </div>
            <div className="rounded-lg border border-stone-200 p-4 dark:border-ink-700">
              <CounterRefundForm refund={refundCounterBookingAction} />
            </div>
            {owed.length ? (
              <section aria-labelledby="owed-title" className="space-y-2">
                <h2 id="owed-title" className="font-display text-xl font-bold">
                  Refunds owed at this counter
                </h2>
                <p className="text-sm text-stone-600 dark:text-stone-400">
                  Counter sales of cancelled shows: hand the money back when the customer comes, then mark it
                  paid (cash from your open till).
                </p>
                <ul className="space-y-2">
                  {owed.map((r) => (
                    <li
                      key={r.id}
                      className="flex flex-wrap items-start justify-between gap-2 rounded-md border border-stone-200 p-3 text-sm dark:border-ink-700"
                    >
                      <span className="min-w-0">
                        <span className="font-semibold">{formatMoney(r.amountMinor, r.currency)}</span> ·{' '}
                        <span className="font-mono">{r.reference ?? '—'}</span>
                        {r.customerName ? ` · ${r.customerName}` : ''}
                        <span className="block text-stone-600 dark:text-stone-400">
                          {r.method === 'CASH' ? 'Cash' : r.method === 'UPI' ? 'UPI' : 'Card terminal'} ·{' '}
                          {r.reason}
                        </span>
                      </span>
                      <RetryRefundButton
                        refundId={r.id}
                        atCounter
                        label={`${formatMoney(r.amountMinor, r.currency)} for booking ${r.reference ?? ''}`}
                      />
                    </li>
                  ))}
                </ul>
              </section>
            ) : null}
            <section aria-labelledby="tills-title" className="space-y-2">
              <h2 id="tills-title" className="font-display text-xl font-bold">
                {manager ? 'Tills at this cinema' : 'Your recent tills'}
              </h2>
              {tills.length === 0 ? (
                <p className="text-sm text-stone-600 dark:text-stone-400">No tills yet.</p>
              ) : (
                <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 text-sm dark:divide-ink-800 dark:border-ink-800">
                  {tills.map((t) => (
                    <li key={t.id} className="space-y-0.5 px-3 py-2">
                      <p className="flex justify-between gap-2">
                        <span className="font-medium">{t.userName}</span>
                        <span>{t.closedAt ? 'closed' : 'open'}</span>
                      </p>
                      <p className="text-xs text-stone-600 dark:text-stone-400">
                        {formatDay(t.openedAt)} {formatTime(t.openedAt)} · {t.sales.count} sales · expected{' '}
                        {formatMoney(t.expectedMinor)}
                        {t.countedMinor !== null ? ` · counted ${formatMoney(t.countedMinor)}` : ''}
                      </p>
                      {t.differenceMinor !== null ? (
                        <p
                          className={
                            t.differenceMinor === 0
                              ? 'text-xs'
                              : 'text-xs font-semibold text-red-800 dark:text-red-300'
                          }
                        >
                          Difference {t.differenceMinor > 0 ? '+' : t.differenceMinor < 0 ? '−' : ''}
                          {formatMoney(Math.abs(t.differenceMinor))}
                        </p>
                      ) : null}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </aside>
        </div>
      ) : cinemas.length > 1 ? (
        <p className="text-sm text-stone-600 dark:text-stone-400">Choose the cinema you are selling at.</p>
      ) : null}
    </div>
  );
}
