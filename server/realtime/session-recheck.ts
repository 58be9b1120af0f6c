import type { JWT } from 'next-auth/jwt';
import { type Viewer, viewerFromToken } from '@/server/auth/session';
import { EVERY_ACCOUNT, onAccountChange } from '@/server/events/account-events';
import { log } from '@/server/log';
import type { SocketUser } from '@/server/realtime/io';

// A socket is authenticated once, at its handshake, but it may live for hours. When an account
// changes (sessions revoked by a password change or "sign out everywhere", a role granted or
// taken, cinemas taken away, the account deleted; made on this instance or, forwarded by
// server/events/cluster.ts, on another one), each namespace that gives something only to valid
// sessions asks again, for this instance's sockets of that user, what their session is worth now.

type CheckedSocket = { data: { user: SocketUser; token: JWT | null } };

/**
 * Calls `recheck(socket, viewer)` for every socket of `sockets` that belongs to the changed user
 * (every socket when the cluster says "any account may have changed") and that `holds` something
 * worth re-checking, with the viewer its token proves now (null: no longer a session). Returns the
 * unsubscribe.
 */
export function recheckSocketsOnAccountChange<S extends CheckedSocket>(
  sockets: { values(): Iterable<S> },
  o: {
    what: string;
    holds: (socket: S) => boolean;
    recheck: (socket: S, viewer: Viewer | null) => Promise<void> | void;
  },
): () => void {
  const run = async (userId: string) => {
    for (const socket of [...sockets.values()]) {
      const user = socket.data.user;
      if (!user || (userId !== EVERY_ACCOUNT && user.id !== userId) || !o.holds(socket)) continue;
      await o.recheck(socket, await viewerFromToken(socket.data.token));
    }
  };
  return onAccountChange((userId) => {
    // After the viewer cache has forgotten the user (it listens on the same bus, subscribed first).
    setTimeout(() => {
      run(userId).catch((error: unknown) =>
        log.warn(`rechecking ${o.what} sockets failed`, { err: String(error) }),
      );
    }, 0);
  });
}
