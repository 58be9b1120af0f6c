import 'server-only';
import { AppError } from '@/lib/errors';
import type { CinemaSettingsView } from '@/lib/schemas/cinemas';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { CINEMA_SETTINGS_SELECT, toSettingsView } from '@/server/venues/cinema-settings';

/** A cinema's settings, for its managers and admins. */
export async function getCinemaSettings(options: {
  viewer: Viewer;
  cinemaId: string;
}): Promise<CinemaSettingsView> {
  // Before the lookup: a cinema one does not manage is FORBIDDEN whether or not it exists.
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId: options.cinemaId });
  const row = await db().cinema.findUnique({
    where: { id: options.cinemaId },
    select: CINEMA_SETTINGS_SELECT,
  });
  if (!row) throw new AppError('NOT_FOUND', 'Cinema not found.');
  return toSettingsView(row);
}
