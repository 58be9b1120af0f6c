import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { listBookingsOp } from '@/server/api/operations/bookings';
import {
  acceptStaffInvitationOp,
  changeStaffRoleOp,
  inviteStaffOp,
  listCinemaStaffOp,
  revokeStaffOp,
  withdrawStaffInvitationOp,
} from '@/server/api/operations/staff';
import { db } from '@/server/db';
import { deliverOutbox } from '@/server/mail/deliver-outbox';
import { createAccount } from '../support/accounts';
import { bearerFor, call, strongBearerFor } from '../support/api';
import { createCinema, createUser } from '../support/factories';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';
import { withSmtpCapture } from '../support/smtp-env';

// Staff and managers invited by email, their roles changed and revoked, through the REST
// operations (the server actions call the same use cases): the link in the real mail works once,
// for the invited address only; a revoked person's old session is refused on the very next call;
// managers only ever touch staff; nobody touches their own role; the last admin stays.

const smtp = withSmtpCapture();
const uid = () => randomUUID().slice(0, 8);

afterAll(() => dropScratchDatabases());

async function managerOf(cinemaId: string) {
  const user = await createAccount({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId, role: 'MANAGER' } });
  return { user, token: await strongBearerFor(user) };
}

async function adminAccount() {
  const user = await createAccount({ role: 'ADMIN' });
  return { user, token: await strongBearerFor(user) };
}

/** The token of the invitation link in the mail the outbox delivers to `email`. */
async function linkTokenMailedTo(email: string): Promise<string> {
  await deliverOutbox({ recipient: email });
  const mail = await smtp().waitFor((m) => m.envelopeTo.includes(email));
  const m = /invitations\/accept\?token=([A-Za-z0-9_-]{43})/.exec(mail.text ?? '');
  if (!m?.[1]) throw new Error(`no invitation link in: ${mail.text}`);
  return m[1];
}

