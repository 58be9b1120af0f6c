import type { Metadata } from 'next';
import Link from 'next/link';
import {
  FilterActions,
  filterControl,
  ListCount,
  ListEmpty,
  listHref,
  Pager,
} from '@/components/admin/list-bits';
import { formatMoney } from '@/lib/format';
import { PROMO_STATUSES, type Promo, type PromoListQuery, promoListQuerySchema } from '@/lib/schemas/promos';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listPromos } from '@/server/promos/list-promos';
import { listPromoOptions } from '@/server/promos/promo-options';

export const metadata: Metadata = { title: 'Promo codes · Cinema admin' };

type Props = { searchParams: Promise<Record<string, string | string[] | undefined>> };

const PAGE_SIZE = 20;
const STATUS_LABELS: Record<(typeof PROMO_STATUSES)[number], string> = {
  current: 'Working now',
  upcoming: 'Not started',
  ended: 'Ended',
  inactive: 'Turned off',
  all: 'All',
};

function offer(p: Promo): string {
  if (p.kind === 'FIXED') return `${formatMoney(p.value)} off`;
  const cap = p.maxDiscountMinor === null ? '' : `, up to ${formatMoney(p.maxDiscountMinor)}`;
  return `${p.value / 100} % off${cap}`;
}

function state(p: Promo, now: number): { label: string; tone: string } {
  if (!p.active) return { label: 'Turned off', tone: 'bg-stone-200 dark:bg-ink-700' };
  if (Date.parse(p.validUntil) <= now) return { label: 'Ended', tone: 'bg-stone-200 dark:bg-ink-700' };
  if (Date.parse(p.validFrom) > now) {
    return { label: 'Not started', tone: 'bg-sky-100 text-sky-900 dark:bg-sky-950 dark:text-sky-200' };
  }
  return {
    label: 'Working',
    tone: 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200',
  };
}

const day = (iso: string) =>
  new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', timeZone: 'Asia/Kolkata' }).format(
    new Date(iso),
  );

