import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { apiRouter, servedByApiRouter } from '@/server/api/router';
import { startCluster } from '@/server/events/cluster';
import { attachRealtime } from '@/server/realtime/io';

// A second Marquee instance in its own process (tests/integration/realtime.int.test.ts): the REST
// API and Socket.IO with the PostgreSQL adapter and the cache cluster on PORT, sharing DATABASE_URL with the test
// process, so a hold made here must reach viewers connected there.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const api = await apiRouter();
const http = createServer((req, res) => {
  if (servedByApiRouter(req.url ?? '/')) api.handle(req, res);
  else res.writeHead(404).end();
});
await attachRealtime(http, { adapterPool: pool });
const cluster = startCluster(process.env.DATABASE_URL as string);
http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`ready ${(http.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  http.close();
  void Promise.all([cluster.stop(), pool.end()]).finally(() => process.exit(0));
});
