import { afterAll, beforeAll, beforeEach } from 'vitest';
import { refreshEnv } from '@/server/env';
import { memoryStore } from '@/server/security/memory-store';
import { startUpstashTestServer, type UpstashTestServer } from './upstash-server';

// Runs a test file's limiter, lockout and cache tests against both backends: the in-process one,
// and Redis (a real redis-server behind tests/support/upstash-server.ts). Use it inside
// `describe.each(SECURITY_BACKENDS)`. Without redis-server the Redis suite fails, by design: CI
// installs it, and a missing backend must not pass as a skipped test.

export const SECURITY_BACKENDS = ['memory', 'redis'] as const;
export type SecurityBackend = (typeof SECURITY_BACKENDS)[number];

export function setupSecurityBackend(backend: SecurityBackend): {
  redis: () => UpstashTestServer | undefined;
} {
  let server: UpstashTestServer | undefined;
  beforeAll(async () => {
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
  beforeEach(async () => {
    memoryStore().clear();
    await server?.flush();
  });
  afterAll(async () => {
    delete process.env.UPSTASH_REDIS_REST_URL;
    delete process.env.UPSTASH_REDIS_REST_TOKEN;
    refreshEnv();
    await server?.stop();
    server = undefined;
  });
  return { redis: () => server };
}
