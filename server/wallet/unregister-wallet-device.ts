import 'server-only';
import { db } from '@/server/db';
import { assertPassToken, ticketIdOf, walletServiceConfig } from '@/server/wallet/pass-access';

/** The pass was removed from the device: no more pushes for it there. Idempotent. */
export async function unregisterWalletDevice(options: {
  deviceLibraryId: string;
  passTypeId: string;
  serialNumber: string;
  authorization: string | null;
}): Promise<{ removed: boolean }> {
  walletServiceConfig(options.passTypeId);
  assertPassToken(options.authorization, options.serialNumber);
  const ticketId = ticketIdOf(options.serialNumber);
  const { count } = await db().walletRegistration.deleteMany({
    where: { deviceLibraryId: options.deviceLibraryId, ticketId, passTypeId: options.passTypeId },
  });
  return { removed: count > 0 };
}
