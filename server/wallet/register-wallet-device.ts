import 'server-only';
import { AppError } from '@/lib/errors';
import { db } from '@/server/db';
import { assertPassToken, ticketIdOf, walletServiceConfig } from '@/server/wallet/pass-access';

/**
 * Wallet on a device asks to hear when a pass changes: the device's library id, its push token,
 * the pass. Registering again (a new push token after a restore) updates the token. `created`
 * tells Apple's 201 from its 200.
 */
export async function registerWalletDevice(options: {
  deviceLibraryId: string;
  passTypeId: string;
  serialNumber: string;
  pushToken: string;
  authorization: string | null;
}): Promise<{ created: boolean }> {
  walletServiceConfig(options.passTypeId);
  assertPassToken(options.authorization, options.serialNumber);
  const ticketId = ticketIdOf(options.serialNumber);
  // One statement on the unique (device, ticket): two registrations racing end as one row. xmax is
  // 0 on a row this statement inserted, and the updating transaction's id on one it updated.
  const rows = await db().$queryRaw<{ created: boolean }[]>`
    INSERT INTO wallet_registrations (device_library_id, push_token, pass_type_id, ticket_id)
    SELECT ${options.deviceLibraryId}, ${options.pushToken}, ${options.passTypeId}, t.id
      FROM tickets t WHERE t.id = ${ticketId}::uuid
    ON CONFLICT (device_library_id, ticket_id)
      DO UPDATE SET push_token = EXCLUDED.push_token, pass_type_id = EXCLUDED.pass_type_id, updated_at = now()
    RETURNING (xmax = 0) AS created`;
  const row = rows[0];
  if (!row) throw new AppError('NOT_FOUND', 'There is no such pass.');
  return { created: row.created };
}
