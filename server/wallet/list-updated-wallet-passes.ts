import 'server-only';
import { db } from '@/server/db';
import { walletServiceConfig } from '@/server/wallet/pass-access';

/**
 * The serial numbers of a device's passes that changed since the tag it was last given (all of
 * them without one), and the new tag; null when none did (Apple's 204). Apple sends no pass token
 * here: the device library id is the secret, known only to the device and to this server.
 *
 * The tag is the newest change's tickets.pass_updated_at in epoch milliseconds (the column's
 * precision, so `>` on it is exact). That time is taken inside the changing transaction, before it
 * commits: a listing that runs in the few milliseconds between could give a tag past a change it
 * cannot yet see. The push for that change is sent after its commit, so the device only misses it
 * if it happened to list in that window for another pass's push.
 */
export async function listUpdatedWalletPasses(options: {
  deviceLibraryId: string;
  passTypeId: string;
  passesUpdatedSince?: string;
}): Promise<{ serialNumbers: string[]; lastUpdated: string } | null> {
  walletServiceConfig(options.passTypeId);
  const since = options.passesUpdatedSince ?? null;
  const rows = await db().$queryRaw<{ serial: string; updated_ms: string }[]>`
    SELECT t.id::text AS serial,
           floor(extract(epoch FROM t.pass_updated_at) * 1000)::bigint::text AS updated_ms
      FROM wallet_registrations r JOIN tickets t ON t.id = r.ticket_id
     WHERE r.device_library_id = ${options.deviceLibraryId} AND r.pass_type_id = ${options.passTypeId}
       AND (${since}::bigint IS NULL OR floor(extract(epoch FROM t.pass_updated_at) * 1000)::bigint > ${since}::bigint)
     ORDER BY t.pass_updated_at, t.id`;
  if (rows.length === 0) return null;
  const lastUpdated = rows.reduce((max, r) => (BigInt(r.updated_ms) > BigInt(max) ? r.updated_ms : max), '0');
  return { serialNumbers: rows.map((r) => r.serial), lastUpdated };
}
