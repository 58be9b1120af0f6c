import type { Namespace, Socket } from 'socket.io';
import { AppError } from '@/lib/errors';
import type { SeatsClientToServer, SeatsServerToClient, WaitlistWatchAck } from '@/lib/realtime-protocol';
import { viewerFromToken } from '@/server/auth/session';
import { onWaitlistOffer, onWaitlistPlaces } from '@/server/events/waitlist-events';
import type { SeatsServerSide, SocketData } from '@/server/realtime/io';
import { waitlistRoom } from '@/server/realtime/rooms';
import { recheckSocketsOnAccountChange } from '@/server/realtime/session-recheck';
import { getWaitlistEntry } from '@/server/waitlist/get-waitlist-entry';

// Waitlist offers pushed over the seat map's own socket (namespace /seats), instead of the page
// polling for them. A signed-in page asks `waitlist:watch` for its showtime on every (re)connect:
// the socket joins that user's room for the showtime, then reads the entry once (join first, then
// read, as seats:join does, so an offer made in between is never missed) and answers it, which is
// the catch-up after a reconnect. From then on the offer engine's commit reaches the page as
// `waitlist:offer`, through the PostgreSQL adapter when the page is connected to another instance,
// and a waiter's place in line, when it moves, as `waitlist:position` the same way.

type SeatsSocket = Socket<SeatsClientToServer, SeatsServerToClient, SeatsServerSide, SocketData>;
type SeatsNamespace = Namespace<SeatsClientToServer, SeatsServerToClient, SeatsServerSide, SocketData>;

/** A socket may follow its own waitlist on this many showtimes (a page follows one). */
const MAX_WATCHED = 4;

export async function watchWaitlist(
  socket: SeatsSocket,
  showtimeId: string,
): Promise<Extract<WaitlistWatchAck, { ok: true }>> {
  // The session as every request checks it: the cookie or bearer token read at the handshake,
  // still valid now (not revoked by a password change, second factor done). The room is named
  // after the user the session proves, never after anything the client sent.
  const viewer = await viewerFromToken(socket.data.token);
  if (!viewer) throw new AppError('UNAUTHENTICATED', 'Sign in to follow your waitlist place.');
  const room = waitlistRoom(showtimeId, viewer.id);
  const watched = [...socket.rooms].filter((r) => r.startsWith('waitlist:'));
  if (!watched.includes(room) && watched.length >= MAX_WATCHED) {
    throw new AppError('BAD_REQUEST', `Follow at most ${MAX_WATCHED} waitlists per connection.`);
  }
  await socket.join(room);
  return { ok: true, entry: await getWaitlistEntry({ userId: viewer.id, showtimeId }) };
}

/**
 * Tells each offer, and each new place in line, to its own waiter's sockets, on every instance
 * (each waiter's room gets their own place and nobody else's); and when an account changes (a
 * password change or "sign out everywhere" revokes its sessions; heard here for changes made on
 * any instance), checks this instance's sockets of that user again: a socket whose session no
 * longer holds leaves every waitlist room at once. Returns the unsubscribe.
 */
export function relayWaitlistOffers(nsp: SeatsNamespace): () => void {
  const stopOffers = onWaitlistOffer(({ userId, entry }) => {
    nsp.to(waitlistRoom(entry.showtimeId, userId)).emit('waitlist:offer', entry);
  });
  const stopPlaces = onWaitlistPlaces(({ showtimeId, places }) => {
    for (const { userId, entryId, position } of places) {
      nsp.to(waitlistRoom(showtimeId, userId)).emit('waitlist:position', { showtimeId, entryId, position });
    }
  });
  const isWaitlistRoom = (r: string) => r.startsWith('waitlist:');
  const stopAccounts = recheckSocketsOnAccountChange(nsp.sockets, {
    what: 'waitlist',
    holds: (socket) => [...socket.rooms].some(isWaitlistRoom),
    recheck: async (socket, viewer) => {
      if (viewer) return;
      for (const room of [...socket.rooms].filter(isWaitlistRoom)) await socket.leave(room);
    },
  });
  return () => {
    stopOffers();
    stopPlaces();
    stopAccounts();
  };
}
