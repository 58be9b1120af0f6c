import 'server-only';
import { db } from '@/server/db';

export async function checkHealth(): Promise<{ status: 'ok'; database: 'ok'; time: string }> {
  await db().$queryRaw`SELECT 1`;
  return { status: 'ok', database: 'ok', time: new Date().toISOString() };
}
