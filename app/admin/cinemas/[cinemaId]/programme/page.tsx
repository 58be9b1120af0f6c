import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { dayLabel } from '@/components/admin/programme/display';
import { WeekGrid } from '@/components/admin/programme/week-grid';
import { isAppError } from '@/lib/errors';
import { isoWeekSchema } from '@/lib/schemas/programme';
import {
  checkClashesAction,
  createShowtimeAction,
  generateSessionsAction,
  saveProgrammeTemplateAction,
  updateShowtimeAction,
} from '@/server/actions/programme';
import { cancelShowtimeAction } from '@/server/actions/showtimes';
import { requireAdminArea } from '@/server/auth/admin-access';
import { listProgrammeWeek } from '@/server/programme/list-programme-week';

export const metadata: Metadata = { title: 'Programme · Cinema admin' };

type Props = {
  params: Promise<{ cinemaId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
};

const navLink =
  'inline-flex min-h-9 items-center rounded-md border border-stone-300 px-3 text-sm font-medium hover:bg-stone-100 dark:border-ink-700 dark:hover:bg-ink-800';

// A cinema's week for its managers: the grid of screens and days with every session, the way to
// add, move, retime, reprice and cancel them.
export default async function ProgrammePage({ params, searchParams }: Props) {
  const { cinemaId } = await params;
  if (!z.uuid().safeParse(cinemaId).success) notFound();
  const asked = (await searchParams).week;
  const week = isoWeekSchema.safeParse(asked).success ? (asked as string) : undefined;
  const base = `/admin/cinemas/${cinemaId}/programme`;
  const viewer = await requireAdminArea(
    { roles: ['MANAGER'], cinemaId },
    week ? `${base}?week=${week}` : base,
  );
  const data = await listProgrammeWeek({ viewer, cinemaId, week }).catch((error: unknown) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const live = data.sessions.filter((s) => s.status === 'SCHEDULED');
  const sold = live.reduce((n, s) => n + s.sold, 0);
  const capacity = live.reduce((n, s) => n + s.capacity, 0);
  return (
    <div className="space-y-6">
      <header className="space-y-3">
        <Link href="/admin" className="text-sm text-brand-700 underline dark:text-brand-400">
          ← Cinema admin
        </Link>
        <div className="flex flex-wrap items-end justify-between gap-3">
          <div>
            <h1 className="font-display text-3xl font-bold">Programme</h1>
            <p className="text-stone-600 dark:text-stone-400">
              {data.cinema.name} · week {data.week.slice(6)}, {dayLabel(data.days[0] ?? '')} –{' '}
              {dayLabel(data.days[6] ?? '')} · {live.length} sessions · {sold.toLocaleString('en-IN')} of{' '}
              {capacity.toLocaleString('en-IN')} seats sold
            </p>
          </div>
          <nav aria-label="Weeks" className="flex flex-wrap gap-2">
            <Link href={`${base}?week=${data.previousWeek}`} className={navLink}>
              ← Previous week
            </Link>
            <Link href={base} className={navLink}>
              This week
            </Link>
            <Link href={`${base}?week=${data.nextWeek}`} className={navLink}>
              Next week →
            </Link>
            <Link href={`/admin/cinemas/${cinemaId}/prices`} className={navLink}>
              Prices
            </Link>
          </nav>
        </div>
      </header>
      <WeekGrid
        key={data.week}
        week={data}
        actions={{
          checkClashes: checkClashesAction,
          createShowtime: createShowtimeAction,
          updateShowtime: updateShowtimeAction,
          cancelShowtime: cancelShowtimeAction,
          generateSessions: generateSessionsAction,
          saveProgrammeTemplate: saveProgrammeTemplateAction,
        }}
      />
    </div>
  );
}
