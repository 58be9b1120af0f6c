import 'server-only';
import { recordAudit } from '@/server/audit/record-audit';
import { forgetViewer, type Viewer } from '@/server/auth/session';
import { db } from '@/server/db';

// The caller's own display name (what tickets, reviews and staff lists show). The audit log
// records that it changed, not the names: it is append-only and must not keep personal data an
// account deletion has to erase.

export async function updateProfile(o: {
  viewer: Pick<Viewer, 'id' | 'role'>;
  name: string;
}): Promise<{ name: string }> {
  await db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: o.viewer.id }, data: { name: o.name } });
    await recordAudit(tx, {
      actor: o.viewer,
      action: 'account.name-changed',
      entityType: 'user',
      entityId: o.viewer.id,
    });
  });
  // Cached viewers (this instance and others) carry the name.
  forgetViewer(o.viewer.id);
  return { name: o.name };
}
