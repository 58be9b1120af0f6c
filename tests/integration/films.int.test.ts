import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { AppError } from '@/lib/errors';
import { PLACEHOLDER_POSTER_URL } from '@/lib/poster';
import { type CreateFilmInput, createFilmInputSchema, type Film } from '@/lib/schemas/films';
import { createFilmOp, listFilmsOp, updateFilmOp } from '@/server/api/operations/films';
import type { Viewer } from '@/server/auth/session';
import { showtimeContext } from '@/server/booking/showtime-context';
import { discoverMovies } from '@/server/catalog/discover-movies';
import { getMovie } from '@/server/catalog/get-movie';
import { searchMovies } from '@/server/catalog/search-movies';
import { db } from '@/server/db';
import { type CatalogChange, onCatalogChange } from '@/server/events/catalog-events';
import { createFilm } from '@/server/films/create-film';
import { getFilm } from '@/server/films/get-film';
import { listFilms } from '@/server/films/list-films';
import { setFilmArchived } from '@/server/films/set-film-archived';
import { updateFilm } from '@/server/films/update-film';
import { uploadPoster } from '@/server/films/upload-poster';
import { call } from '../support/api';
import { createCinema, createScreen, createShowtime, createUser } from '../support/factories';
import { pngImage } from '../support/images';
import { adminViewer, managerOf } from '../support/viewers';

// The film catalogue's use cases against PostgreSQL: who may write what, validation at the
// boundary (the REST operations), slugs made once and unique even in a race, partial updates
// audited with exactly what changed, and archiving: refused while a showtime is to come, kept by
// the database's triggers even against a concurrent scheduler, and off the public site after.
// Posters go to the process's default store (the database, MEDIA_STORE unset).

const DAY = 86_400_000;
const uid = () => Math.random().toString(36).slice(2, 8);

