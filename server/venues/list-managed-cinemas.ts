import 'server-only';
import type { CinemaList, CinemaListQuery } from '@/lib/schemas/cinemas';
import type { Prisma } from '@/prisma/generated/client';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * The cinemas the caller runs (every cinema for an admin), by name, a page at a time, filtered by
 * a part of the name, slug or city, and by city.
 */
export async function listManagedCinemas(options: {
  viewer: Viewer;
  query: CinemaListQuery;
}): Promise<CinemaList> {
  const viewer = authorize(options.viewer, { roles: ['MANAGER'] });
  const { q, city, page, perPage } = options.query;
  const mine: Prisma.CinemaWhereInput =
    viewer.role === 'ADMIN' ? {} : { id: { in: viewer.managedCinemaIds } };
  const where: Prisma.CinemaWhereInput = {
    ...mine,
    ...(city ? { cityId: city } : {}),
    ...(q
      ? {
          OR: [
            { name: { contains: q, mode: 'insensitive' } },
            { slug: { contains: q, mode: 'insensitive' } },
            { locality: { contains: q, mode: 'insensitive' } },
            { city: { name: { contains: q, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  const [rows, total, cities] = await Promise.all([
    db().cinema.findMany({
      where,
      orderBy: [{ name: 'asc' }, { id: 'asc' }],
      skip: (page - 1) * perPage,
      take: perPage,
      select: {
        id: true,
        slug: true,
        name: true,
        locality: true,
        gstin: true,
        city: { select: { name: true } },
        _count: { select: { screens: true, staff: true } },
      },
    }),
    db().cinema.count({ where }),
    db().city.findMany({
      where: { cinemas: { some: mine } },
      select: { id: true, name: true },
      orderBy: { name: 'asc' },
    }),
  ]);
  return {
    cinemas: rows.map(({ city: c, _count, ...row }) => ({
      ...row,
      city: c.name,
      screens: _count.screens,
      staff: _count.staff,
    })),
    page,
    perPage,
    total,
    cities,
  };
}
