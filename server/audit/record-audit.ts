import 'server-only';
import type { Prisma } from '@/prisma/generated/client';
import type { Viewer } from '@/server/auth/session';
import type { Tx } from '@/server/db';
import { logContext, redact } from '@/server/log';

// Every staff/manager/admin change and every refund leaves a row here, written in the same
// transaction as the change itself (so there is no change without its record). The table is
// append-only in the database (trigger audit_log_append_only).

export type AuditEntry = {
  actor: Pick<Viewer, 'id' | 'role'> | null;
  action: string;
  entityType: string;
  entityId?: string;
  before?: unknown;
  after?: unknown;
  /**
   * The cinema the entity belongs to. Usually left out: the database derives it from the entity
   * (audit_entity_cinema, migration 20261206040000); name it for entity types that function does
   * not know, so the cinema's managers see the row.
   */
  cinemaId?: string;
};

function json(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined) return undefined;
  // Secrets never enter the audit log either.
  return JSON.parse(JSON.stringify(redact(value))) as Prisma.InputJsonValue;
}

export async function recordAudit(tx: Tx, entry: AuditEntry): Promise<void> {
  const ctx = logContext();
  await tx.auditLog.create({
    data: {
      actorId: entry.actor?.id ?? null,
      actorRole: entry.actor?.role ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      requestId: ctx?.requestId ?? null,
      ip: ctx?.ip ?? null,
      cinemaId: entry.cinemaId ?? null,
    },
  });
}
