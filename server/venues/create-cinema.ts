import 'server-only';
import { AppError } from '@/lib/errors';
import type { CreateCinemaInput } from '@/lib/schemas/cinemas';
import { recordAudit } from '@/server/audit/record-audit';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { cinemaConflict } from '@/server/venues/cinema-conflicts';
import { auditedSettings, CINEMA_SETTINGS_SELECT } from '@/server/venues/cinema-settings';

/**
 * An admin opens a cinema, in a city Marquee lists or a new one (placed where the cinema is, in
 * its time zone). Slugs and invoice prefixes are unique by the database's indexes; running into
 * one is CONFLICT at its field. Audited in the same transaction.
 */
export async function createCinema(options: {
  viewer: Viewer;
  input: CreateCinemaInput;
}): Promise<{ id: string; slug: string; name: string }> {
  const viewer = authorize(options.viewer, { roles: ['ADMIN'] });
  const { city, slug, ...settings } = options.input;
  try {
    return await db().$transaction(async (tx) => {
      let cityId: string;
      if (city.kind === 'existing') {
        const found = await tx.city.findUnique({ where: { id: city.cityId }, select: { id: true } });
        if (!found) {
          const message = 'This city is not listed: choose another, or add it as a new city.';
          throw new AppError('VALIDATION_FAILED', message, { details: [{ path: 'city.cityId', message }] });
        }
        cityId = found.id;
      } else {
        const created = await tx.city.create({
          data: {
            slug: city.slug,
            name: city.name,
            state: city.state,
            timeZone: settings.timeZone,
            latitude: settings.latitude,
            longitude: settings.longitude,
          },
          select: { id: true },
        });
        cityId = created.id;
        await recordAudit(tx, {
          actor: viewer,
          action: 'city.created',
          entityType: 'city',
          entityId: cityId,
          after: { slug: city.slug, name: city.name, state: city.state },
        });
      }
      const cinema = await tx.cinema.create({
        data: { ...settings, slug, cityId },
        select: CINEMA_SETTINGS_SELECT,
      });
      await recordAudit(tx, {
        actor: viewer,
        action: 'cinema.created',
        entityType: 'cinema',
        entityId: cinema.id,
        after: { slug, cityId, ...auditedSettings(cinema) },
      });
      return { id: cinema.id, slug: cinema.slug, name: cinema.name };
    });
  } catch (error) {
    throw cinemaConflict(error);
  }
}
