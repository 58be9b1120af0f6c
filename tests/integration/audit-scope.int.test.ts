import { describe, expect, it } from 'vitest';
import { listAuditLog } from '@/server/admin/list-audit-log';
import { recordAudit } from '@/server/audit/record-audit';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { createBookableShowtime, createHold, createMovie, createUser } from '../support/factories';

// Managers read the audit log of the cinemas they manage, and nothing else: each row names its
// entity's cinema (derived in the database on insert, audit_entity_cinema), and listAuditLog
// scopes by it.

function viewer(
  u: { id: string; name: string },
  role: Viewer['role'],
  managed: string[],
  staff = managed,
): Viewer {
  return { id: u.id, name: u.name, email: null, role, staffCinemaIds: staff, managedCinemaIds: managed };
}

async function audit(entityType: string, entityId: string, actor: Viewer) {
  await db().$transaction((tx) =>
    recordAudit(tx, { actor, action: `test.${entityType}`, entityType, entityId, after: { ok: true } }),
  );
}

describe('the audit log of a manager’s own cinemas', () => {
  it('derives each row’s cinema from its entity, and shows a manager only theirs', async () => {
    const here = await createBookableShowtime();
    const there = await createBookableShowtime();
    const hereId = here.screen.cinemaId;
    const thereId = there.screen.cinemaId;
    const movie = await createMovie();
    const user = await createUser({ role: 'MANAGER' });
    const manager = viewer(user, 'MANAGER', [hereId], [hereId, thereId]);
    const admin = viewer(await createUser({ role: 'ADMIN' }), 'ADMIN', []);

    const hold = await createHold({ showtimeId: here.showtime.id });
    await audit('showtime', here.showtime.id, admin);
    await audit('screen', here.screen.id, admin);
    await audit('cinema', hereId, admin);
    await audit('cinema_staff', `${hereId}:${user.id}`, admin);
    await audit('showtime', there.showtime.id, admin);
    await audit('cinema', thereId, admin);
    await audit('movie', movie.id, admin);
    await audit('showtime', 'not-a-uuid', admin);
    // A hold is not an entity type the database knows: the writer names the cinema.
    await db().$transaction((tx) =>
      recordAudit(tx, {
        actor: admin,
        action: 'test.hold',
        entityType: 'hold',
        entityId: hold.id,
        cinemaId: hereId,
      }),
    );

    const raw = await db().$queryRaw<{ entity_type: string; entity_id: string; cinema_id: string | null }[]>`
      SELECT entity_type, entity_id, cinema_id::text FROM audit_log
      WHERE action LIKE 'test.%' AND actor_id = ${admin.id}::uuid ORDER BY id`;
    expect(raw.map((r) => [r.entity_type, r.cinema_id])).toEqual([
      ['showtime', hereId],
      ['screen', hereId],
      ['cinema', hereId],
      ['cinema_staff', hereId],
      ['showtime', thereId],
      ['cinema', thereId],
      ['movie', null],
      ['showtime', null],
      ['hold', hereId],
    ]);

    const mine = await listAuditLog({ viewer: manager, action: 'test.', limit: 500 });
    // Staff at the other cinema is not enough: only managed cinemas' rows.
    expect(mine.rows.length).toBeGreaterThan(0);
    expect(mine.rows.every((r) => r.cinema?.id === hereId)).toBe(true);
    expect(mine.rows.filter((r) => r.actor.id === admin.id)).toHaveLength(5);

    // Asking for another cinema is refused, not quietly answered.
    await expect(listAuditLog({ viewer: manager, cinemaId: thereId })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const staff = viewer(await createUser({ role: 'STAFF' }), 'STAFF', [], [hereId]);
    await expect(listAuditLog({ viewer: staff })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const all = await listAuditLog({ viewer: admin, action: 'test.', limit: 500 });
    const adminsOwn = all.rows.filter((r) => r.actor.id === admin.id);
    expect(adminsOwn).toHaveLength(9);
    const onlyThere = await listAuditLog({ viewer: admin, cinemaId: thereId, action: 'test.' });
    expect(onlyThere.rows.every((r) => r.cinema?.id === thereId)).toBe(true);
    expect(onlyThere.rows.filter((r) => r.actor.id === admin.id)).toHaveLength(2);
  });
});
