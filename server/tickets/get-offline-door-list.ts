import 'server-only';
import type { OfflineDoorList } from '@/lib/schemas/check-in';
import { getShowtimeManifest } from '@/server/admin/showtime-manifest';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { DOORS_OPEN_MINUTES } from '@/server/tickets/check-in-ticket';

/**
 * A show's tickets for a door device to check offline: the door list without addresses (a
 * device at the door keeps it in its storage), with the doors-open time. Staff and managers of
 * the show's cinema and admins (the manifest's rule). The download is audited: it takes
 * customers' names off the server.
 */
export async function getOfflineDoorList(options: {
  viewer: Viewer;
  showtimeId: string;
  now?: Date;
}): Promise<OfflineDoorList> {
  const manifest = await getShowtimeManifest({ viewer: options.viewer, showtimeId: options.showtimeId });
  const startsAt = new Date(manifest.showtime.startsAt);
  await db().$transaction((tx) =>
    recordAudit(tx, {
      actor: options.viewer,
      action: 'door-list.downloaded',
      entityType: 'showtime',
      entityId: manifest.showtime.id,
      after: { tickets: manifest.tickets.length },
    }),
  );
  return {
    showtime: {
      ...manifest.showtime,
      doorsOpenAt: new Date(startsAt.getTime() - DOORS_OPEN_MINUTES * 60_000).toISOString(),
    },
    tickets: manifest.tickets.map((t) => ({
      ticketId: t.ticketId,
      seat: t.seat,
      code: t.code,
      reference: t.reference,
      customer: t.customer,
      status: t.status,
      checkedInAt: t.checkedInAt,
      door: t.door,
    })),
    downloadedAt: (options.now ?? new Date()).toISOString(),
  };
}
