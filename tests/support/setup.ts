import { afterAll, inject } from 'vitest';

// Runs in every test worker before its test files: point the app's modules at this run's
// database, with a fixed test secret.
process.env.DATABASE_URL = inject('databaseUrl');
process.env.AUTH_SECRET ??= 'test-secret-0123456789abcdef0123456789abcdef';
process.env.NEXTAUTH_SECRET = process.env.AUTH_SECRET;
process.env.DATABASE_POOL_SIZE ??= '30';
// Tests provoke errors on purpose; set LOG_LEVEL=debug to see the app's logs while debugging.
process.env.LOG_LEVEL ??= 'silent';

afterAll(async () => {
  const { disconnectDb } = await import('@/server/db');
  await disconnectDb();
});
