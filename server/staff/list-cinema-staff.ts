import 'server-only';
import { AppError } from '@/lib/errors';
import type { StaffList, StaffListQuery } from '@/lib/schemas/staff';
import type { Prisma } from '@/prisma/generated/client';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

/**
 * Who works at a cinema (by name, a page at a time, filtered by name or email and role) and the
 * invitations still open there, for its managers and admins.
 */
export async function listCinemaStaff(options: {
  viewer: Viewer;
  cinemaId: string;
  query: StaffListQuery;
}): Promise<StaffList> {
  const { cinemaId, query } = options;
  authorize(options.viewer, { roles: ['MANAGER'], cinemaId });
  const cinema = await db().cinema.findUnique({ where: { id: cinemaId }, select: { id: true, name: true } });
  if (!cinema) throw new AppError('NOT_FOUND', 'Cinema not found.');
  const where: Prisma.CinemaStaffWhereInput = {
    cinemaId,
    user: {
      deletedAt: null,
      ...(query.q
        ? {
            OR: [
              { name: { contains: query.q, mode: 'insensitive' } },
              { email: { contains: query.q, mode: 'insensitive' } },
            ],
          }
        : {}),
    },
    ...(query.role ? { role: query.role } : {}),
  };
  const [rows, total, invitations] = await Promise.all([
    db().cinemaStaff.findMany({
      where,
      orderBy: [{ user: { name: 'asc' } }, { userId: 'asc' }],
      skip: (query.page - 1) * query.perPage,
      take: query.perPage,
      select: {
        role: true,
        createdAt: true,
        user: { select: { id: true, name: true, email: true, role: true } },
      },
    }),
    db().cinemaStaff.count({ where }),
    db().staffInvitation.findMany({
      where: {
        acceptedAt: null,
        revokedAt: null,
        expiresAt: { gt: new Date() },
        cinemas: { some: { cinemaId } },
      },
      orderBy: { createdAt: 'desc' },
      take: 50,
      select: {
        id: true,
        email: true,
        role: true,
        createdAt: true,
        expiresAt: true,
        invitedBy: { select: { name: true } },
        cinemas: { select: { cinema: { select: { id: true, name: true } } } },
      },
    }),
  ]);
  return {
    cinema,
    people: rows.map((r) => ({
      userId: r.user.id,
      name: r.user.name,
      email: r.user.email,
      role: r.role,
      accountRole: r.user.role,
      since: r.createdAt.toISOString(),
    })),
    page: query.page,
    perPage: query.perPage,
    total,
    invitations: invitations.map((i) => ({
      id: i.id,
      email: i.email,
      role: i.role,
      cinemas: i.cinemas.map((c) => c.cinema),
      invitedBy: i.invitedBy?.name ?? null,
      createdAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
    })),
  };
}