function filmInput(overrides: Partial<Record<keyof CreateFilmInput, unknown>> = {}): CreateFilmInput {
  return createFilmInputSchema.parse({
    title: `Kaveri Rising ${uid()}`,
    synopsis: 'A boatman on the Kaveri finds a letter that his father never sent, and follows it upstream.',
    runtimeMinutes: 141,
    certificate: 'UA 13+',
    genres: ['Drama', 'Adventure'],
    languages: ['Tamil', 'Hindi'],
    formats: ['TWO_D'],
    releaseDate: '2026-12-25',
    director: 'Meera Nair',
    trailerUrl: 'https://www.youtube.com/watch?v=abc123',
    credits: [
      { name: 'Arjun Das', character: 'Selvam' },
      { name: 'Nila Raman', character: '' },
    ],
    ...overrides,
  });
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  const error = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

const audits = (id: string, action: string) =>
  db().auditLog.findMany({ where: { entityType: 'movie', entityId: id, action }, orderBy: { id: 'asc' } });

/** A showtime of the film at the cinema, starting `inDays` from now. */
async function showtimeOf(movieId: string, cinemaId: string, inDays = 2) {
  const { screen } = await createScreen({ cinemaId, rows: 1, cols: 2 });
  return createShowtime({ screenId: screen.id, movieId, startsAt: new Date(Date.now() + inDays * DAY) });
}

describe('adding a film', () => {
  it('writes the film, its credits in order and an audit record, with a slug made from the title', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const title = `Chai & Chemistry: Ammachi’s Return ${uid()}`;
    const film = await createFilm({ viewer, input: filmInput({ title }) });
    expect(film.slug).toBe(`chai-and-chemistry-ammachis-return-${title.slice(-6)}`);
    expect(film).toMatchObject({
      title,
      runtimeMinutes: 141,
      certificate: 'UA 13+',
      languages: ['Tamil', 'Hindi'],
      director: 'Meera Nair',
      credits: [
        { name: 'Arjun Das', character: 'Selvam' },
        { name: 'Nila Raman', character: null },
      ],
      posterKey: null,
      posterUrl: PLACEHOLDER_POSTER_URL,
      archivedAt: null,
      canEdit: true,
      liveShowtimes: 0,
    });
    const row = await db().movie.findUniqueOrThrow({
      where: { id: film.id },
      select: {
        createdById: true,
        credits: { select: { position: true, name: true }, orderBy: { position: 'asc' } },
      },
    });
    expect(row).toEqual({
      createdById: viewer.id,
      credits: [
        { position: 1, name: 'Arjun Das' },
        { position: 2, name: 'Nila Raman' },
      ],
    });
    const [audit] = await audits(film.id, 'film.created');
    expect(audit).toMatchObject({ actorId: viewer.id, actorRole: 'MANAGER', before: null });
    expect(audit?.after).toMatchObject({
      slug: film.slug,
      title,
      runtimeMinutes: 141,
      releaseDate: '2026-12-25',
    });
  });

  it('gives a clashing title the next free number, even when three are added at once', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const title = `Monsoon Express ${uid()}`;
    const first = await createFilm({ viewer, input: filmInput({ title }) });
    const racing = await Promise.all(
      [1, 2, 3].map(() => createFilm({ viewer, input: filmInput({ title }) })),
    );
    expect(first.slug).toMatch(/^monsoon-express-[a-z0-9]+$/);
    expect(racing.map((f) => f.slug).sort()).toEqual([2, 3, 4].map((n) => `${first.slug}-${n}`));
    // A title with no Latin letters still gets an address.
    const hindi = await createFilm({ viewer, input: filmInput({ title: 'देवदास' }) });
    expect(hindi.slug).toMatch(/^film(-\d+)?$/);
  });

  it('refuses staff, customers and a manager of no cinema; admins may', async () => {
    const cinema = await createCinema();
    const staff = await createUser({ role: 'STAFF' });
    const asStaff: Viewer = { ...(await managerOf(cinema.id)).viewer, id: staff.id, role: 'STAFF' };
    expect((await refusal(createFilm({ viewer: asStaff, input: filmInput() }))).code).toBe('FORBIDDEN');
    const { viewer: idle } = await managerOf();
    const refused = await refusal(createFilm({ viewer: idle, input: filmInput() }));
    expect([refused.code, refused.message]).toEqual([
      'FORBIDDEN',
      expect.stringContaining('manage no cinema'),
    ]);
    const admin = await adminViewer();
    expect((await createFilm({ viewer: admin, input: filmInput() })).canEdit).toBe(true);
  });
});

describe('validation at the REST boundary', () => {
  it('names each bad field, and writes nothing', async () => {
    const cinema = await createCinema();
    const { token } = await managerOf(cinema.id);
    const before = await db().movie.count();
    const good = { ...filmInput(), credits: [{ name: 'Arjun Das', character: 'Selvam' }] };
    const cases: [Record<string, unknown>, string][] = [
      [{ certificate: 'PG-13' }, 'certificate'],
      [{ runtimeMinutes: 0 }, 'runtimeMinutes'],
      [{ runtimeMinutes: 601 }, 'runtimeMinutes'],
      [{ runtimeMinutes: 90.5 }, 'runtimeMinutes'],
      [{ synopsis: 'Too short.' }, 'synopsis'],
      [{ genres: [] }, 'genres'],
      [{ genres: ['Drama', 'Drama'] }, 'genres'],
      [{ genres: ['Spaghetti Western'] }, 'genres.0'],
      [{ languages: ['Klingon'] }, 'languages.0'],
      [{ formats: ['VHS'] }, 'formats.0'],
      [{ releaseDate: '2026-02-30' }, 'releaseDate'],
      [{ trailerUrl: 'http://www.youtube.com/watch?v=x' }, 'trailerUrl'],
      [{ trailerUrl: 'javascript:alert(1)' }, 'trailerUrl'],
      [{ trailerUrl: 'https://evil.example/youtube.com' }, 'trailerUrl'],
      [{ trailerUrl: 'https://youtube.com.evil.example/x' }, 'trailerUrl'],
      [{ credits: [{ name: ' ', character: 'Nobody' }] }, 'credits.0.name'],
      [{ posterKey: '../../etc/passwd' }, 'posterKey'],
      [{ title: 'A\u0000B' }, 'title'],
    ];
    for (const [change, field] of cases) {
      const r = await call(createFilmOp, { body: { ...good, ...change }, token });
      expect(r.status, JSON.stringify(change)).toBe(400);
      const details = (r.body as { error: { details: { path: string }[] } }).error.details;
      expect(
        details.map((d) => d.path),
        JSON.stringify(change),
      ).toContain(field);
    }
    // A well-formed key of a poster nobody uploaded.
    const r = await call(createFilmOp, { body: { ...good, posterKey: 'a'.repeat(32) }, token });
    expect([r.status, (r.body as { error: { details: { path: string }[] } }).error.details[0]?.path]).toEqual(
      [400, 'posterKey'],
    );
    expect(await db().movie.count()).toBe(before);
    // YouTube's short links and Vimeo are fine.
    for (const trailerUrl of [
      'https://youtu.be/abc',
      'https://vimeo.com/76979871',
      'https://m.youtube.com/watch?v=1',
    ]) {
      const ok = await call(createFilmOp, { body: { ...good, title: `T ${uid()}`, trailerUrl }, token });
      expect(ok.status, trailerUrl).toBe(201);
    }
  });
});

