import 'server-only';
import { AppError } from '@/lib/errors';
import { formatTimeOfDay, parseTimeOfDay } from '@/lib/local-time';
import type { ProgrammeTemplate, ProgrammeTemplateBody } from '@/lib/schemas/programme';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db, type Tx } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { extendRollingProgrammes } from '@/server/programme/extend-rolling-programmes';
import {
  ACCESS_SLOT_SELECT,
  type AccessSlotRow,
  accessSlotRows,
  accessSlotView,
} from '@/server/programme/template-access-slots';

// A screen's rolling programme, set up or changed by a manager of its cinema (or an admin): films
// taken in turn (none: every film in release), the day's first show and last start, and how many
// days ahead to keep programmed. Saving an active template extends it at once, so the screen is
// programmed from today without waiting for the job; sessions already made (by hand, in bulk or by
// an earlier template) stay as they are, and new ones are planned around them. Its accessible-
// showing slots reach the sessions it makes from then on, never sessions already made (each of
// those keeps its own features, changed one by one in the programme).

type Row = {
  screenId: string;
  movieIds: string[];
  firstShowMinute: number;
  lastStartMinute: number;
  daysAhead: number;
  active: boolean;
  extendedThrough: Date | null;
  accessSlots: AccessSlotRow[];
};

const SELECT = {
  screenId: true,
  movieIds: true,
  firstShowMinute: true,
  lastStartMinute: true,
  daysAhead: true,
  active: true,
  extendedThrough: true,
  accessSlots: ACCESS_SLOT_SELECT,
} as const;

export function templateView(t: Row): ProgrammeTemplate {
  return {
    screenId: t.screenId,
    movieIds: t.movieIds,
    firstShow: formatTimeOfDay(t.firstShowMinute),
    lastStart: formatTimeOfDay(t.lastStartMinute),
    daysAhead: t.daysAhead,
    active: t.active,
    extendedThrough: t.extendedThrough ? t.extendedThrough.toISOString().slice(0, 10) : null,
    accessSlots: t.accessSlots.map(accessSlotView),
  };
}

/** The rolling templates of these screens, by screen. */
export async function templatesOf(
  client: Tx,
  screenIds: readonly string[],
): Promise<Map<string, ProgrammeTemplate>> {
  const rows = await client.programmeTemplate.findMany({
    where: { screenId: { in: [...screenIds] } },
    select: SELECT,
  });
  return new Map(rows.map((r) => [r.screenId, templateView(r)] as const));
}

export async function saveProgrammeTemplate(options: {
  viewer: Viewer;
  screenId: string;
  body: ProgrammeTemplateBody;
}): Promise<{ template: ProgrammeTemplate; extended: { days: number; sessions: number } }> {
  const { screenId, body } = options;
  const screen = await db().screen.findUnique({ where: { id: screenId }, select: { cinemaId: true } });
  if (!screen) {
    // Only an admin learns that a screen does not exist; anyone else may not ask.
    authorize(options.viewer, { roles: ['ADMIN'] });
    throw new AppError('NOT_FOUND', 'Screen not found.');
  }
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId: screen.cinemaId });
  const movieIds = [...new Set(body.movieIds)];
  const saved = await readCommitted(
    async (tx) => {
      if (movieIds.length) {
        const found = await tx.movie.count({ where: { id: { in: movieIds } } });
        if (found !== movieIds.length)
          throw new AppError('VALIDATION_FAILED', 'One of the films does not exist.', {
            details: [{ path: 'movieIds', message: 'One of the films does not exist.' }],
          });
      }
      const before = await tx.programmeTemplate.findUnique({ where: { screenId }, select: SELECT });
      const data = {
        movieIds,
        firstShowMinute: parseTimeOfDay(body.firstShow),
        lastStartMinute: parseTimeOfDay(body.lastStart),
        daysAhead: body.daysAhead,
        active: body.active,
      };
      const { id } = await tx.programmeTemplate.upsert({
        where: { screenId },
        create: { screenId, ...data },
        update: data,
        select: { id: true },
      });
      // The whole list replaces the old one; left out, the slots stay as they are.
      if (body.accessSlots) {
        await tx.programmeTemplateAccessSlot.deleteMany({ where: { templateId: id } });
        await tx.programmeTemplateAccessSlot.createMany({
          data: accessSlotRows(body.accessSlots).map((r) => ({ templateId: id, ...r })),
        });
      }
      const after = await tx.programmeTemplate.findUniqueOrThrow({
        where: { id },
        select: { id: true, ...SELECT },
      });
      await recordAudit(tx, {
        actor: viewer,
        action: before ? 'programme-template.updated' : 'programme-template.created',
        entityType: 'screen',
        entityId: screenId,
        before: before ? templateView(before) : null,
        after: templateView(after),
      });
      return after;
    },
    { label: 'save-programme-template' },
  );
  const extended = saved.active
    ? await extendRollingProgrammes({ templateIds: [saved.id] })
    : { days: 0, sessions: 0 };
  const template = await db().programmeTemplate.findUniqueOrThrow({ where: { screenId }, select: SELECT });
  return { template: templateView(template), extended: { days: extended.days, sessions: extended.sessions } };
}
