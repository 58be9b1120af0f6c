import 'server-only';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

export type ViewerCinema = { id: string; name: string; timeZone: string };

/**
 * The cinemas an admin-area filter offers, by name: where the viewer works (`works`: staff or
 * manager) or what they manage (`manages`); every cinema for an admin.
 */
export async function listViewerCinemas(options: {
  viewer: Viewer;
  scope: 'works' | 'manages';
}): Promise<ViewerCinema[]> {
  const viewer = authorize(options.viewer, {
    roles: options.scope === 'works' ? ['STAFF', 'MANAGER'] : ['MANAGER'],
  });
  const ids = options.scope === 'works' ? viewer.staffCinemaIds : viewer.managedCinemaIds;
  return db().cinema.findMany({
    where: viewer.role === 'ADMIN' ? {} : { id: { in: ids } },
    select: { id: true, name: true, timeZone: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
  });
}
