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
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
};

/** The audit log, newest first, for admins only. `before` is the id of the last row of the previous page. */
export async function listAuditLog(options: {
  viewer: Viewer;
  action?: string;
  entityType?: string;
  actorId?: string;
  before?: bigint;
  limit?: number;
}): Promise<{ rows: AuditRow[]; next: string | null }> {
  authorize(options.viewer, { roles: ['ADMIN'] });
  const limit = options.limit ?? 50;
  const rows = await db().auditLog.findMany({
    where: {
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
      before: r.before,
      after: r.after,
      requestId: r.requestId,
      ip: r.ip,
    })),
    next: rows.length > limit ? (page.at(-1)?.id.toString() ?? null) : null,
  };
}
