import { createSandboxProvider } from '@/server/payments/sandbox';

// Another process (tests/integration/payments-sandbox.int.test.ts): refunds a sandbox charge made
// by the test process, through the ledger in DATABASE_URL, and prints the provider's answer.
const request = JSON.parse(process.argv[2] ?? '{}');
const result = await createSandboxProvider().refund(request);
process.stdout.write(`${JSON.stringify(result)}\n`);
const { disconnectDb } = await import('@/server/db');
await disconnectDb();
