import { describe, expect, it } from 'vitest';
import { updateScreenOp } from '@/server/api/operations/venues';
import { db } from '@/server/db';
import { createAccount } from '../support/accounts';
import { call, strongBearerFor } from '../support/api';
import { createCinema, createScreen, createShowtime } from '../support/factories';

// A screen's name, formats and cleaning minutes, changed by a manager of its cinema: audited with
// only what changed; a name taken in the cinema and a format a coming show is in are refused at
// their fields, leaving the screen as it was.

async function setting() {
  const cinema = await createCinema();
  const manager = await createAccount({ role: 'MANAGER' });
  await db().cinemaStaff.create({ data: { userId: manager.id, cinemaId: cinema.id, role: 'MANAGER' } });
  const { screen } = await createScreen({ cinemaId: cinema.id, rows: 1, cols: 4 });
  return {
    cinema,
    screen,
    params: { cinemaId: cinema.id, screenId: screen.id },
    token: await strongBearerFor(manager),
  };
}

const screenNow = (id: string) =>
  db().screen.findUniqueOrThrow({
    where: { id },
    select: { name: true, formats: true, cleaningMinutes: true },
  });

describe('a screen’s details', () => {
  it('changes name, formats and cleaning minutes, audited with what changed', async () => {
    const { screen, params, token } = await setting();
    const r = await call(updateScreenOp, {
      token,
      params,
      body: { name: 'Audi 7', formats: ['TWO_D', 'IMAX'], cleaningMinutes: 35 },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: 'Audi 7', formats: ['TWO_D', 'IMAX'], cleaningMinutes: 35 });
    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'screen.updated', entityId: screen.id },
    });
    // A new screen takes the cinema's cleaning time (null) until it is given its own.
    expect(audit.before).toEqual({ name: screen.name, formats: ['TWO_D'], cleaningMinutes: null });
    expect(audit.after).toEqual({ name: 'Audi 7', formats: ['TWO_D', 'IMAX'], cleaningMinutes: 35 });
    // The same again changes nothing and records nothing.
    await call(updateScreenOp, { token, params, body: { cleaningMinutes: 35 } });
    expect(await db().auditLog.count({ where: { action: 'screen.updated', entityId: screen.id } })).toBe(1);
  });

  it('refuses a name the cinema already uses, at the field', async () => {
    const { cinema, screen, params, token } = await setting();
    const { screen: other } = await createScreen({ cinemaId: cinema.id });
    const r = await call(updateScreenOp, { token, params, body: { name: other.name } });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ error: { code: 'CONFLICT', details: [{ path: 'name' }] } });
    expect((await screenNow(screen.id)).name).toBe(screen.name);
  });

  it('keeps a format a coming show is in', async () => {
    const { screen, params, token } = await setting();
    await db().screen.update({ where: { id: screen.id }, data: { formats: ['TWO_D', 'THREE_D'] } });
    await createShowtime({ screenId: screen.id }); // in 2D
    const r = await call(updateScreenOp, {
      token,
      params,
      body: { formats: ['THREE_D'], cleaningMinutes: 10 },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error: { code: 'VALIDATION_FAILED', details: [{ path: 'formats' }] } });
    expect(await screenNow(screen.id)).toMatchObject({
      formats: ['TWO_D', 'THREE_D'],
      cleaningMinutes: null,
    });
    // Taking away a format no coming show is in is fine.
    const ok = await call(updateScreenOp, { token, params, body: { formats: ['TWO_D'] } });
    expect(ok.status).toBe(200);
  });

  it('refuses out-of-range minutes and an empty list of formats, and the database does too', async () => {
    const { screen, params, token } = await setting();
    expect((await call(updateScreenOp, { token, params, body: { cleaningMinutes: 121 } })).status).toBe(400);
    // Back to the cinema's cleaning time.
    expect((await call(updateScreenOp, { token, params, body: { cleaningMinutes: null } })).status).toBe(200);
    expect((await call(updateScreenOp, { token, params, body: { formats: [] } })).status).toBe(400);
    await expect(
      db().screen.update({ where: { id: screen.id }, data: { cleaningMinutes: -1 } }),
    ).rejects.toThrow(/23514/);
    await expect(db().screen.update({ where: { id: screen.id }, data: { formats: [] } })).rejects.toThrow(
      /23514/,
    );
  });
});
