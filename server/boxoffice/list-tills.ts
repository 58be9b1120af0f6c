import 'server-only';
import { AppError } from '@/lib/errors';
import type { TillView } from '@/lib/schemas/boxoffice';
import type { Viewer } from '@/server/auth/session';
import { managesCinema } from '@/server/boxoffice/counter-access';
import { tillTotals } from '@/server/boxoffice/till-totals';
import { db, type Tx } from '@/server/db';

// Tills as the cash-up page shows them: a seller sees their own; managers see every till of the
// cinemas they manage; admins all. Newest first.

const tillSelect = {
  id: true,
  cinemaId: true,
  userId: true,
  openedAt: true,
  closedAt: true,
  openingFloatMinor: true,
  countedMinor: true,
  expectedMinor: true,
  closingNote: true,
  cinema: { select: { name: true } },
  user: { select: { name: true } },
} as const;

type TillRow = {
  id: string;
  cinemaId: string;
  userId: string;
  openedAt: Date;
  closedAt: Date | null;
  openingFloatMinor: number;
  countedMinor: number | null;
  expectedMinor: number | null;
  closingNote: string | null;
  cinema: { name: string };
  user: { name: string };
};

export async function tillViews(rows: TillRow[], client: Tx = db()): Promise<TillView[]> {
  const totals = await tillTotals(
    rows.map((r) => r.id),
    client,
  );
  return rows.map((r) => {
    const t = totals.get(r.id) ?? {
      sales: { count: 0, cashMinor: 0, cardMinor: 0, upiMinor: 0 },
      refunds: { count: 0, cashMinor: 0, otherMinor: 0 },
      cashNetMinor: 0,
    };
    // A closed till keeps the expectation it was counted against.
    const expectedMinor = r.expectedMinor ?? r.openingFloatMinor + t.cashNetMinor;
    return {
      id: r.id,
      cinemaId: r.cinemaId,
      cinemaName: r.cinema.name,
      userId: r.userId,
      userName: r.user.name,
      openedAt: r.openedAt.toISOString(),
      closedAt: r.closedAt?.toISOString() ?? null,
      openingFloatMinor: r.openingFloatMinor,
      sales: t.sales,
      refunds: t.refunds,
      expectedMinor,
      countedMinor: r.countedMinor,
      differenceMinor: r.countedMinor === null ? null : r.countedMinor - expectedMinor,
      note: r.closingNote,
    };
  });
}

export async function loadTill(tillId: string, client: Tx = db()): Promise<TillView | null> {
  const row = await client.till.findUnique({ where: { id: tillId }, select: tillSelect });
  if (!row) return null;
  return (await tillViews([row], client))[0] ?? null;
}

export async function listTills(options: {
  viewer: Viewer;
  cinemaId?: string;
  status?: 'open' | 'closed' | 'all';
  limit?: number;
}): Promise<TillView[]> {
  const { viewer } = options;
  if (viewer.role === 'CUSTOMER') throw new AppError('FORBIDDEN', 'You do not have access to this.');
  // Mine, everywhere I work; plus everyone's at the cinemas I manage (all of them for admins).
  const managed = viewer.role === 'ADMIN' ? null : viewer.managedCinemaIds;
  const scope =
    managed === null
      ? {}
      : { OR: [{ userId: viewer.id }, ...(managed.length ? [{ cinemaId: { in: managed } }] : [])] };
  const rows = await db().till.findMany({
    where: {
      ...scope,
      ...(options.cinemaId ? { cinemaId: options.cinemaId } : {}),
      ...(options.status === 'open'
        ? { closedAt: null }
        : options.status === 'closed'
          ? { closedAt: { not: null } }
          : {}),
    },
    orderBy: [{ openedAt: 'desc' }, { id: 'asc' }],
    take: options.limit ?? 50,
    select: tillSelect,
  });
  return tillViews(rows);
}

/** The viewer's open till at this cinema, if any. */
export async function openTillOf(
  viewer: Pick<Viewer, 'id'>,
  cinemaId: string,
  client: Tx = db(),
): Promise<{ id: string } | null> {
  return client.till.findFirst({
    where: { userId: viewer.id, cinemaId, closedAt: null },
    select: { id: true },
  });
}

export function canSeeTill(viewer: Viewer, till: { userId: string; cinemaId: string }): boolean {
  return till.userId === viewer.id || managesCinema(viewer, till.cinemaId);
}
