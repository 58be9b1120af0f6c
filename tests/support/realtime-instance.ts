import { createServer } from 'node:http';
import pg from 'pg';
import { attachRealtime } from '@/server/realtime/io';

// A second Marquee realtime instance in its own process (tests/integration/realtime.int.test.ts):
// Socket.IO with the PostgreSQL adapter on PORT, sharing DATABASE_URL with the test process.
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const http = createServer();
await attachRealtime(http, { adapterPool: pool });
http.listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready\n'));
process.on('SIGTERM', () => {
  http.close();
  void pool.end().finally(() => process.exit(0));
});