describe('editing a film', () => {
  it('changes only the fields sent, keeps the slug, and audits exactly what changed', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const film = await createFilm({ viewer, input: filmInput() });
    const edited = await updateFilm({
      viewer,
      input: { id: film.id, title: 'A New Title', runtimeMinutes: 141, director: null },
    });
    expect(edited).toMatchObject({
      slug: film.slug,
      title: 'A New Title',
      runtimeMinutes: 141,
      director: null,
    });
    expect(edited.synopsis).toBe(film.synopsis);
    const [audit] = await audits(film.id, 'film.updated');
    expect([audit?.before, audit?.after]).toEqual([
      { title: film.title, director: 'Meera Nair' },
      { title: 'A New Title', director: null },
    ]);

    // Credits: the whole list again, reordered, one removed, one added.
    const recast = await updateFilm({
      viewer,
      input: {
        id: film.id,
        credits: [
          { name: 'Nila Raman', character: 'Kaveri' },
          { name: 'Arjun Das', character: 'Selvam' },
          { name: 'Ravi Kumar', character: null },
        ],
      },
    });
    expect(recast.credits.map((c) => c.name)).toEqual(['Nila Raman', 'Arjun Das', 'Ravi Kumar']);
    const positions = await db().movieCredit.findMany({
      where: { movieId: film.id },
      orderBy: { position: 'asc' },
      select: { position: true, name: true },
    });
    expect(positions).toEqual([
      { position: 1, name: 'Nila Raman' },
      { position: 2, name: 'Arjun Das' },
      { position: 3, name: 'Ravi Kumar' },
    ]);

    // Sending what is already there changes nothing, and leaves no record.
    await updateFilm({
      viewer,
      input: { id: film.id, title: 'A New Title', genres: ['Drama', 'Adventure'] },
    });
    expect(await audits(film.id, 'film.updated')).toHaveLength(2);
    expect((await refusal(updateFilm({ viewer, input: { id: crypto.randomUUID(), title: 'x' } }))).code).toBe(
      'NOT_FOUND',
    );
  });

  it('lets the creator, managers of a cinema where it plays and admins edit; refuses other managers and changes nothing', async () => {
    const here = await createCinema();
    const elsewhere = await createCinema();
    const creator = await managerOf(here.id);
    const film = await createFilm({ viewer: creator.viewer, input: filmInput() });
    const other = await managerOf(elsewhere.id);
    const refused = await call(updateFilmOp, {
      params: { id: film.id },
      body: { title: 'Hijacked' },
      token: other.token,
    });
    expect(refused.status).toBe(403);
    expect((await getFilm({ viewer: creator.viewer, id: film.id })).title).toBe(film.title);
    expect(await audits(film.id, 'film.updated')).toHaveLength(0);
    // The other manager's cinema programmes it: now they look after it too.
    await showtimeOf(film.id, elsewhere.id);
    const allowed = await call(updateFilmOp, {
      params: { id: film.id },
      body: { title: 'Programmed Elsewhere' },
      token: other.token,
    });
    expect([allowed.status, (allowed.body as Film).title]).toEqual([200, 'Programmed Elsewhere']);
    const admin = await adminViewer();
    expect(
      (await updateFilm({ viewer: admin, input: { id: film.id, runtimeMinutes: 99 } })).runtimeMinutes,
    ).toBe(99);
  });
});