describe('inviting staff', () => {
  it('mails a link that works once: the account is made with the invited address, verified, as staff there', async () => {
    const cinema = await createCinema({ name: `Invited ${uid()}` });
    const manager = await managerOf(cinema.id);
    const email = `door-${uid()}@test.local`;
    const r = await call(inviteStaffOp, {
      token: manager.token,
      body: { email: email.toUpperCase(), role: 'STAFF', cinemaIds: [cinema.id] },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const invitationId = (r.body as { id: string }).id;

    // Neither the invitation nor the queued mail holds the token in clear.
    const outbox = await db().notificationOutbox.findFirstOrThrow({
      where: { kind: 'staff.invited', recipient: email },
    });
    const token = await linkTokenMailedTo(email);
    const stored = await db().staffInvitation.findUniqueOrThrow({ where: { id: invitationId } });
    expect(JSON.stringify(outbox.payload)).not.toContain(token);
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.email).toBe(email);

    const accepted = await call(acceptStaffInvitationOp, {
      body: { token, account: { name: 'Door Person', password: 'a long enough password' } },
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({
      email,
      role: 'STAFF',
      accountCreated: true,
      cinemas: [{ id: cinema.id }],
    });
    const user = await db().user.findUniqueOrThrow({
      where: { email },
      select: { role: true, emailVerifiedAt: true, cinemaRoles: { select: { cinemaId: true, role: true } } },
    });
    expect(user).toMatchObject({ role: 'STAFF', cinemaRoles: [{ cinemaId: cinema.id, role: 'STAFF' }] });
    expect(user.emailVerifiedAt).not.toBeNull();

    const again = await call(acceptStaffInvitationOp, { body: { token } });
    expect(again.body).toMatchObject({ error: { code: 'CONFLICT', details: { reason: 'accepted' } } });
    expect(await db().auditLog.count({ where: { entityId: invitationId } })).toBe(2);
  });

  it('signed in: only as the invited address; two accepts at once grant once', async () => {
    const cinema = await createCinema();
    const { token: adminToken } = await adminAccount();
    const invitee = await createAccount();
    const r = await call(inviteStaffOp, {
      token: adminToken,
      body: { email: invitee.email, role: 'MANAGER', cinemaIds: [cinema.id] },
    });
    expect(r.status).toBe(201);
    const token = await linkTokenMailedTo(invitee.email);

    const stranger = await createAccount();
    const wrong = await call(acceptStaffInvitationOp, { token: await bearerFor(stranger), body: { token } });
    expect(wrong.status).toBe(403);

    const bearer = await bearerFor(invitee);
    const both = await Promise.all([
      call(acceptStaffInvitationOp, { token: bearer, body: { token } }),
      call(acceptStaffInvitationOp, { token: bearer, body: { token } }),
    ]);
    expect(both.map((b) => b.status).sort()).toEqual([200, 409]);
    expect(await db().user.findUniqueOrThrow({ where: { id: invitee.id }, select: { role: true } })).toEqual({
      role: 'MANAGER',
    });
    // Granting takes nothing away: the session that accepted still works, now as a manager.
    const list = await call(listCinemaStaffOp, { token: bearer, params: { cinemaId: cinema.id } });
    expect(list.status).toBe(200);
  });

  it('refuses managers who make managers or invite to cinemas they do not run, and invitations to oneself', async () => {
    const cinema = await createCinema();
    const other = await createCinema();
    const manager = await managerOf(cinema.id);
    const before = await db().staffInvitation.count();
    const asManager = await call(inviteStaffOp, {
      token: manager.token,
      body: { email: `m-${uid()}@test.local`, role: 'MANAGER', cinemaIds: [cinema.id] },
    });
    expect(asManager.body).toMatchObject({ error: { code: 'FORBIDDEN', details: [{ path: 'role' }] } });
    const elsewhere = await call(inviteStaffOp, {
      token: manager.token,
      body: { email: `s-${uid()}@test.local`, role: 'STAFF', cinemaIds: [cinema.id, other.id] },
    });
    expect(elsewhere.status).toBe(403);
    const self = await call(inviteStaffOp, {
      token: manager.token,
      body: { email: manager.user.email, role: 'STAFF', cinemaIds: [cinema.id] },
    });
    expect(self.status).toBe(403);
    expect(await db().staffInvitation.count()).toBe(before);
  });

  it('a withdrawn or expired link is refused, and its mail is not sent', async () => {
    const cinema = await createCinema();
    const manager = await managerOf(cinema.id);
    const email = `late-${uid()}@test.local`;
    const r = await call(inviteStaffOp, {
      token: manager.token,
      body: { email, role: 'STAFF', cinemaIds: [cinema.id] },
    });
    const id = (r.body as { id: string }).id;
    const withdrawn = await call(withdrawStaffInvitationOp, { token: manager.token, params: { id } });
    expect(withdrawn.status).toBe(204);
    expect(await deliverOutbox({ recipient: email })).toMatchObject({ sent: 0, skipped: 1 });
    const twice = await call(withdrawStaffInvitationOp, { token: manager.token, params: { id } });
    expect(twice.status).toBe(409);

    // Expired: the same mail, sent while it was valid, then its time runs out.
    const email2 = `expired-${uid()}@test.local`;
    const r2 = await call(inviteStaffOp, {
      token: manager.token,
      body: { email: email2, role: 'STAFF', cinemaIds: [cinema.id] },
    });
    const token = await linkTokenMailedTo(email2);
    await db().staffInvitation.update({
      where: { id: (r2.body as { id: string }).id },
      data: {
        createdAt: new Date(Date.now() - 8 * 86_400_000),
        expiresAt: new Date(Date.now() - 86_400_000),
      },
    });
    const late = await call(acceptStaffInvitationOp, {
      body: { token, account: { name: 'Too Late', password: 'a long enough password' } },
    });
    expect(late.body).toMatchObject({ error: { code: 'CONFLICT', details: { reason: 'expired' } } });
    expect(await db().user.findUnique({ where: { email: email2 } })).toBeNull();
  });
});

describe('changing and revoking roles', () => {
  it('revoking ends the person’s sessions at once: the next call with their old token is refused', async () => {
    const cinema = await createCinema();
    const manager = await managerOf(cinema.id);
    const staff = await createAccount({ role: 'STAFF' });
    await db().cinemaStaff.create({ data: { userId: staff.id, cinemaId: cinema.id, role: 'STAFF' } });
    const old = await bearerFor(staff);
    // A call first, so this process has the staff member's viewer cached.
    expect((await call(listBookingsOp, { token: old })).status).toBe(200);

    const r = await call(revokeStaffOp, {
      token: manager.token,
      params: { cinemaId: cinema.id, userId: staff.id },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toEqual({ userId: staff.id, cinemaId: cinema.id, role: null, accountRole: 'CUSTOMER' });
    expect((await call(listBookingsOp, { token: old })).status).toBe(401);
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'staff.revoked', entityId: `${cinema.id}:${staff.id}` },
    });
    expect(audit).toMatchObject({
      actorId: manager.user.id,
      before: { role: 'STAFF' },
      after: { role: null },
    });
  });

  it('managers touch only staff; admins promote and demote; a demotion signs the person out', async () => {
    const cinema = await createCinema();
    const manager = await managerOf(cinema.id);
    const colleague = await managerOf(cinema.id);
    const staff = await createAccount({ role: 'STAFF' });
    await db().cinemaStaff.create({ data: { userId: staff.id, cinemaId: cinema.id, role: 'STAFF' } });
    const params = { cinemaId: cinema.id, userId: staff.id };

    const promoteByManager = await call(changeStaffRoleOp, {
      token: manager.token,
      params,
      body: { role: 'MANAGER' },
    });
    expect(promoteByManager.status).toBe(403);
    const revokeColleague = await call(revokeStaffOp, {
      token: manager.token,
      params: { cinemaId: cinema.id, userId: colleague.user.id },
    });
    expect(revokeColleague.status).toBe(403);

    const admin = await adminAccount();
    const staffToken = await bearerFor(staff);
    const promoted = await call(changeStaffRoleOp, { token: admin.token, params, body: { role: 'MANAGER' } });
    expect(promoted.body).toEqual({ ...params, role: 'MANAGER', accountRole: 'MANAGER' });
    // Promoted: still signed in.
    expect((await call(listBookingsOp, { token: staffToken })).status).toBe(200);
    const demoted = await call(changeStaffRoleOp, { token: admin.token, params, body: { role: 'STAFF' } });
    expect(demoted.body).toEqual({ ...params, role: 'STAFF', accountRole: 'STAFF' });
    expect((await call(listBookingsOp, { token: staffToken })).status).toBe(401);
  });

  it('nobody changes or revokes their own role, admins included', async () => {
    const cinema = await createCinema();
    const admin = await adminAccount();
    await db().cinemaStaff.create({ data: { userId: admin.user.id, cinemaId: cinema.id, role: 'MANAGER' } });
    const params = { cinemaId: cinema.id, userId: admin.user.id };
    expect(
      (await call(changeStaffRoleOp, { token: admin.token, params, body: { role: 'STAFF' } })).status,
    ).toBe(403);
    expect((await call(revokeStaffOp, { token: admin.token, params })).status).toBe(403);
    expect(await db().cinemaStaff.findUnique({ where: { userId_cinemaId: params } })).toMatchObject({
      role: 'MANAGER',
    });
  });

  it('lists people and open invitations, a page at a time, filtered', async () => {
    const cinema = await createCinema();
    const manager = await managerOf(cinema.id);
    for (const name of ['Anil', 'Bina', 'Chetan']) {
      const u = await createUser({ name: `${name} ${uid()}`, role: 'STAFF' });
      await db().cinemaStaff.create({ data: { userId: u.id, cinemaId: cinema.id, role: 'STAFF' } });
    }
    await call(inviteStaffOp, {
      token: manager.token,
      body: { email: `open-${uid()}@test.local`, role: 'STAFF', cinemaIds: [cinema.id] },
    });
    const page = await call(listCinemaStaffOp, {
      token: manager.token,
      params: { cinemaId: cinema.id },
      path: '?role=STAFF&perPage=2&page=2',
    });
    expect(page.body).toMatchObject({ total: 3, page: 2, people: [{ role: 'STAFF' }] });
    expect((page.body as { invitations: unknown[] }).invitations).toHaveLength(1);
    const found = await call(listCinemaStaffOp, {
      token: manager.token,
      params: { cinemaId: cinema.id },
      path: '?q=bina',
    });
    expect((found.body as { people: { name: string }[] }).people.map((p) => p.name.split(' ')[0])).toEqual([
      'Bina',
    ]);
  });
});

describe('the last admin', () => {
  it('cannot be demoted or deleted, even by two admins demoting each other at the same moment', async () => {
    const url = await createScratchDatabase({ migrated: true });
    const pool = new pg.Pool({ connectionString: url, max: 4 });
    try {
      const insert = async () =>
        (
          await pool.query<{ id: string }>(
            `INSERT INTO users (email, name, role) VALUES ($1, 'Admin', 'ADMIN') RETURNING id`,
            [`admin-${uid()}@test.local`],
          )
        ).rows[0]!.id;
      const [a, b] = [await insert(), await insert()];
      const demote = async (id: string) => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(`UPDATE users SET role = 'CUSTOMER' WHERE id = $1`, [id]);
          await new Promise((r) => setTimeout(r, 100));
          await client.query('COMMIT');
          return 'demoted';
        } catch (error) {
          await client.query('ROLLBACK');
          return (error as { constraint?: string }).constraint;
        } finally {
          client.release();
        }
      };
      expect((await Promise.all([demote(a), demote(b)])).sort()).toEqual(['demoted', 'users_keep_an_admin']);
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM users WHERE role = 'ADMIN'`);
      expect(rows[0].n).toBe(1);
      const last = (await pool.query(`SELECT id FROM users WHERE role = 'ADMIN'`)).rows[0].id;
      await expect(
        pool.query(`UPDATE users SET deleted_at = now() WHERE id = $1`, [last]),
      ).rejects.toMatchObject({
        constraint: 'users_keep_an_admin',
      });
      await expect(pool.query(`DELETE FROM users WHERE id = $1`, [last])).rejects.toMatchObject({
        constraint: 'users_keep_an_admin',
      });
    } finally {
      await pool.end();
    }
  });
});
