import 'server-only';
import { authorize, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

export type AuditRow = {
  id: string;
  at: string;
  actor: { id: string | null; name: string | null; role: string | null };
  action: string;
  entityType: string;
  entityId: string | null;
  cinema: { id: string; name: string } | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

/**
 * The audit log, newest first. Admins read every row; managers only the rows of the cinemas they
 * manage (rows of no single cinema, such as films or accounts, stay with admins). `before` is the
 * id of the last row of the previous page.
 */
export async function listAuditLog(options: {
  viewer: Viewer;
  /** Only this cinema's rows (a manager's own cinemas only). */
  cinemaId?: string;
  action?: string;
  entityType?: string;
  actorId?: string;
  before?: bigint;
  limit?: number;
}): Promise<{ rows: AuditRow[]; next: string | null }> {
  const viewer = authorize(options.viewer, {
    roles: ['MANAGER'],
    ...(options.cinemaId ? { cinemaId: options.cinemaId } : {}),
  });
  const limit = options.limit ?? 50;
  const cinemas =
    viewer.role === 'ADMIN'
      ? options.cinemaId
        ? { cinemaId: options.cinemaId }
        : {}
      : { cinemaId: { in: options.cinemaId ? [options.cinemaId] : viewer.managedCinemaIds } };
  const rows = await db().auditLog.findMany({
    where: {
      ...cinemas,
      ...(options.action ? { action: { startsWith: options.action } } : {}),
      ...(options.entityType ? { entityType: options.entityType } : {}),
      ...(options.actorId ? { actorId: options.actorId } : {}),
      ...(options.before ? { id: { lt: options.before } } : {}),
    },
    select: {
      id: true,
      createdAt: true,
      actorId: true,
      actorRole: true,
      action: true,
      entityType: true,
      entityId: true,
      before: true,
      after: true,
      requestId: true,
      ip: true,
      actor: { select: { name: true } },
      cinema: { select: { id: true, name: true } },
    },
    orderBy: { id: 'desc' },
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  return {
    rows: page.map((r) => ({
      id: r.id.toString(),
      at: r.createdAt.toISOString(),
      actor: { id: r.actorId, name: r.actor?.name ?? null, role: r.actorRole },
      action: r.action,
      entityType: r.entityType,
      entityId: r.entityId,
      cinema: r.cinema,
      before: r.before,
      after: r.after,
      requestId: r.requestId,
      ip: r.ip,
    })),
    next: rows.length > limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
