import 'server-only';
import { DEMO_ACCOUNTS, type DemoAccount } from '@/prisma/seed-data/accounts';
import { verifyPassword } from '@/server/auth/password';
import { db } from '@/server/db';

// What the start banner may advertise. The demo accounts and their published password exist only
// where the demo data was seeded; a production database has none, and an operator may have
// changed a demo password. So: the demo accounts that exist here and still take that password.

export async function demoSignIns(): Promise<DemoAccount[]> {
  const users = await db().user.findMany({
    where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) }, deletedAt: null },
    select: { email: true, credential: { select: { passwordHash: true } } },
  });
  const live = await Promise.all(
    DEMO_ACCOUNTS.map(async (account) => {
      const user = users.find((u) => u.email === account.email);
      return user?.credential && (await verifyPassword(user.credential.passwordHash, account.password))
        ? account
        : null;
    }),
  );
  return live.filter((a): a is DemoAccount => a !== null);
}

/** Whether anyone can administer this installation yet (the banner says how to create the first). */
export async function hasAdmin(): Promise<boolean> {
  return (await db().user.count({ where: { role: 'ADMIN', deletedAt: null } })) > 0;
}
