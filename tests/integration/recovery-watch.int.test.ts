import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedRows, storeRows } from '@/server/booking/seat-rows-cache';
import { createPrisma, type Db, db, seatWriter } from '@/server/db';
import { migrate } from '@/server/db/migrate';
import { watchDatabaseRecovery } from '@/server/db/recovery-watch';
import { forgetEverySeat } from '@/server/events/seat-events';
import { attachRealtime, closeRealtime } from '@/server/realtime/io';
import { type OwnPostgres, startOwnPostgres } from '../support/own-postgres';
import { openSocket } from '../support/realtime-cluster';

// Seat holds commit asynchronously (server/db.ts); a PostgreSQL crash can then undo the last of
// them, so every instance watches for crash recovery and makes every copy of seat states start
// again. Here against a PostgreSQL of this file's own, crashed for real (a backend killed with
// SIGKILL makes the postmaster reinitialise and run crash recovery).

const until = async (what: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('seat writes commit asynchronously, everything else does not', () => {
  it('the seat-writer pool sets synchronous_commit off for its sessions; the main pool keeps the server’s', async () => {
    type Setting = { setting: string; source: string }[];
    const q = (c: Db) =>
      c.$queryRaw<Setting>`SELECT setting, source FROM pg_settings WHERE name = 'synchronous_commit'`;
    const [writer] = await q(seatWriter());
    const [main] = await q(db());
    expect(writer).toEqual({ setting: 'off', source: 'client' });
    // (The test cluster itself runs with it off, THROWAWAY_SETTINGS; production's default is on.)
    expect(main?.source).not.toBe('client');
  });
});

describe('after a database crash', () => {
  let own: OwnPostgres;
  let client: Db;
  beforeAll(async () => {
    own = await startOwnPostgres();
    await migrate(own.url);
    client = createPrisma(own.url, 2);
  }, 120_000);
  afterAll(async () => {
    await client?.$disconnect();
    await own?.stop();
  });

  async function crash() {
    const victim = new pg.Client({ connectionString: own.url });
    victim.on('error', () => {});
    await victim.connect();
    const { rows } = await victim.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    process.kill(rows[0]!.pid, 'SIGKILL');
    await victim.end().catch(() => {});
  }

  it('a clean restart is not taken for a crash; a crash is, once', async () => {
    let recovered = 0;
    const watch = watchDatabaseRecovery({ everyMs: 100, database: client, onRecovered: () => recovered++ });
    try {
      const token = async () =>
        (await client.$queryRaw<{ token: string }[]>`SELECT token::text AS token FROM db_epoch`)[0]?.token;
      await until(async () => Boolean(await token().catch(() => undefined)));
      const first = await token();

      // A clean restart loses no commit: the unlogged table keeps its row.
      await own.restart();
      await until(async () => (await token().catch(() => undefined)) === first);
      await watch.check();
      await watch.check();
      expect(recovered).toBe(0);

      await crash();
      await until(() => recovered > 0);
      const second = await token();
      expect(second).toBeDefined();
      expect(second).not.toBe(first);
      // Checked again and again: the new token is the one seen now, nothing more to do.
      for (let i = 0; i < 5; i++) await watch.check();
      expect(recovered).toBe(1);
    } finally {
      watch.stop();
    }
  }, 120_000);
});

describe('forgetting every seat', () => {
  const opened: Socket[] = [];
  let here: { url: string; stop: () => Promise<void> };
  beforeAll(async () => {
    // One instance, no adapter: each instance tells its own viewers.
    const http = createServer();
    const io = await attachRealtime(http);
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    here = {
      url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      stop: () => closeRealtime(io),
    };
  });
  afterAll(async () => {
    for (const s of opened) s.close();
    await here?.stop();
  });

  it('drops this process’s copy of seat rows and tells every live viewer to take a fresh snapshot', async () => {
    const showtimeId = crypto.randomUUID();
    storeRows(showtimeId, new Map([[0, { version: 7, claims: [] }]]));
    expect(cachedRows(showtimeId, [0])?.get(0)?.version).toBe(7);

    const viewers = await Promise.all([1, 2].map(() => openSocket(here.url, '/seats', { opened })));
    const told = viewers.map((s) => new Promise<void>((resolve) => s.once('seats:resync', () => resolve())));
    forgetEverySeat();
    await Promise.all(told);
    expect(cachedRows(showtimeId, [0])).toBeNull();
    // A read now stores what the database says, even at a lower version than the lost one.
    storeRows(showtimeId, new Map([[0, { version: 3, claims: [] }]]));
    expect(cachedRows(showtimeId, [0])?.get(0)?.version).toBe(3);
  });
});
