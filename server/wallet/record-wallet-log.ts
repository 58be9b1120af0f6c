import 'server-only';
import { WALLET_LOG_MAX_CHARS, WALLET_LOG_MAX_ENTRIES } from '@/lib/schemas/wallet';
import { log } from '@/server/log';
import { limitWalletLog } from '@/server/security/limits';
import { walletNotConfigured, walletPassesEnabled } from '@/server/tickets/wallet-pass';

/**
 * Wallet reports what went wrong with our passes or web service (a pass it could not parse, a call
 * that failed). Logged at info, as Apple sends them, but bounded: anyone can post here, so at most
 * WALLET_LOG_MAX_ENTRIES messages of WALLET_LOG_MAX_CHARS characters each, control characters
 * replaced, per request, and WALLET_LOGS_PER_MINUTE requests per client address (429 past it).
 */
export async function recordWalletLog(options: {
  logs: readonly string[];
  ip: string | undefined;
}): Promise<{ logged: number }> {
  // No passes from this server: nothing Wallet could be reporting about.
  if (!walletPassesEnabled()) throw walletNotConfigured();
  await limitWalletLog(options.ip);
  const messages = options.logs
    .slice(0, WALLET_LOG_MAX_ENTRIES)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .map((m) => m.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, WALLET_LOG_MAX_CHARS));
  if (messages.length) {
    log.info('apple wallet log', {
      messages,
      ...(options.logs.length > messages.length ? { dropped: options.logs.length - messages.length } : {}),
    });
  }
  return { logged: messages.length };
}
