import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { ScreenDetailsForm } from '@/components/admin/screen-details-form';
import { SeatBlockForm } from '@/components/admin/seat-block-form';
import { CategorySwatch } from '@/components/seat-map/category-swatch';
import { SeatGrid } from '@/components/seat-map/seat-grid';
import { CATEGORY_STYLE, KIND_SYMBOL } from '@/components/seat-map/seat-style';
import { isAppError } from '@/lib/errors';
import { CATEGORY_LABELS, FORMAT_LABELS } from '@/lib/format';
import { SEAT_CATEGORIES } from '@/lib/seat-layout/draft';
import { blockSeatsAction, previewSeatBlockAction, updateScreenAction } from '@/server/actions/venues';
import { requireAdminArea } from '@/server/auth/admin-access';
import { getScreenLayout } from '@/server/venues/get-screen-layout';

export const metadata: Metadata = { title: 'Screen layout · Cinema admin' };

type Props = {
  params: Promise<{ cinemaId: string; screenId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

// One screen's current layout, drawn as moviegoers see it, with its seats out of service on coming shows.
export default async function ScreenLayoutPage({ params, searchParams }: Props) {
  const { cinemaId, screenId } = await params;
  if (!z.uuid().safeParse(cinemaId).success || !z.uuid().safeParse(screenId).success) notFound();
  const base = `/admin/cinemas/${cinemaId}/screens`;
  const viewer = await requireAdminArea({ roles: ['MANAGER'], cinemaId }, `${base}/${screenId}`);
  const view = await getScreenLayout({ viewer, cinemaId, screenId }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const query = await searchParams;
  const created = query.created === '1';
  const edited = typeof query.edited === 'string' ? query.edited : null;
  const { screen, summary } = view;
  return (
    <div className="space-y-6">
      <header className="space-y-1">
        <Link href={base} className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Screens of {view.cinema.name}
        </Link>
        <h1 className="font-display text-3xl font-bold">{screen.name}</h1>
        <p className="text-stone-600 dark:text-stone-400">
          {screen.formats.map((f) => FORMAT_LABELS[f] ?? f).join(' · ')} · {screen.capacity} seats · layout
          version {screen.version}
        </p>
        <p>
          <Link
            href={`${base}/${screen.id}/layout`}
            className="inline-flex min-h-11 items-center rounded-md border border-stone-300 px-3 font-medium hover:bg-stone-100 dark:border-ink-700 dark:hover:bg-ink-800"
          >
            Edit the layout
          </Link>
        </p>
      </header>
      {created ? (
        <p
          role="status"
          className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
        >
          Screen created: {screen.capacity} seats. It can be programmed from now on.
        </p>
      ) : null}
      {edited ? (
        <p
          role="status"
          className="rounded-lg bg-emerald-50 p-3 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100"
        >
          Layout version {edited} saved: shows programmed from now on are sold on it; shows already programmed
          keep theirs.
        </p>
      ) : null}
      <dl className="flex flex-wrap gap-x-6 gap-y-2 text-sm">
        {SEAT_CATEGORIES.filter((c) => summary.byCategory[c]).map((c) => (
          <div key={c} className="flex items-center gap-1.5">
            <dt className="flex items-center gap-1.5">
              <CategorySwatch category={c} />
              {CATEGORY_LABELS[c]}
            </dt>
            <dd className="font-semibold tabular-nums">{summary.byCategory[c]}</dd>
          </div>
        ))}
        <div className="flex gap-1.5">
          <dt>♿ Wheelchair spaces</dt>
          <dd className="font-semibold tabular-nums">{summary.wheelchair}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt>Out of service</dt>
          <dd className="font-semibold tabular-nums">{summary.blocked}</dd>
        </div>
      </dl>
      <section
        aria-label="Seat layout"
        className="rounded-lg border border-stone-200 bg-white p-3 dark:border-ink-700 dark:bg-ink-900"
      >
        <SeatGrid
          layout={view.layout}
          seats={view.seats}
          renderSeat={(seat) => (
            <span
              role="img"
              aria-label={`Row ${seat.row}, seat ${seat.number}, ${CATEGORY_LABELS[seat.category]}${seat.kind === 'WHEELCHAIR' ? ', wheelchair space' : seat.kind === 'COMPANION' ? ', companion seat' : ''}${seat.state === 'blocked' ? ', out of service' : ''}`}
              className={`flex h-7 w-full items-center justify-center rounded-t-md border-2 bg-white text-[10px] font-medium dark:bg-ink-900 ${CATEGORY_STYLE[seat.category]} ${seat.state === 'blocked' ? 'border-dashed line-through' : ''}`}
            >
              {KIND_SYMBOL[seat.kind] ?? seat.number}
            </span>
          )}
        />
        {view.layout.note ? (
          <p className="mt-2 text-sm text-stone-600 dark:text-stone-400">{view.layout.note}</p>
        ) : null}
      </section>
      <ScreenDetailsForm
        cinemaId={view.cinema.id}
        screenId={screen.id}
        initial={{ name: screen.name, formats: screen.formats, cleaningMinutes: screen.cleaningMinutes }}
        action={updateScreenAction}
      />
      <SeatBlockForm
        cinemaId={view.cinema.id}
        screenId={screen.id}
        preview={previewSeatBlockAction}
        apply={blockSeatsAction}
      />
    </div>
  );
}