describe('the catalogue bus', () => {
  it('hears of every film write once it is committed, and of no write that changed nothing', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const heard: CatalogChange[] = [];
    const stop = onCatalogChange((change) => heard.push(change));
    try {
      const film = await createFilm({ viewer, input: filmInput() });
      expect(heard).toEqual([{ movieIds: [film.id] }]);
      // A showtime's cached context (what holds are priced from) has the film's title...
      const show = await showtimeOf(film.id, cinema.id);
      expect((await showtimeContext(show.id))?.movie.title).toBe(film.title);
      await updateFilm({ viewer, input: { id: film.id, title: 'Retitled Before Release' } });
      expect(heard).toHaveLength(2);
      // ...and the next hold sees the new one: the edit told the cache.
      expect((await showtimeContext(show.id))?.movie.title).toBe('Retitled Before Release');
      await updateFilm({ viewer, input: { id: film.id, title: 'Retitled Before Release' } });
      expect(heard).toHaveLength(2);

      await db().showtime.update({
        where: { id: show.id },
        data: { status: 'CANCELLED', cancelledAt: new Date() },
      });
      await setFilmArchived({ viewer, id: film.id, archived: true });
      await setFilmArchived({ viewer, id: film.id, archived: true });
      await setFilmArchived({ viewer, id: film.id, archived: false });
      expect(heard).toEqual(Array.from({ length: 4 }, () => ({ movieIds: [film.id] })));
      // A refused write says nothing.
      const other = await managerOf(await createCinema().then((c) => c.id));
      await refusal(updateFilm({ viewer: other.viewer, input: { id: film.id, title: 'Not Yours' } }));
      expect(heard).toHaveLength(4);
    } finally {
      stop();
    }
  });
});

