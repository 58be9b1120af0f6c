import 'server-only';
import { AppError } from '@/lib/errors';
import type { ScreenSettings, ScreenSettingsView } from '@/lib/schemas/venues';
import { changedFields } from '@/server/audit/changes';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { publishCatalogChange } from '@/server/events/catalog-events';

const SELECT = { id: true, cinemaId: true, name: true, formats: true, cleaningMinutes: true } as const;

/**
 * A manager of the cinema (or an admin) changes a screen's name, formats or cleaning minutes. A
 * format cannot be dropped while a coming show on the screen is in it (the show could not be
 * projected): VALIDATION_FAILED at `formats`, naming how many. New cleaning minutes apply to shows
 * put on the screen from now on; shows already programmed keep the time they reserved. Audited
 * with the changed fields before and after.
 */
export async function updateScreen(options: {
  viewer: Viewer;
  cinemaId: string;
  screenId: string;
  changes: Partial<ScreenSettings>;
}): Promise<ScreenSettingsView> {
  const { cinemaId, screenId, changes } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId });
  try {
    const updated = await db().$transaction(async (tx) => {
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM screens WHERE id = ${screenId}::uuid AND cinema_id = ${cinemaId}::uuid FOR UPDATE`;
      if (!locked.length) throw new AppError('NOT_FOUND', 'Screen not found.');
      const before = await tx.screen.findUniqueOrThrow({ where: { id: screenId }, select: SELECT });
      const diff = changedFields(
        { name: before.name, formats: before.formats, cleaningMinutes: before.cleaningMinutes },
        changes,
      );
      if (!diff.changed.length) return before;
      if (changes.formats) {
        const dropped = before.formats.filter((f) => !changes.formats?.includes(f));
        const shows = dropped.length
          ? await tx.showtime.count({
              where: { screenId, status: 'SCHEDULED', startsAt: { gt: new Date() }, format: { in: dropped } },
            })
          : 0;
        if (shows) {
          const message = `${shows} coming ${shows === 1 ? 'show is' : 'shows are'} in a format you took away: move or cancel ${shows === 1 ? 'it' : 'them'} first.`;
          throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'formats', message }] });
        }
      }
      const after = await tx.screen.update({ where: { id: screenId }, data: diff.after, select: SELECT });
      await recordAudit(tx, {
        actor: viewer,
        action: 'screen.updated',
        entityType: 'screen',
        entityId: screenId,
        before: diff.before,
        after: diff.after,
      });
      return after;
    });
    publishCatalogChange({ cinemaIds: [cinemaId] });
    return updated;
  } catch (error) {
    if (isConstraintViolation(error, 'screens_cinema_id_name_key')) {
      const message = `This cinema already has a screen called “${changes.name}”.`;
      throw new AppError('CONFLICT', message, { details: [{ path: 'name', message }] });
    }
    throw error;
  }
}