// The promo codes the viewer runs (admins: all; managers: those for their cinemas), with what
// each has given so far.
export default async function PromosPage({ searchParams }: Props) {
  const viewer = await requireAdminArea({ roles: ['MANAGER'] }, '/admin/promos');
  const raw = await searchParams;
  const one = (k: string) => (typeof raw[k] === 'string' && raw[k] !== '' ? raw[k] : undefined);
  const parsed = promoListQuerySchema.safeParse({
    q: one('q'),
    status: one('status'),
    cinemaId: one('cinemaId'),
    page: one('page'),
    pageSize: PAGE_SIZE,
  });
  const query: PromoListQuery = parsed.success
    ? parsed.data
    : { status: 'all', page: 1, pageSize: PAGE_SIZE };
  const [{ promos, total }, { cinemas }] = await Promise.all([
    listPromos({ viewer, query }),
    listPromoOptions({ viewer }),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const filtered = Boolean(query.q || query.cinemaId || query.status !== 'all');
  const href = (page: number) =>
    listHref(
      '/admin/promos',
      {
        q: query.q,
        status: query.status !== 'all' ? query.status : undefined,
        cinemaId: query.cinemaId,
      },
      page,
    );

  const first = (query.page - 1) * PAGE_SIZE + 1;
  const now = Date.now();

  return (
    <div className="space-y-6">
      <header className="flex flex-wrap items-end justify-between gap-3">
        <div className="space-y-1">
          <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
            ← Cinema admin
          </Link>
          <h1 className="font-display text-3xl font-bold">Promo codes</h1>
          <p className="max-w-2xl text-stone-600 dark:text-stone-400">
            {viewer.role === 'ADMIN'
              ? 'Every code, including those for every cinema.'
              : 'The codes for your cinemas.'}{' '}
            A change applies to checkouts after it; a payment already under way keeps its discount.
          </p>
        </div>
        <Link
          href="/admin/promos/new"
          className="inline-flex h-11 items-center rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800"
        >
          New code
        </Link>
      </header>

      <form method="get" aria-label="Filter promo codes" className="flex flex-wrap items-end gap-3">
        <label className="flex min-w-0 flex-1 basis-56 flex-col gap-1 text-sm font-medium">
          Code or description
          <input name="q" type="search" defaultValue={query.q ?? ''} className={filterControl} />
        </label>
        <label className="flex flex-col gap-1 text-sm font-medium">
          Status
          <select name="status" defaultValue={query.status} className={filterControl}>
            {PROMO_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        {cinemas.length > 1 ? (
          <label className="flex flex-col gap-1 text-sm font-medium">
            Cinema
            <select name="cinemaId" defaultValue={query.cinemaId ?? ''} className={filterControl}>
              <option value="">Any</option>
              {cinemas.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        ) : null}
        <FilterActions filtered={filtered} clearHref="/admin/promos" />
      </form>

      {promos.length === 0 ? (
        <ListEmpty
          page={query.page}
          total={total}
          filtered={filtered}
          firstPageHref={href(1)}
          clearHref="/admin/promos"
          noMatch="No code matches these filters."
          nothingYet={
            <>
              No promo codes yet. Make the first with{' '}
              <Link href="/admin/promos/new" className="underline">
                New code
              </Link>
              .
            </>
          }
        />
      ) : (
        <>
          <ListCount first={first} shown={promos.length} total={total} one="code" many="codes" />
          <div className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
            <table className="w-full min-w-[720px] text-sm">
              <caption className="sr-only">Promo codes, newest first</caption>
              <thead className="bg-stone-100 text-left dark:bg-ink-800">
                <tr>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Code
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Offer
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Where
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Valid
                  </th>
                  <th scope="col" className="px-2 py-2 text-right lg:px-3">
                    Used
                  </th>
                  <th scope="col" className="px-2 py-2 text-right lg:px-3">
                    Discount given
                  </th>
                  <th scope="col" className="px-2 py-2 lg:px-3">
                    Status
                  </th>
                </tr>
              </thead>
              <tbody>
                {promos.map((p) => {
                  const s = state(p, now);
                  const used = p.usage.redemptions + p.usage.reserved;
                  return (
                    <tr key={p.id} className="border-t border-stone-200 dark:border-ink-700">
                      <th scope="row" className="px-2 py-2 text-left font-medium lg:px-3">
                        <Link href={`/admin/promos/${p.id}`} className="font-mono underline">
                          {p.code}
                        </Link>
                        <span className="block text-xs font-normal text-stone-600 dark:text-stone-400">
                          {p.description}
                        </span>
                      </th>
                      <td className="px-2 py-2 lg:px-3">
                        {offer(p)}
                        {p.minSeats > 1 ? `, ${p.minSeats}+ seats` : ''}
                      </td>
                      <td className="px-2 py-2 lg:px-3">
                        {p.cinemas.length ? p.cinemas.map((c) => c.name).join(', ') : 'Every cinema'}
                        {p.films.length ? (
                          <span className="block text-xs text-stone-600 dark:text-stone-400">
                            {p.films.length === 1 ? p.films[0]?.title : `${p.films.length} films`}
                          </span>
                        ) : null}
                      </td>
                      <td className="whitespace-nowrap px-2 py-2 lg:px-3">
                        {day(p.validFrom)} – {day(p.validUntil)}
                      </td>
                      <td className="px-2 py-2 text-right tabular-nums lg:px-3">
                        {used}
                        {p.maxRedemptions === null ? '' : ` of ${p.maxRedemptions}`}
                      </td>
                      <td className="px-2 py-2 text-right tabular-nums lg:px-3">
                        {formatMoney(p.usage.discountGivenMinor)}
                      </td>
                      <td className="px-2 py-2 lg:px-3">
                        <span className={`rounded px-2 py-0.5 text-xs font-semibold ${s.tone}`}>
                          {s.label}
                        </span>
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}

      <Pager page={query.page} pages={pages} href={href} />
    </div>
  );
}
