import { describe, expect, inject, it } from 'vitest';
import { viewerFromToken } from '@/server/auth/session';
import { showtimeContext } from '@/server/booking/showtime-context';
import { listMovies } from '@/server/catalog/list-movies';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { onAccountChange, publishAccountChange } from '@/server/events/account-events';
import { publishCatalogChange } from '@/server/events/catalog-events';
import { startCluster } from '@/server/events/cluster';
import { createBookableShowtime, createUser } from '../support/factories';

// Issue 15.4: every per-process copy that can change is forgotten when any instance changes it.
// The two-instance drill (bench/drills/two-instances.ts) proves the same through real servers
// behind HAProxy; these are the pieces, quickly.

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('per-process copies across instances', () => {
  it('forwards an account change to the other instance through the cluster channel', async () => {
    // Two cluster connections in one process stand for two instances: what one sends, the other
    // replays as 'remote' (its own messages are ignored by instance id).
    const a = startCluster(inject('databaseUrl'));
    const b = startCluster(inject('databaseUrl'));
    const heard: { userId: string; origin: string }[] = [];
    const stop = onAccountChange((userId, origin) => heard.push({ userId, origin }));
    try {
      await new Promise((r) => setTimeout(r, 500)); // both LISTENing
      publishAccountChange('user-1');
      const got = await until(
        async () => heard.filter((h) => h.userId === 'user-1' && h.origin === 'remote'),
        (v) => v.length >= 2,
      );
      // Each instance hears the other's forwarding of the one local change.
      expect(got.length).toBeGreaterThanOrEqual(1);
    } finally {
      stop();
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('serves a demoted viewer with the new role as soon as any instance says so', async () => {
    const user = await createUser({ role: 'MANAGER' });
    const token = { sub: user.id, sv: 0 };
    expect((await viewerFromToken(token))?.role).toBe('MANAGER');
    await db().user.update({ where: { id: user.id }, data: { role: 'CUSTOMER' } });
    // Cached for 5 s: without a word from anywhere the old role is still served.
    expect((await viewerFromToken(token))?.role).toBe('MANAGER');
    publishAccountChange(user.id, 'remote');
    expect((await viewerFromToken(token))?.role).toBe('CUSTOMER');
  });

  it('prices a hold from the database catalog version, even before a change is heard of', async () => {
    const { showtime } = await createBookableShowtime();
    const price = async (current: boolean) =>
      (await showtimeContext(showtime.id, { current }))?.prices.get('STANDARD');
    const setPrice = (priceMinor: number) =>
      db().showtimePrice.update({
        where: { showtimeId_category: { showtimeId: showtime.id, category: 'STANDARD' } },
        data: { priceMinor },
      });
    // One instance: its own changes are forgotten synchronously, and nothing is read per hold.
    expect(await price(true)).toBe(25_000);
    await setPrice(30_000); // as another instance would: committed, not yet heard of here
    expect(await price(true)).toBe(25_000);
    process.env.REALTIME_ADAPTER = 'postgres';
    refreshEnv();
    try {
      // Several instances: a hold compares catalog_version, which the commit bumped.
      expect(await price(true)).toBe(30_000);
      await setPrice(35_000);
      expect(await price(true)).toBe(35_000);
      // Seat maps and pages (not `current`) keep the copy until the NOTIFY arrives.
      await setPrice(40_000);
      expect(await price(false)).toBe(35_000);
      expect(await price(true)).toBe(40_000);
    } finally {
      delete process.env.REALTIME_ADAPTER;
      refreshEnv();
    }
  });

  it('drops the cached film list of a city when the catalogue changes', async () => {
    const { screen, showtime } = await createBookableShowtime();
    const cinema = await db().cinema.findUniqueOrThrow({
      where: { id: screen.cinemaId },
      select: { city: { select: { slug: true } } },
    });
    const citySlug = cinema.city.slug;
    const shown = async () => (await listMovies({ citySlug })).nowShowing.map((m) => m.id);
    await db().movie.update({
      where: { id: showtime.movieId },
      data: { releaseDate: new Date('2020-01-01') },
    });
    expect(await shown()).toContain(showtime.movieId);
    await db().showtime.update({
      where: { id: showtime.id },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    // The copy (30 s) still lists it until the change is published…
    expect(await shown()).toContain(showtime.movieId);
    publishCatalogChange({ showtimeIds: [showtime.id] }, 'remote');
    // …and not a moment after (the drop is asynchronous: one query for the cities).
    expect(await until(shown, (ids) => !ids.includes(showtime.movieId), 2_000)).not.toContain(
      showtime.movieId,
    );
  });
});
