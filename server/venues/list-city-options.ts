import 'server-only';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/** Every city Marquee lists, for the admin choosing where a new cinema is. */
export async function listCityOptions(options: {
  viewer: Viewer;
}): Promise<{ id: string; name: string; state: string }[]> {
  authorize(options.viewer, { roles: ['ADMIN'] });
  return db().city.findMany({ select: { id: true, name: true, state: true }, orderBy: { name: 'asc' } });
}
