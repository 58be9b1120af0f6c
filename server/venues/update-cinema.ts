import 'server-only';
import { AppError } from '@/lib/errors';
import type { CinemaSettings, CinemaSettingsView } from '@/lib/schemas/cinemas';
import { changedFields } from '@/server/audit/changes';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { cinemaConflict } from '@/server/venues/cinema-conflicts';
import { auditedSettings, CINEMA_SETTINGS_SELECT, toSettingsView } from '@/server/venues/cinema-settings';

/**
 * A manager of the cinema (or an admin) changes some of its settings. Holds made from now on use
 * them: a hold locks its price in when it is made (seat_holds.price), so a fee or tax change
 * never alters a basket already filled; after the commit the change is published on the catalogue
 * bus, so cached showtime contexts of the cinema are forgotten (here and on other instances). Audited with the changed
 * fields before and after, in the transaction that writes them.
 */
export async function updateCinema(options: {
  viewer: Viewer;
  cinemaId: string;
  changes: Partial<CinemaSettings>;
}): Promise<CinemaSettingsView> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  try {
    const updated = await db().$transaction(async (tx) => {
      // Locked first, so the audit's "before" is what this change really replaced.
      const locked = await tx.$queryRaw<{ id: string }[]>`
        SELECT id::text FROM cinemas WHERE id = ${options.cinemaId}::uuid FOR UPDATE`;
      if (!locked.length) throw new AppError('NOT_FOUND', 'Cinema not found.');
      const before = await tx.cinema.findUniqueOrThrow({
        where: { id: options.cinemaId },
        select: CINEMA_SETTINGS_SELECT,
      });
      const diff = changedFields(auditedSettings(before), options.changes);
      if (!diff.changed.length) return before;
      const after = await tx.cinema.update({
        where: { id: options.cinemaId },
        data: diff.after,
        select: CINEMA_SETTINGS_SELECT,
      });
      await recordAudit(tx, {
        actor: viewer,
        action: 'cinema.updated',
        entityType: 'cinema',
        entityId: options.cinemaId,
        before: diff.before,
        after: diff.after,
      });
      return after;
    });
    publishCatalogChange({ cinemaIds: [options.cinemaId] });
    return toSettingsView(updated);
  } catch (error) {
    throw cinemaConflict(error);
  }
}
