import 'server-only';
import { AppError } from '@/lib/errors';
import { addDays, dayNumber } from '@/lib/local-time';
import type { GeneratedSessions, GeneratePlan, PlannedSession } from '@/lib/schemas/programme';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import type { Tx } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { readCommitted } from '@/server/db/transaction';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { filmOf, screenOf } from '@/server/programme/check-clashes';
import { insertSession } from '@/server/programme/create-showtime';
import { existingSessions, type Plan, plannedRow, planSessions } from '@/server/programme/plan-sessions';
import {
  loadFilms,
  loadProgrammeContext,
  lockScreens,
  type ProgrammeContext,
} from '@/server/programme/programme-context';

// Bulk generation: films, screens, days and start times (or "first show at 10:00, then as soon as
// the screen is free") become a plan of sessions. A preview computes it and writes nothing. Apply
// computes it again under the screens' programming locks and writes every session in one
// transaction, or, if any planned session cannot be written (a clash, a time that has passed, no
// price on the card), none: the answer lists which, as the preview would. The exclusion constraint
// stays the last line (a 409 and nothing written).

const PROBLEM_WORDS: Record<NonNullable<PlannedSession['problem']>, string> = {
  clash: 'clash with sessions already scheduled or with each other',
  past: 'start at a time that has passed',
  'no-price': 'have no price on the price card',
};

function datesOf(plan: GeneratePlan): string[] {
  const n = dayNumber(plan.until) - dayNumber(plan.from) + 1;
  return Array.from({ length: n }, (_, i) => addDays(plan.from, i));
}

async function makePlan(tx: Tx, ctx: ProgrammeContext, plan: GeneratePlan, now: Date): Promise<Plan> {
  const screens = [...new Set(plan.screenIds)].map((id) => screenOf(ctx, id));
  const films = await loadFilms(tx, plan.movieIds);
  const ordered = [...new Set(plan.movieIds)].map((id) => filmOf(films, id));
  const dates = datesOf(plan);
  // A language the film is not released in is refused at its field, before anything is planned.
  for (const [movieId, language] of Object.entries(plan.languages ?? {})) {
    const film = films.get(movieId);
    if (film && !film.languages.includes(language)) {
      const message = `${film.title} is not released in ${language}.`;
      throw new AppError('VALIDATION_FAILED', message, {
        details: [{ path: `languages.${movieId}`, message }],
      });
    }
  }
  return planSessions({
    ctx,
    films: ordered,
    languages: plan.languages,
    accessibility: plan.accessibility,
    screens,
    dates,
    starts: plan.starts,
    existing: await existingSessions(tx, ctx, plan.screenIds, dates),
    now,
  });
}

function refusal(plan: Plan): AppError | null {
  const bad = plan.sessions.filter((s) => s.problem);
  if (!bad.length)
    return plan.sessions.length ? null : new AppError('VALIDATION_FAILED', 'The plan makes no session.');
  const kinds = [...new Set(bad.map((s) => s.problem as NonNullable<PlannedSession['problem']>))];
  const message = `Nothing was added: ${bad.length} of the ${plan.sessions.length} planned sessions would ${kinds.map((k) => PROBLEM_WORDS[k]).join(', or ')}. Preview the plan, change it, and apply again.`;
  return new AppError(kinds.includes('clash') ? 'SHOWTIME_OVERLAP' : 'VALIDATION_FAILED', message, {
    details: kinds.includes('clash')
      ? { clashes: bad.flatMap((s) => s.clashes) }
      : [{ path: 'plan', message }],
  });
}

export async function generateSessions(options: {
  viewer: Viewer;
  cinemaId: string;
  plan: GeneratePlan;
  mode: 'preview' | 'apply';
  now?: Date;
}): Promise<GeneratedSessions> {
  const { cinemaId, plan, mode } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId });
  const now = options.now ?? new Date();

  if (mode === 'preview') {
    const planned = await readCommitted(
      async (tx) => makePlan(tx, await loadProgrammeContext(tx, cinemaId), plan, now),
      {
        label: 'preview-sessions',
      },
    );
    return { mode, ...planned, problems: planned.sessions.filter((s) => s.problem).length, createdIds: [] };
  }

  let written: Plan;
  let createdIds: string[];
  try {
    ({ written, createdIds } = await readCommitted(
      async (tx) => {
        // The same order of locks as single-session writers (sorted ids), so they never deadlock.
        await lockScreens(tx, plan.screenIds);
        const ctx = await loadProgrammeContext(tx, cinemaId);
        const planned = await makePlan(tx, ctx, plan, now);
        const refused = refusal(planned);
        if (refused) throw refused;
        const ids: string[] = [];
        for (const s of planned.sessions) {
          ids.push(await insertSession(tx, plannedRow(s)));
        }
        await recordAudit(tx, {
          actor: viewer,
          action: 'programme.generated',
          entityType: 'cinema',
          entityId: cinemaId,
          before: null,
          after: {
            plan,
            sessions: planned.sessions.map((s, i) => ({
              id: ids[i],
              screenId: s.screenId,
              movieId: s.movieId,
              startsAt: s.startsAt,
              format: s.format,
              language: s.language,
              prices: s.prices,
              accessibility: s.accessibility,
            })),
          },
        });
        return { written: planned, createdIds: ids };
      },
      { label: 'generate-sessions', timeoutMs: 60_000 },
    ));
  } catch (error) {
    // Another writer got a slot in first: the constraint refused it and nothing was written.
    if (isConstraintViolation(error, 'showtimes_no_overlap'))
      throw new AppError(
        'SHOWTIME_OVERLAP',
        'Nothing was added: another session was scheduled on one of these screens meanwhile. Preview again.',
        { details: { clashes: [] } },
      );
    throw error;
  }
  publishCatalogChange({
    cinemaIds: [cinemaId],
    movieIds: [...new Set(written.sessions.map((s) => s.movieId))],
  });
  return { mode, ...written, problems: 0, createdIds };
}
