import 'server-only';
import { addDays, isoWeekOf, localDateAt, shiftWeek, weekDates, zonedInstant } from '@/lib/local-time';
import type { ProgrammeWeek } from '@/lib/schemas/programme';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { loadProgrammeContext } from '@/server/programme/programme-context';
import { templatesOf } from '@/server/programme/save-programme-template';
import { loadSessions } from '@/server/programme/session-view';

/**
 * One ISO week (Monday to Sunday, in the cinema's time zone; this week by default) of a cinema's
 * programme, for its managers and admins: the screens, every session (cancelled ones too) with
 * how it sells, and the films that can be programmed.
 */
export async function listProgrammeWeek(options: {
  viewer: Viewer;
  cinemaId: string;
  week?: string;
  now?: Date;
}): Promise<ProgrammeWeek> {
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  const ctx = await loadProgrammeContext(db(), options.cinemaId);
  const { timeZone } = ctx.cinema;
  const today = localDateAt(options.now ?? new Date(), timeZone);
  const week = options.week ?? isoWeekOf(today);
  const days = weekDates(week);
  const [sessions, films, templates] = await Promise.all([
    loadSessions(
      db(),
      {
        cinemaId: ctx.cinema.id,
        from: zonedInstant(days[0] as string, 0, timeZone),
        until: zonedInstant(addDays(days[6] as string, 1), 0, timeZone),
      },
      timeZone,
    ),
    db().movie.findMany({
      select: {
        id: true,
        title: true,
        runtimeMinutes: true,
        languages: true,
        formats: true,
        releaseDate: true,
      },
      orderBy: { title: 'asc' },
    }),
    templatesOf(db(), [...ctx.screens.keys()]),
  ]);
  return {
    cinema: {
      id: ctx.cinema.id,
      name: ctx.cinema.name,
      timeZone,
      trailersMinutes: ctx.cinema.trailersMinutes,
      cleaningMinutes: ctx.cinema.cleaningMinutes,
    },
    week,
    previousWeek: shiftWeek(week, -1),
    nextWeek: shiftWeek(week, 1),
    days,
    today,
    screens: [...ctx.screens.values()].map((s) => ({ ...s, rolling: templates.get(s.id) ?? null })),
    sessions,
    films: films.map((f) => ({ ...f, releaseDate: f.releaseDate.toISOString().slice(0, 10) })),
  };
}
