import { describe, expect, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { createScreenInputSchema } from '@/lib/schemas/venues';
import { toScreenRecords } from '@/lib/seat-layout/convert';
import type { LayoutDraft } from '@/lib/seat-layout/draft';
import {
  relabelRows,
  setBlocked,
  setCategory,
  setKind,
  setRowLabel,
  setRowShape,
} from '@/lib/seat-layout/operations';
import { blankDraft, templateDraft } from '@/lib/seat-layout/templates';
import { encodeDraft } from '@/lib/seat-layout/wire';
import type { Viewer } from '@/server/auth/session';
import { db } from '@/server/db';
import { createScreen } from '@/server/venues/create-screen';
import { getScreenLayout } from '@/server/venues/get-screen-layout';
import { listCinemaScreens } from '@/server/venues/list-cinema-screens';
import { createCinema, createUser } from '../support/factories';

// Creating a screen from the layout editor's draft, against PostgreSQL: the rows written are
// exactly the draft's, a layout the editor's rules refuse writes nothing and says which cells are
// wrong, and the database's unique index decides duplicate names, even between two at once.

async function world() {
  const cinema = await createCinema();
  const user = await createUser({ role: 'MANAGER' });
  const manager: Viewer = {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'MANAGER',
    staffCinemaIds: [cinema.id],
    managedCinemaIds: [cinema.id],
  };
  return { cinema, manager };
}

/** The input exactly as the action receives it: the draft encoded, then parsed by the shared schema. */
const input = (cinemaId: string, name: string, draft: LayoutDraft, formats = ['TWO_D', 'THREE_D']) =>
  createScreenInputSchema.parse({ cinemaId, name, formats, draft: encodeDraft(draft) });

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const written = async (cinemaId: string) => ({
  screens: await db().screen.count({ where: { cinemaId } }),
  seats: await db().seat.count({ where: { screen: { cinemaId } } }),
  audits: await db().auditLog.count({
    where: { action: 'screen.created', after: { path: ['cinemaId'], equals: cinemaId } },
  }),
});

describe('creating a screen from a drawn layout', () => {
  it('writes the screen and its seats exactly as drawn, and audits it', async () => {
    const { cinema, manager } = await world();
    let draft = templateDraft('classic');
    draft = setCategory(draft, [{ row: 2, col: 6 }], 'RECLINER');
    draft = setBlocked(draft, [{ row: 3, col: 7 }], true);
    draft = setRowShape(draft, [4], { offset: 0.5, curve: 0.3 });
    draft = { ...draft, note: 'Drawn in the editor' };
    const expected = toScreenRecords(draft);

    const created = await createScreen({ viewer: manager, input: input(cinema.id, 'Audi 9', draft) });
    expect(created).toMatchObject({ cinemaId: cinema.id, name: 'Audi 9', formats: ['TWO_D', 'THREE_D'] });
    expect(created.capacity).toBe(expected.seats.length);

    const screen = await db().screen.findUniqueOrThrow({ where: { id: created.id } });
    expect(screen.layout).toEqual(expected.layout);
    expect(screen.capacity).toBe(expected.capacity);
    const seats = await db().seat.findMany({
      where: { screenId: created.id },
      select: {
        rowLabel: true,
        number: true,
        rowIndex: true,
        col: true,
        category: true,
        kind: true,
        blocked: true,
      },
      orderBy: [{ rowIndex: 'asc' }, { col: 'asc' }],
    });
    expect(seats).toEqual(expected.seats);
    expect(seats.find((s) => s.rowIndex === 3 && s.col === 7)).toMatchObject({ blocked: true });

    const audit = await db().auditLog.findFirstOrThrow({
      where: { action: 'screen.created', entityId: created.id },
    });
    expect(audit).toMatchObject({
      actorId: manager.id,
      actorRole: 'MANAGER',
      entityType: 'screen',
      before: null,
    });
    expect(audit.after).toMatchObject({
      name: 'Audi 9',
      capacity: expected.capacity,
      seats: { seats: expected.capacity, blocked: 1, wheelchair: 2, companion: 2 },
      layout: expected.layout,
    });

    // What the screens page and the read-only view then show.
    const list = await listCinemaScreens({ viewer: manager, cinemaId: cinema.id });
    expect(list.screens).toEqual([
      expect.objectContaining({
        id: created.id,
        capacity: expected.capacity,
        seats: expect.objectContaining({ blocked: 1 }),
      }),
    ]);
    expect(list.screens[0]?.seats.byCategory.RECLINER).toBe(11);
    const view = await getScreenLayout({ viewer: manager, cinemaId: cinema.id, screenId: created.id });
    expect(view.layout).toEqual(expected.layout);
    expect(view.seats).toHaveLength(expected.seats.length);
  });

  it('refuses a layout the editor’s rules refuse, naming the cells, and writes nothing', async () => {
    const { cinema, manager } = await world();
    const before = await written(cinema.id);

    // A wheelchair space without a companion seat beside it.
    const lonely = setKind(templateDraft('studio'), [{ row: 3, col: 4 }], 'WHEELCHAIR');
    const e1 = await refusal(createScreen({ viewer: manager, input: input(cinema.id, 'Studio 2', lonely) }));
    expect(e1.code).toBe('VALIDATION_FAILED');
    expect(e1.details).toEqual([
      {
        path: 'draft',
        code: 'wheelchair-without-companion',
        message: 'The wheelchair space at seat D5 needs a companion seat right beside it in the same row.',
        cells: [{ row: 3, col: 4 }],
        rows: [3],
      },
    ]);

    // Two rows with one label, and a grid without seats.
    const twins = setRowLabel(
      relabelRows(templateDraft('boutique'), { style: 'numbers', from: 'screen' }),
      1,
      '1',
    );
    const e2 = await refusal(createScreen({ viewer: manager, input: input(cinema.id, 'Twins', twins) }));
    expect(e2.details).toMatchObject([
      { code: 'row-label-duplicate', rows: [0, 1], cells: [{ row: 0 }, { row: 1 }] },
    ]);
    const e3 = await refusal(
      createScreen({ viewer: manager, input: input(cinema.id, 'Empty', blankDraft(4, 4)) }),
    );
    expect(e3.details).toMatchObject([{ code: 'no-seats' }]);

    expect(await written(cinema.id)).toEqual(before);
  });

  it('a warning (no wheelchair space) does not stop the screen being created', async () => {
    const { cinema, manager } = await world();
    const created = await createScreen({
      viewer: manager,
      input: input(cinema.id, 'Small room', blankDraft(3, 5, { filled: true }), ['TWO_D']),
    });
    expect(created.capacity).toBe(15);
  });

  it('a name already taken in this cinema is a CONFLICT on the name, even for two at once; other cinemas may use it', async () => {
    const { cinema, manager } = await world();
    const draft = templateDraft('lounge');
    const [a, b] = await Promise.allSettled([
      createScreen({ viewer: manager, input: input(cinema.id, 'Gold', draft) }),
      createScreen({ viewer: manager, input: input(cinema.id, 'Gold', draft) }),
    ]);
    const outcomes = [a, b].map((r) => r.status);
    expect(outcomes.sort()).toEqual(['fulfilled', 'rejected']);
    const lost = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(lost.reason).toBeInstanceOf(AppError);
    expect(lost.reason).toMatchObject({
      code: 'CONFLICT',
      details: [{ path: 'name', message: 'This cinema already has a screen called “Gold”.' }],
    });
    // The loser left no seats behind: one screen, one screen's seats, one audit record.
    const capacity = toScreenRecords(draft).capacity;
    expect(await written(cinema.id)).toEqual({ screens: 1, seats: capacity, audits: 1 });

    const other = await world();
    await expect(
      createScreen({ viewer: other.manager, input: input(other.cinema.id, 'Gold', draft) }),
    ).resolves.toMatchObject({ name: 'Gold' });
  });

  it('only managers of the cinema and admins; an unknown cinema is not found', async () => {
    const { cinema, manager } = await world();
    const elsewhere = await world();
    const draft = templateDraft('motion');
    const e = await refusal(
      createScreen({ viewer: elsewhere.manager, input: input(cinema.id, 'Not mine', draft) }),
    );
    expect(e.code).toBe('FORBIDDEN');
    // The same answer whether the cinema exists or not: ids cannot be probed.
    const ghost = await refusal(
      createScreen({ viewer: elsewhere.manager, input: input(crypto.randomUUID(), 'Ghost', draft) }),
    );
    expect(ghost.code).toBe('FORBIDDEN');
    const adminUser = await createUser({ role: 'ADMIN' });
    const admin: Viewer = {
      ...manager,
      id: adminUser.id,
      role: 'ADMIN',
      staffCinemaIds: [],
      managedCinemaIds: [],
    };
    expect(
      (await refusal(createScreen({ viewer: admin, input: input(crypto.randomUUID(), 'Ghost', draft) })))
        .code,
    ).toBe('NOT_FOUND');
    await expect(
      createScreen({ viewer: admin, input: input(cinema.id, '4DX', draft) }),
    ).resolves.toMatchObject({
      name: '4DX',
    });
    expect(await written(cinema.id)).toMatchObject({ screens: 1 });
  });
});
