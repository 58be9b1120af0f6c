import 'server-only';
import { EventEmitter } from 'node:events';
import { log } from '@/server/log';
import { singleton } from '@/server/singleton';

// The bus for changes to who someone is allowed to be: a role granted or revoked, a password
// changed (sessions revoked), an account deleted or its email changed. Published after the
// transaction commits; the viewer cache (server/auth/session.ts) forgets the user at once, on this
// instance and, through server/events/cluster.ts, on every other one. Without it another instance
// kept serving a revoked manager for up to its cache's 5 s.

/** Sent for "any account may have changed" (a cluster connection that dropped and came back). */
export const EVERY_ACCOUNT = '*';

type Listener = (userId: string, origin: 'local' | 'remote') => void;

const bus = singleton('account-events', () => new EventEmitter().setMaxListeners(100));

/** `origin` is 'remote' only for a change another instance made. */
export function publishAccountChange(userId: string, origin: 'local' | 'remote' = 'local'): void {
  for (const listener of bus.listeners('change') as Listener[]) {
    try {
      listener(userId, origin);
    } catch (error) {
      log.error('an account change subscriber failed', { err: String(error) });
    }
  }
}

export function onAccountChange(listener: Listener): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
