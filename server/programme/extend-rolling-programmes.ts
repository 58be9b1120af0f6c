import 'server-only';
import { addDays, dayNumber, formatTimeOfDay, localDateAt, parseTimeOfDay } from '@/lib/local-time';
import { recordAudit } from '@/server/audit/record-audit';
import { db, type Tx } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { log } from '@/server/log';
import { insertSession } from '@/server/programme/create-showtime';
import { existingSessions, plannedRow, planSessions } from '@/server/programme/plan-sessions';
import {
  loadFilms,
  loadProgrammeContext,
  lockScreens,
  type ProgrammeFilmInfo,
} from '@/server/programme/programme-context';
import { ACCESS_SLOT_SELECT, accessFeaturesAt } from '@/server/programme/template-access-slots';

// Rolling schedules: the periodic job (server/main.ts, every few minutes; the scheduler's advisory
// lock lets one instance run it at a time) that keeps each active template's screen programmed
// daysAhead days ahead of the cinema's today. Each template is extended in its own transaction,
// holding its screen's programming lock and its own row lock, and advances extended_through with
// the sessions it writes: a day is generated once however many instances or runs there are, and a
// run that dies writes nothing. Sessions are planned back to back around whatever is already on
// the screen (never a clash); one the job cannot sell (no price on the card) is left out and
// logged, as nobody is there to ask.

type TemplateRow = {
  id: string;
  screen_id: string;
  cinema_id: string;
  movie_ids: string[];
  first_show_minute: number;
  last_start_minute: number;
  days_ahead: number;
  extended_through: Date | null;
};

export type ExtendResult = { templates: number; days: number; sessions: number; skipped: number };

async function filmsFor(tx: Tx, movieIds: readonly string[]): Promise<ProgrammeFilmInfo[]> {
  if (movieIds.length) {
    const films = await loadFilms(tx, movieIds);
    return movieIds.flatMap((id) => films.get(id) ?? []);
  }
  // Every film: the planner passes over those not yet open or that the screen cannot project.
  const all = await tx.movie.findMany({
    select: { id: true },
    orderBy: [{ releaseDate: 'desc' }, { title: 'asc' }],
  });
  const films = await loadFilms(
    tx,
    all.map((m) => m.id),
  );
  return all.flatMap((m) => films.get(m.id) ?? []);
}

/** Extends one template, if it is due; returns what it wrote. */
async function extendOne(
  templateId: string,
  now: Date,
): Promise<{ cinemaId: string; days: number; sessions: number; skipped: number } | null> {
  return readCommitted(
    async (tx) => {
      const [peek] = await tx.$queryRaw<{ screen_id: string }[]>`
        SELECT screen_id::text FROM programme_templates WHERE id = ${templateId}::uuid`;
      if (!peek) return null;
      // The screen's programming lock first, as every programme writer takes it.
      await lockScreens(tx, [peek.screen_id]);
      const [t] = await tx.$queryRaw<TemplateRow[]>`
        SELECT t.id::text, t.screen_id::text, sc.cinema_id::text, t.movie_ids::text[] AS movie_ids,
               t.first_show_minute, t.last_start_minute, t.days_ahead, t.extended_through
        FROM programme_templates t JOIN screens sc ON sc.id = t.screen_id
        WHERE t.id = ${templateId}::uuid AND t.active
        FOR UPDATE OF t`;
      if (!t) return null;
      const ctx = await loadProgrammeContext(tx, t.cinema_id);
      const screen = ctx.screens.get(t.screen_id);
      if (!screen) return null;
      const today = localDateAt(now, ctx.cinema.timeZone);
      const through = addDays(today, t.days_ahead - 1);
      const done = t.extended_through?.toISOString().slice(0, 10);
      const from = done && done >= today ? addDays(done, 1) : today;
      if (from > through) return null;
      const dates = Array.from({ length: dayNumber(through) - dayNumber(from) + 1 }, (_, i) =>
        addDays(from, i),
      );
      const plan = planSessions({
        ctx,
        films: await filmsFor(tx, t.movie_ids),
        screens: [screen],
        dates,
        starts: {
          kind: 'back-to-back',
          firstShow: formatTimeOfDay(t.first_show_minute),
          lastStart: formatTimeOfDay(t.last_start_minute),
        },
        existing: await existingSessions(tx, ctx, [screen.id], dates),
        now,
      });
      const writable = plan.sessions.filter((s) => s.problem === null);
      // Read under the template's row lock taken above: a save that changes them waits for us.
      const slots = await tx.programmeTemplateAccessSlot.findMany({
        where: { templateId },
        ...ACCESS_SLOT_SELECT,
      });
      const ids: string[] = [];
      for (const s of writable) {
        const accessibility = accessFeaturesAt(slots, s.date, parseTimeOfDay(s.time));
        ids.push(await insertSession(tx, { ...plannedRow(s), accessibility }));
      }
      await tx.$executeRaw`
        UPDATE programme_templates SET extended_through = ${through}::date, updated_at = now()
        WHERE id = ${templateId}::uuid`;
      const skipped = plan.sessions.length - writable.length;
      if (skipped || plan.notes.length)
        log.warn('rolling programme left sessions out', {
          templateId,
          screen: screen.name,
          skipped: plan.sessions.filter((s) => s.problem).map((s) => `${s.date} ${s.time} ${s.problem}`),
          notes: plan.notes,
        });
      await recordAudit(tx, {
        actor: null,
        action: 'programme.extended',
        entityType: 'screen',
        entityId: screen.id,
        before: { extendedThrough: done ?? null },
        after: { extendedThrough: through, dates, sessionIds: ids, skipped },
      });
      return { cinemaId: t.cinema_id, days: dates.length, sessions: ids.length, skipped };
    },
    { label: 'extend-rolling-programme', timeoutMs: 60_000 },
  );
}

/** Extends every active template that is due (or only these). */
export async function extendRollingProgrammes(
  options: { now?: Date; templateIds?: readonly string[] } = {},
): Promise<ExtendResult> {
  const now = options.now ?? new Date();
  const templates = options.templateIds
    ? [...options.templateIds]
    : (
        await db().programmeTemplate.findMany({
          where: { active: true },
          select: { id: true },
          orderBy: { id: 'asc' },
        })
      ).map((t) => t.id);
  const result: ExtendResult = { templates: 0, days: 0, sessions: 0, skipped: 0 };
  const cinemaIds = new Set<string>();
  for (const id of templates) {
    const done = await extendOne(id, now);
    if (!done) continue;
    result.templates += 1;
    result.days += done.days;
    result.sessions += done.sessions;
    result.skipped += done.skipped;
    if (done.sessions) cinemaIds.add(done.cinemaId);
  }
  if (cinemaIds.size) publishCatalogChange({ cinemaIds: [...cinemaIds] });
  return result;
}
