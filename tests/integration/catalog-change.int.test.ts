import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { showtimeContext } from '@/server/booking/showtime-context';
import { db } from '@/server/db';
import { type CatalogChange, onCatalogChange, publishCatalogChange } from '@/server/events/catalog-events';
import { startCluster } from '@/server/events/cluster';
import { createBookableShowtime } from '../support/factories';

// A hold is priced from a cached showtime context. An operator's change published on the
// catalogue bus must reach the next hold at once, whichever level it names.

async function feeAndTitle(showtimeId: string) {
  const context = await showtimeContext(showtimeId);
  return { fee: context?.cinema.bookingFeeMinor, title: context?.movie.title };
}

describe('a catalogue change reaches cached showtime contexts', () => {
  it('by showtime, by cinema, by film, and "everything"; an unrelated change keeps the copy', async () => {
    const { showtime, screen } = await createBookableShowtime();
    const cinemaId = screen.cinemaId;
    const before = await feeAndTitle(showtime.id);

    await db().cinema.update({ where: { id: cinemaId }, data: { bookingFeeMinor: (before.fee ?? 0) + 111 } });
    // Nobody said anything, or something about another cinema: the cached copy stands.
    expect(await feeAndTitle(showtime.id)).toEqual(before);
    publishCatalogChange({ cinemaIds: [randomUUID()], movieIds: [randomUUID()] });
    expect((await feeAndTitle(showtime.id)).fee).toBe(before.fee);

    publishCatalogChange({ cinemaIds: [cinemaId] });
    expect((await feeAndTitle(showtime.id)).fee).toBe((before.fee ?? 0) + 111);

    await db().movie.update({ where: { id: showtime.movieId }, data: { title: 'Renamed by the operator' } });
    publishCatalogChange({ movieIds: [showtime.movieId] });
    expect((await feeAndTitle(showtime.id)).title).toBe('Renamed by the operator');

    await db().cinema.update({ where: { id: cinemaId }, data: { bookingFeeMinor: 7 } });
    publishCatalogChange({ showtimeIds: [showtime.id] });
    expect((await feeAndTitle(showtime.id)).fee).toBe(7);

    await db().cinema.update({ where: { id: cinemaId }, data: { bookingFeeMinor: 8 } });
    publishCatalogChange({});
    expect((await feeAndTitle(showtime.id)).fee).toBe(8);
  });
});

describe('the cluster channel', () => {
  it('after losing its connection, reconnects and forgets every copy (it may have missed messages)', async () => {
    const cluster = startCluster(inject('databaseUrl'));
    const name = `marquee-cluster-${cluster.instanceId.slice(0, 8)}`;
    const heard: { change: CatalogChange; origin: string }[] = [];
    const stop = onCatalogChange((change, origin) => heard.push({ change, origin }));
    try {
      const until = async (ok: () => Promise<boolean> | boolean) => {
        const deadline = Date.now() + 10_000;
        while (!(await ok())) {
          if (Date.now() > deadline) throw new Error('timed out');
          await new Promise((r) => setTimeout(r, 50));
        }
      };
      const listening = async () =>
        (
          await db().$queryRaw<{ n: number }[]>`
            SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${name}`
        )[0]!.n > 0;
      await until(listening);
      expect(heard).toEqual([]);
      await db().$executeRaw`
        SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ${name}`;
      await until(() => heard.length > 0);
      expect(heard).toEqual([{ change: {}, origin: 'remote' }]);
      await until(listening);
    } finally {
      stop();
      await cluster.stop();
    }
  });
});
