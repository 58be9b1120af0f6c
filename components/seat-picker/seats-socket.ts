'use client';

import { io, type Socket } from 'socket.io-client';
import { SEATS_NAMESPACE, type SeatsClientToServer, type SeatsServerToClient } from '@/lib/realtime-protocol';

// One connection to namespace /seats per page, shared by whoever needs it: the seat map's live
// seats and the waitlist panel's offers ride the same socket. (Two `io('/seats')` calls would open
// two connections: socket.io-client starts a new one for a namespace that is already open.) The
// last user to let go closes it.

export type SeatsSocket = Socket<SeatsServerToClient, SeatsClientToServer>;

let shared: { socket: SeatsSocket; users: number } | null = null;

/** The page's /seats socket, opened on first use; give it back with `releaseSeatsSocket`. */
export function acquireSeatsSocket(): SeatsSocket {
  if (!shared) {
    const socket: SeatsSocket = io(SEATS_NAMESPACE, {
      transports: ['websocket', 'polling'],
      withCredentials: true,
    });
    shared = { socket, users: 0 };
  }
  shared.users++;
  return shared.socket;
}

export function releaseSeatsSocket(socket: SeatsSocket): void {
  if (!shared || shared.socket !== socket) return;
  shared.users--;
  if (shared.users === 0) {
    shared = null;
    socket.close();
  }
}

/**
 * Runs `onConnect` now if the socket is already connected, and again on every (re)connect: room
 * memberships do not survive a reconnect, so each user re-joins what it follows. Returns the
 * function that stops it.
 */
export function whenConnected(socket: SeatsSocket, onConnect: () => void): () => void {
  socket.on('connect', onConnect);
  if (socket.connected) onConnect();
  return () => {
    socket.off('connect', onConnect);
  };
}
