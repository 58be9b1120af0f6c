import 'server-only';
import { AppError } from '@/lib/errors';
import { screenLayoutSchema } from '@/lib/schemas/layout';
import type { EditedLayout, EditScreenLayoutInput } from '@/lib/schemas/venues';
import { summarizeSeats } from '@/lib/seat-layout/summary';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { sellableLayout } from '@/server/venues/sellable-layout';

/**
 * A manager of the cinema (or an admin) saves an edited layout of an existing screen. It becomes
 * a new version with seats of its own, and the screen's current one: showtimes created from now
 * on are sold on it, those created before keep theirs (showtimes.layout_id never changes, and a
 * version's seats never move or vanish: triggers in 20261204120000_screen_layouts), so nothing
 * sold or held is touched. Refused with CONFLICT when the screen's layout changed since the editor
 * opened `basedOnVersion`. Audited with the versions, capacities and seat counts before and after.
 */
export async function editScreenLayout(options: {
  viewer: Viewer;
  input: EditScreenLayoutInput;
}): Promise<EditedLayout> {
  const { input } = options;
  const viewer = authorize(options.viewer, { roles: ['MANAGER'], cinemaId: input.cinemaId });
  const { layout, seats, capacity } = sellableLayout(input.draft);
  const edited = await db().$transaction(async (tx) => {
    // Locked, so two saves from the same version cannot both become the next one.
    const locked = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM screens WHERE id = ${input.screenId}::uuid AND cinema_id = ${input.cinemaId}::uuid
      FOR UPDATE`;
    if (!locked.length) throw new AppError('NOT_FOUND', 'Screen not found.');
    const screen = await tx.screen.findUniqueOrThrow({
      where: { id: input.screenId },
      select: {
        capacity: true,
        currentLayout: { select: { id: true, version: true } },
      },
    });
    const current = screen.currentLayout;
    if (!current) throw new AppError('NOT_FOUND', 'Screen not found.');
    if (current.version !== input.basedOnVersion) {
      throw new AppError(
        'CONFLICT',
        `Someone saved this screen's layout (version ${current.version}) after you opened version ${input.basedOnVersion}. Your drawing is still here: open the screen again in another tab to compare, then save.`,
        { details: { currentVersion: current.version } },
      );
    }
    const before = summarizeSeats(
      await tx.seat.findMany({
        where: { layoutId: current.id },
        select: { category: true, kind: true, blocked: true },
      }),
    );
    const next = await tx.screenLayout.create({
      data: {
        screenId: input.screenId,
        version: current.version + 1,
        // What readers of the layout parse it with; a shape they would refuse never gets stored.
        layout: screenLayoutSchema.parse(layout),
        capacity,
      },
      select: { id: true, version: true },
    });
    await tx.seat.createMany({
      data: seats.map((seat) => ({ ...seat, screenId: input.screenId, layoutId: next.id })),
    });
    // The trigger screens_follow_layout copies the version's layout and capacity onto the screen.
    await tx.screen.update({ where: { id: input.screenId }, data: { currentLayoutId: next.id } });
    const showtimesOnEarlierVersions = await tx.showtime.count({
      where: {
        screenId: input.screenId,
        layoutId: { not: next.id },
        status: { not: 'CANCELLED' },
        startsAt: { gt: new Date() },
      },
    });
    await recordAudit(tx, {
      actor: viewer,
      action: 'screen.layout-changed',
      entityType: 'screen',
      entityId: input.screenId,
      before: { version: current.version, capacity: screen.capacity, seats: before },
      after: {
        version: next.version,
        capacity,
        seats: summarizeSeats(seats),
        layout,
        showtimesOnEarlierVersions,
      },
    });
    return { screenId: input.screenId, version: next.version, capacity, showtimesOnEarlierVersions };
  });
  publishCatalogChange({ cinemaIds: [input.cinemaId] });
  return edited;
}
