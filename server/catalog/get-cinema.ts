import 'server-only';
import { db } from '@/server/db';

export type CinemaDetail = NonNullable<Awaited<ReturnType<typeof getCinema>>>;

const CATEGORY_ORDER = ['STANDARD', 'PREMIUM', 'RECLINER'] as const;

/** A cinema's public page data: address, amenities and its screens with seat categories. */
export async function getCinema(slug: string) {
  const cinema = await db().cinema.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      name: true,
      addressLine: true,
      locality: true,
      postalCode: true,
      latitude: true,
      longitude: true,
      phone: true,
      amenities: true,
      cancellationCutoffMins: true,
      city: { select: { slug: true, name: true, state: true } },
      screens: {
        select: { id: true, name: true, formats: true, capacity: true },
        orderBy: { name: 'asc' },
      },
    },
  });
  if (!cinema) return null;
  // Seat counts per screen, category and kind in one grouped query.
  const counts = await db().seat.groupBy({
    by: ['screenId', 'category', 'kind'],
    // Seats of each screen's current layout (earlier versions stay for the showtimes sold on them).
    where: {
      screenId: { in: cinema.screens.map((s) => s.id) },
      blocked: false,
      layout: { currentOf: { isNot: null } },
    },
    _count: { _all: true },
  });
  const screens = cinema.screens.map(({ id, ...screen }) => {
    const mine = counts.filter((c) => c.screenId === id);
    return {
      ...screen,
      categories: CATEGORY_ORDER.map((category) => ({
        category,
        seats: mine.filter((c) => c.category === category).reduce((n, c) => n + c._count._all, 0),
      })).filter((c) => c.seats > 0),
      wheelchairSpaces: mine.filter((c) => c.kind === 'WHEELCHAIR').reduce((n, c) => n + c._count._all, 0),
    };
  });
  return { ...cinema, screens };
}
