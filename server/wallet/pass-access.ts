import 'server-only';
import { AppError } from '@/lib/errors';
import {
  passTokenMatches,
  type WalletConfig,
  walletConfig,
  walletNotConfigured,
} from '@/server/tickets/wallet-pass';

// What every call of Apple's web service checks first: Wallet passes are configured here (else
// 404, as the .pkpass download answers), the pass type is ours (404), and, where Apple sends one,
// the pass's own token (401, which is what Wallet expects for a refused call).

export function walletServiceConfig(passTypeIdentifier: string): WalletConfig {
  const config = walletConfig();
  if (!config) throw walletNotConfigured();
  if (passTypeIdentifier !== config.passTypeIdentifier) {
    throw new AppError('NOT_FOUND', 'This server issues no passes of that type.');
  }
  return config;
}

/** The pass's own token, or 401. */
export function assertPassToken(authorization: string | null, serialNumber: string): void {
  if (!passTokenMatches(authorization, serialNumber)) {
    throw new AppError(
      'UNAUTHENTICATED',
      'Send the pass’s token: Authorization: ApplePass <authenticationToken>.',
    );
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A serial number is a ticket id; a valid token for anything else was never issued. */
export function ticketIdOf(serialNumber: string): string {
  if (!UUID.test(serialNumber)) throw new AppError('NOT_FOUND', 'There is no such pass.');
  return serialNumber.toLowerCase();
}
