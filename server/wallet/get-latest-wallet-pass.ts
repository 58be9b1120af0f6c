import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/server/db';
import { passWebService, renderTicketPass } from '@/server/tickets/wallet-pass';
import { assertPassToken, ticketIdOf, walletServiceConfig } from '@/server/wallet/pass-access';

export type LatestWalletPass =
  | { notModified: true; lastModified: Date | null }
  | { notModified: false; pass: Buffer; lastModified: Date | null };

/**
 * The pass as it stands now, for a device that holds it (its token is the right to it: whoever
 * has the pass already has everything it shows). A cancelled ticket's pass comes back voided.
 *
 * HTTP dates have whole seconds; pass_updated_at has milliseconds. Last-Modified is the change's
 * time rounded up to the second, and is only given once that second has passed on the database's
 * clock: a device holding `If-Modified-Since: T` then fetched at or after T, so any later change
 * is after T too and is never answered 304. (Rounded down, a second change within the same second
 * as a fetch would be.)
 */
export async function getLatestWalletPass(options: {
  passTypeId: string;
  serialNumber: string;
  authorization: string | null;
  ifModifiedSince: string | null;
}): Promise<LatestWalletPass> {
  const config = walletServiceConfig(options.passTypeId);
  assertPassToken(options.authorization, options.serialNumber);
  const ticketId = ticketIdOf(options.serialNumber);
  const [row] = await db().$queryRaw<{ last_modified: Date; settled: boolean }[]>`
    SELECT date_trunc('second', pass_updated_at + interval '999 milliseconds') AS last_modified,
           date_trunc('second', pass_updated_at + interval '999 milliseconds') <= clock_timestamp() AS settled
      FROM tickets WHERE id = ${ticketId}::uuid`;
  if (!row) throw new AppError('NOT_FOUND', 'There is no such pass.');
  const lastModified = row.settled ? row.last_modified : null;
  const since = options.ifModifiedSince ? Date.parse(options.ifModifiedSince) : Number.NaN;
  if (!Number.isNaN(since) && row.last_modified.getTime() <= since) {
    return { notModified: true, lastModified };
  }
  const rendered = await renderTicketPass({ ticketId, config, webService: passWebService(ticketId) });
  if (!rendered) throw new AppError('NOT_FOUND', 'There is no such pass.');
  return { notModified: false, pass: rendered.pass, lastModified };
}
