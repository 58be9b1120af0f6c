import 'server-only';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { log } from '@/server/log';
import { backoffSeconds } from '@/server/mail/deliver-outbox';
import { walletConfig } from '@/server/tickets/wallet-pass';
import { type ApnsAnswer, type ApnsCredentials, openApnsSession } from '@/server/wallet/apns';

// Sends the queued pass-update pushes (wallet_pushes, written by the trigger that moves a ticket's
// pass_updated_at, in the transaction that changed it). Claimed the way the mail outbox is: a run
// pushes the rows' available_at out by a lease and counts the attempt, so a crashed run's rows
// come back by themselves and two runs never send one row at once. APNs answers decide:
//   200          sent
//   410          the token is no longer valid for the pass type: its registrations are deleted
//   400/404/413  the request itself is wrong (a bad token): FAILED, not retried
//   anything else, or no answer (403 certificate trouble, 429, 5xx, network): retried with the
//   mail outbox's backoff, FAILED after MAX_ATTEMPTS.

export const MAX_ATTEMPTS = 8;
const LEASE_SECONDS = 60;
const PERMANENT = new Set([400, 404, 405, 413]);
const CONCURRENCY = 10;

type Row = { id: string; push_token: string; pass_type_id: string; attempts: number };

export async function deliverWalletPushes(
  options: { limit?: number; apnsUrl?: string; ca?: string | Buffer } = {},
): Promise<{ sent: number; unregistered: number; retrying: number; failed: number }> {
  const result = { sent: 0, unregistered: 0, retrying: 0, failed: 0 };
  const config = walletConfig();
  if (!config) return result;
  // Done rows are kept a week for inspection, then dropped (a bounded batch per run).
  await db().$executeRaw`
    DELETE FROM wallet_pushes WHERE id IN (
      SELECT id FROM wallet_pushes
       WHERE status <> 'PENDING' AND created_at < now() - interval '7 days'
       LIMIT 1000)`;
  const rows = await db().$queryRaw<Row[]>`
    UPDATE wallet_pushes p
       SET available_at = now() + make_interval(secs => ${LEASE_SECONDS}), attempts = p.attempts + 1
     WHERE p.id IN (
       SELECT id FROM wallet_pushes
        WHERE status = 'PENDING' AND available_at <= now()
        ORDER BY available_at
        LIMIT ${options.limit ?? 100}
        FOR UPDATE SKIP LOCKED)
    RETURNING p.id, p.push_token, p.pass_type_id, p.attempts`;
  if (rows.length === 0) return result;
  const credentials: ApnsCredentials = {
    cert: config.certificates.signerCert,
    key: config.certificates.signerKey,
    passphrase: config.certificates.signerKeyPassphrase,
    ca: options.ca,
  };
  const session = openApnsSession(options.apnsUrl ?? env().WALLET_APNS_URL, credentials);
  try {
    // A few streams at a time: APNs raises its concurrent-stream limit only once the connection is up.
    const answers: PromiseSettledResult<ApnsAnswer>[] = [];
    for (let i = 0; i < rows.length; i += CONCURRENCY) {
      const batch = rows.slice(i, i + CONCURRENCY);
      answers.push(
        ...(await Promise.allSettled(batch.map((r) => session.push(r.push_token, r.pass_type_id)))),
      );
    }
    for (const [i, row] of rows.entries()) {
      const settled = answers[i] as PromiseSettledResult<ApnsAnswer>;
      const answer = settled.status === 'fulfilled' ? settled.value : null;
      const error =
        settled.status === 'rejected'
          ? String((settled.reason as Error)?.message ?? settled.reason)
          : `APNs ${answer?.status}${answer?.reason ? ` ${answer.reason}` : ''}`;
      if (answer?.status === 200) {
        await db().walletPush.update({
          where: { id: row.id },
          data: { status: 'SENT', sentAt: new Date(), lastError: null },
        });
        result.sent++;
      } else if (answer?.status === 410) {
        // The device no longer listens with this token (the pass or Wallet was removed).
        await db().$transaction([
          db().walletRegistration.deleteMany({
            where: { pushToken: row.push_token, passTypeId: row.pass_type_id },
          }),
          db().walletPush.update({ where: { id: row.id }, data: { status: 'SKIPPED', lastError: error } }),
        ]);
        result.unregistered++;
      } else {
        const permanent = (answer !== null && PERMANENT.has(answer.status)) || row.attempts >= MAX_ATTEMPTS;
        await db().walletPush.update({
          where: { id: row.id },
          data: permanent
            ? { status: 'FAILED', lastError: error.slice(0, 500) }
            : {
                lastError: error.slice(0, 500),
                availableAt: new Date(Date.now() + backoffSeconds(row.attempts) * 1000),
              },
        });
        if (permanent) result.failed++;
        else result.retrying++;
        log.warn('wallet push not delivered', { id: row.id, attempts: row.attempts, permanent, err: error });
      }
    }
  } finally {
    await session.close();
  }
  return result;
}
