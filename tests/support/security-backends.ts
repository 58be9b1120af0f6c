import { afterAll, beforeAll, beforeEach } from 'vitest';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { memoryStore } from '@/server/security/memory-store';
import {
  REDIS_MISSING,
  redisServerInstalled,
  startUpstashTestServer,
  type UpstashTestServer,
} from './upstash-server';

// Runs a test file's limiter, lockout and cache tests against every backend: the in-process one,
// Redis (a real redis-server behind tests/support/upstash-server.ts), and PostgreSQL (the
// kv_entries table several instances without Redis share, chosen by REALTIME_ADAPTER=postgres). Use it inside
// `describe.each(SECURITY_BACKENDS)`.
//
// Without redis-server: on a newcomer's machine (only Node), the Redis suite is skipped and says
// why, so `npm test` keeps its promise; in CI (CI or MARQUEE_REQUIRE_REDIS set, as .ci/run does)
// it fails instead, because there a missing backend must never pass as a skipped test.

const redisRequired = () => Boolean(process.env.CI || process.env.MARQUEE_REQUIRE_REDIS);

export const SECURITY_BACKENDS = ['memory', 'redis', 'postgres'] as const;
export type SecurityBackend = (typeof SECURITY_BACKENDS)[number];

export function setupSecurityBackend(backend: SecurityBackend): {
  redis: () => UpstashTestServer | undefined;
} {
  let server: UpstashTestServer | undefined;
  const skip = backend === 'redis' && !redisRequired() && !redisServerInstalled();
  beforeAll(async () => {
    if (skip) {
      console.warn(`skipping the Redis-backed tests of this file: ${REDIS_MISSING}`);
      return;
    }
    if (backend === 'postgres') process.env.REALTIME_ADAPTER = 'postgres';
    else delete process.env.REALTIME_ADAPTER;
    if (backend === 'redis') {
      server = await startUpstashTestServer();
      process.env.UPSTASH_REDIS_REST_URL = server.url;
      process.env.UPSTASH_REDIS_REST_TOKEN = server.token;
    } else {
      delete process.env.UPSTASH_REDIS_REST_URL;
      delete process.env.UPSTASH_REDIS_REST_TOKEN;
    }
    refreshEnv();
  }, 30_000);
  beforeEach(async (ctx) => {
    if (skip) ctx.skip(REDIS_MISSING);
    memoryStore().clear();
    await server?.flush();
    if (backend === 'postgres') await db().$executeRaw`DELETE FROM kv_entries`;
  });
  afterAll(async () => {
    delete process.env.REALTIME_ADAPTER;
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    refreshEnv();
    await server?.stop();
    server = undefined;
  });
  return { redis: () => server };
}