describe('archiving a film', () => {
  it('is refused while a showtime is to come, listing it; allowed once it is cancelled; audited; and undone', async () => {
    const cinema = await createCinema({ name: 'Marquee Juhu' });
    const { viewer } = await managerOf(cinema.id);
    const film = await createFilm({ viewer, input: filmInput() });
    const show = await showtimeOf(film.id, cinema.id);
    const refused = await refusal(setFilmArchived({ viewer, id: film.id, archived: true }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toContain('at Marquee Juhu');
    expect(refused.details).toEqual({
      reason: 'live-showtimes',
      showtimes: [expect.objectContaining({ id: show.id, cinema: 'Marquee Juhu' })],
    });
    expect((await db().movie.findUniqueOrThrow({ where: { id: film.id } })).archivedAt).toBeNull();

    await db().showtime.update({
      where: { id: show.id },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    const archived = await setFilmArchived({ viewer, id: film.id, archived: true });
    expect(archived.archivedAt).not.toBeNull();
    // Again: nothing changes, nothing is recorded.
    await setFilmArchived({ viewer, id: film.id, archived: true });
    const [audit, ...more] = await audits(film.id, 'film.archived');
    expect(more).toEqual([]);
    expect([audit?.before, audit?.after]).toEqual([
      { archivedAt: null },
      { archivedAt: archived.archivedAt },
    ]);

    const back = await setFilmArchived({ viewer, id: film.id, archived: false });
    expect(back.archivedAt).toBeNull();
    expect(await audits(film.id, 'film.unarchived')).toHaveLength(1);
  });

  it('takes the film off the public site, but not off its page or the bookings', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const title = `Zebra Crossing ${uid()}`;
    // Coming soon, so it is listed without showtimes.
    const film = await createFilm({ viewer, input: filmInput({ title, releaseDate: '2099-01-01' }) });
    const city = (await db().cinema.findUniqueOrThrow({ where: { id: cinema.id }, include: { city: true } }))
      .city;
    const listed = async () =>
      (await discoverMovies({ citySlug: city.slug, filters: {} })).comingSoon.some((m) => m.id === film.id);
    const found = async () => (await searchMovies({ q: title })).some((r) => r.slug === film.slug);
    expect([await listed(), await found()]).toEqual([true, true]);
    await setFilmArchived({ viewer, id: film.id, archived: true });
    expect([await listed(), await found()]).toEqual([false, false]);
    expect((await getMovie(film.slug))?.archivedAt).not.toBeNull();
    const active = await listFilms({ viewer, query: { q: title, status: 'active', page: 1, pageSize: 20 } });
    const archived = await listFilms({
      viewer,
      query: { q: title, status: 'archived', page: 1, pageSize: 20 },
    });
    expect([active.total, archived.films.map((f) => f.id)]).toEqual([0, [film.id]]);
  });

  it('is kept by the database: no showtime for an archived film, no archiving under a live showtime', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const film = await createFilm({ viewer, input: filmInput() });
    const show = await showtimeOf(film.id, cinema.id);
    await expect(
      db().$executeRaw`UPDATE movies SET archived_at = now() WHERE id = ${film.id}::uuid`,
    ).rejects.toThrow(/movies_archived_without_live_showtimes|showtime/);
    await db().showtime.update({
      where: { id: show.id },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    await setFilmArchived({ viewer, id: film.id, archived: true });
    await expect(showtimeOf(film.id, cinema.id)).rejects.toThrow(/showtimes_movie_not_archived|archived/);
    // Moving another film's showtime onto it is refused the same way.
    const other = await createFilm({ viewer, input: filmInput() });
    const moved = await showtimeOf(other.id, cinema.id);
    await expect(
      db().showtime.update({ where: { id: moved.id }, data: { movieId: film.id } }),
    ).rejects.toThrow(/archived/);
  });

  it('cannot miss a showtime scheduled at the same moment, whichever commits first', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const { screen } = await createScreen({ cinemaId: cinema.id, rows: 1, cols: 2 });
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    const insertShow = (movieId: string) =>
      client.query(
        `INSERT INTO showtimes (movie_id, screen_id, starts_at, ends_at, busy_until, language, format)
         VALUES ($1, $2, now() + interval '3 days', now() + interval '3 days 2 hours', now() + interval '3 days 3 hours', 'Hindi', 'TWO_D')`,
        [movieId, screen.id],
      );
    try {
      // The scheduler first: the archiving waits for it, then sees its showtime.
      const a = await createFilm({ viewer, input: filmInput() });
      await client.query('BEGIN');
      await insertShow(a.id);
      const archiving = setFilmArchived({ viewer, id: a.id, archived: true }).then(
        () => 'archived',
        (e: AppError) => e.code,
      );
      await new Promise((r) => setTimeout(r, 300));
      await client.query('COMMIT');
      expect(await archiving).toBe('CONFLICT');

      // The archiving first: the scheduler waits for it, then is refused.
      const b = await createFilm({ viewer, input: filmInput() });
      await client.query('BEGIN');
      await client.query('UPDATE movies SET archived_at = now() WHERE id = $1', [b.id]);
      const other = new pg.Client({ connectionString: inject('databaseUrl') });
      await other.connect();
      try {
        const scheduling = other
          .query(
            `INSERT INTO showtimes (movie_id, screen_id, starts_at, ends_at, busy_until, language, format)
             VALUES ($1, $2, now() + interval '5 days', now() + interval '5 days 2 hours', now() + interval '5 days 3 hours', 'Hindi', 'TWO_D')`,
            [b.id, screen.id],
          )
          .then(
            () => 'scheduled',
            (e: { constraint?: string }) => e.constraint,
          );
        await new Promise((r) => setTimeout(r, 300));
        await client.query('COMMIT');
        expect(await scheduling).toBe('showtimes_movie_not_archived');
      } finally {
        await other.end();
      }
    } finally {
      await client.end();
    }
  });
});

describe('the admin list', () => {
  it('filters by text, genre, language and status, a page at a time, saying which films the caller may edit', async () => {
    const here = await createCinema();
    const elsewhere = await createCinema();
    const me = await managerOf(here.id);
    const them = await managerOf(elsewhere.id);
    const tag = uid();
    const mine = await createFilm({
      viewer: me.viewer,
      input: filmInput({ title: `Alpha ${tag}`, genres: ['Horror'] }),
    });
    const theirs = await createFilm({
      viewer: them.viewer,
      input: filmInput({ title: `Beta ${tag}`, languages: ['Bengali'] }),
    });
    const third = await createFilm({ viewer: them.viewer, input: filmInput({ title: `Gamma ${tag}` }) });
    const page = async (q: Record<string, string>) =>
      (
        await call(listFilmsOp, {
          path: `/api/v1/films?${new URLSearchParams({ q: tag, ...q })}`,
          token: me.token,
        })
      ).body as { films: { id: string; canEdit: boolean }[]; total: number };

    const all = await page({ pageSize: '2' });
    expect(all.total).toBe(3);
    expect(all.films).toHaveLength(2);
    const second = await page({ pageSize: '2', page: '2' });
    expect(second.films).toHaveLength(1);
    const seen = [...all.films, ...second.films];
    expect(new Set(seen.map((f) => f.id)).size).toBe(3);
    expect(seen.find((f) => f.id === mine.id)?.canEdit).toBe(true);
    expect(seen.find((f) => f.id === theirs.id)?.canEdit).toBe(false);
    expect((await page({ genre: 'Horror' })).films.map((f) => f.id)).toEqual([mine.id]);
    expect((await page({ language: 'Bengali' })).films.map((f) => f.id)).toEqual([theirs.id]);
    await setFilmArchived({ viewer: them.viewer, id: third.id, archived: true });
    expect((await page({ status: 'archived' })).films.map((f) => f.id)).toEqual([third.id]);
    expect((await page({})).total).toBe(2);
    expect((await page({ status: 'all' })).total).toBe(3);
    expect((await call(listFilmsOp, { path: '/api/v1/films?status=gone', token: me.token })).status).toBe(
      400,
    );
  });
});

describe('a poster on a film', () => {
  it('shows the uploaded poster’s middle size; removing it shows the placeholder', async () => {
    const cinema = await createCinema();
    const { viewer } = await managerOf(cinema.id);
    const poster = await uploadPoster({ viewer, bytes: await pngImage(400, 600) });
    const film = await createFilm({ viewer, input: filmInput({ posterKey: poster.key }) });
    expect([film.posterKey, film.posterUrl]).toEqual([
      poster.key,
      `/api/media/posters/${poster.key}-320.webp`,
    ]);
    const [audit] = await audits(film.id, 'film.created');
    expect(audit?.after).toMatchObject({ posterKey: poster.key });
    const bare = await updateFilm({ viewer, input: { id: film.id, posterKey: null } });
    expect([bare.posterKey, bare.posterUrl]).toEqual([null, PLACEHOLDER_POSTER_URL]);
    const [change] = await audits(film.id, 'film.updated');
    expect(change?.after).toEqual({ posterKey: null, posterUrl: PLACEHOLDER_POSTER_URL });
    // The database keeps the key and the URL in agreement.
    await expect(
      db().movie.update({ where: { id: film.id }, data: { posterKey: poster.key } }),
    ).rejects.toThrow(/movies_poster_key_url|check/i);
  });
});
