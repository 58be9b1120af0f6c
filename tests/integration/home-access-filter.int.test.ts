import { beforeAll, describe, expect, it } from 'vitest';
import { type AccessFilter, parseAccessFilter } from '@/lib/accessibility';
import { localDate } from '@/lib/format';
import type { AccessFeature } from '@/prisma/generated/enums';
import { discoverMovies } from '@/server/catalog/discover-movies';
import { db } from '@/server/db';
import { createCinema, createMovie, createScreen } from '../support/factories';

// The home page's accessibility filter (?access=relaxed,wheelchair) against real PostgreSQL, in a
// city of our own: only films with an upcoming, scheduled showing that has every chosen feature
// stay, the wheelchair screen being the layout's; counts and "coming soon" follow.

const DAY = 86_400_000;
const now = new Date();
const tomorrow = localDate(new Date(now.getTime() + DAY));
const at = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+05:30`);

let citySlug = '';
const ids = { relaxed: '', wheel: '', both: '', plain: '', stale: '', soon: '' };

async function show(options: {
  screenId: string;
  movieId: string;
  startsAt: Date;
  accessibility?: AccessFeature[];
  status?: 'SCHEDULED' | 'CANCELLED';
}) {
  const endsAt = new Date(options.startsAt.getTime() + 2 * 3_600_000);
  return db().showtime.create({
    data: {
      screenId: options.screenId,
      movieId: options.movieId,
      startsAt: options.startsAt,
      endsAt,
      busyUntil: new Date(endsAt.getTime() + 20 * 60_000),
      language: 'Hindi',
      format: 'TWO_D',
      accessibility: options.accessibility ?? [],
      status: options.status ?? 'SCHEDULED',
      cancelledAt: options.status === 'CANCELLED' ? now : null,
      prices: { create: [{ category: 'STANDARD', priceMinor: 25_000 }] },
    },
  });
}

beforeAll(async () => {
  const cinema = await createCinema();
  citySlug = (await db().city.findUniqueOrThrow({ where: { id: cinema.cityId } })).slug;
  // One screen with a wheelchair space, one without.
  const wheelScreen = await createScreen({ cinemaId: cinema.id });
  await db().seat.update({ where: { id: wheelScreen.seats[0]?.id }, data: { kind: 'WHEELCHAIR' } });
  const wheel = wheelScreen.screen.id;
  const plain = (await createScreen({ cinemaId: cinema.id })).screen.id;
  const film = (title: string) =>
    createMovie({ title, languages: ['Hindi'], releaseDate: new Date('2026-01-01') });
  const films = {
    relaxed: await film('Access Relaxed'),
    wheel: await film('Access Wheel'),
    both: await film('Access Both'),
    plain: await film('Access Plain'),
    stale: await film('Access Stale'),
    soon: await createMovie({
      title: 'Access Soon',
      languages: ['Hindi'],
      releaseDate: new Date(`${localDate(new Date(now.getTime() + 30 * DAY))}T00:00:00Z`),
    }),
  };
  for (const [k, m] of Object.entries(films)) ids[k as keyof typeof ids] = m.id;
  await show({
    screenId: plain,
    movieId: films.relaxed.id,
    startsAt: at(tomorrow, '10:00'),
    accessibility: ['RELAXED'],
  });
  await show({ screenId: wheel, movieId: films.wheel.id, startsAt: at(tomorrow, '10:00') });
  await show({
    screenId: wheel,
    movieId: films.both.id,
    startsAt: at(tomorrow, '14:00'),
    accessibility: ['SUBTITLED', 'RELAXED'],
  });
  await show({ screenId: plain, movieId: films.plain.id, startsAt: at(tomorrow, '14:00') });
  // Relaxed only where it does not count: started already, or cancelled; its upcoming show is plain.
  await show({
    screenId: plain,
    movieId: films.stale.id,
    startsAt: new Date(now.getTime() - 30 * 60_000),
    accessibility: ['RELAXED'],
  });
  await show({
    screenId: plain,
    movieId: films.stale.id,
    startsAt: at(tomorrow, '18:00'),
    accessibility: ['RELAXED'],
    status: 'CANCELLED',
  });
  await show({ screenId: plain, movieId: films.stale.id, startsAt: at(tomorrow, '21:00') });
});

async function home(access: AccessFilter[]) {
  const r = await discoverMovies({ citySlug, filters: {}, now, access });
  return {
    showing: r.nowShowing.map((m) => m.id).sort(),
    soon: r.comingSoon.filter((m) => m.id === ids.soon).map((m) => m.id),
    hindi: r.facets.lang.find((o) => o.value === 'Hindi')?.count ?? 0,
  };
}

describe("the home page's accessibility filter", () => {
  it('keeps only films with an upcoming showing that has every chosen feature', async () => {
    const everything = await home([]);
    expect(everything.showing).toEqual([ids.relaxed, ids.wheel, ids.both, ids.plain, ids.stale].sort());
    expect(everything.soon).toEqual([ids.soon]);
    expect(everything.hindi).toBe(5);

    const relaxed = await home(parseAccessFilter('relaxed'));
    expect(relaxed.showing).toEqual([ids.relaxed, ids.both].sort());
    // The counts are of what the page shows, and a film with nothing accessible to come is not "coming soon".
    expect(relaxed.hindi).toBe(2);
    expect(relaxed.soon).toEqual([]);

    expect((await home(parseAccessFilter('wheelchair'))).showing).toEqual([ids.wheel, ids.both].sort());
    // Both at once: one showing must have both; the relaxed film's relaxed show is on the screen
    // without wheelchair spaces, so it is out (the form sends access=…&access=… without JS).
    expect((await home(parseAccessFilter(['relaxed', 'wheelchair']))).showing).toEqual([ids.both]);
    expect((await home(parseAccessFilter('relaxed,wheelchair,subtitled'))).showing).toEqual([ids.both]);
    // Nothing audio described: no film, no count, and the page says so.
    const none = await home(parseAccessFilter('audio-described'));
    expect(none).toEqual({ showing: [], soon: [], hindi: 0 });
  });

  it('follows the showing: cancelling the only relaxed one takes the film off', async () => {
    const before = await home(['RELAXED']);
    expect(before.showing).toContain(ids.relaxed);
    await db().showtime.updateMany({
      where: { movieId: ids.relaxed },
      data: { status: 'CANCELLED', cancelledAt: now },
    });
    expect((await home(['RELAXED'])).showing).toEqual([ids.both]);
  });
});
