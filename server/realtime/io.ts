import type { Server as HttpServer } from 'node:http';
import type { JWT } from 'next-auth/jwt';
import type pg from 'pg';
import { Server } from 'socket.io';
import { DASHBOARD_NAMESPACE } from '@/lib/realtime-dashboard';
import { SEATS_NAMESPACE, type SeatsClientToServer, type SeatsServerToClient } from '@/lib/realtime-protocol';
import type { RoleName } from '@/lib/schemas/auth';
import { decodeToken, tokenFromHeaders } from '@/server/auth/session';
import { EVERY_SHOWTIME, onSeatEvents, onSeatsChanged } from '@/server/events/seat-events';
import { log } from '@/server/log';
import { type DashboardNamespace, registerDashboard } from '@/server/realtime/dashboard';
import { showtimeRoom } from '@/server/realtime/rooms';
import { registerSeatHandlers } from '@/server/realtime/seats';
import { relayWaitlistOffers } from '@/server/realtime/waitlist';

// Socket.IO on the same port as Next. The web session cookie (or a bearer token in the handshake's
// `auth.token`, for API clients) authenticates the socket; anonymous viewers may watch. With
// several app instances, the PostgreSQL adapter carries every room broadcast to all of them.

export type SocketUser = { id: string; role: RoleName } | null;
export type SocketData = { user: SocketUser; token: JWT | null };

/** Between app instances (through the cluster adapter): how many viewers of a showtime each has. */
export type SeatsServerSide = {
  'presence:count': (showtimeId: string, ack: (viewers: number) => void) => void;
};

export type SeatsServer = Server<SeatsClientToServer, SeatsServerToClient, SeatsServerSide, SocketData>;

const unsubscribers = new WeakMap<SeatsServer, () => void>();

/** The session cookie, or a bearer token in the handshake's `auth.token`, decoded onto the socket. */
async function readSocketToken(socket: {
  handshake: { headers: Record<string, string | string[] | undefined>; auth: unknown };
  data: Partial<SocketData>;
}): Promise<void> {
  const headers = new Headers();
  for (const [k, v] of Object.entries(socket.handshake.headers)) if (typeof v === 'string') headers.set(k, v);
  const authToken = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof authToken === 'string') headers.set('authorization', `Bearer ${authToken}`);
  const token = await decodeToken(tokenFromHeaders(headers));
  socket.data.token = token;
  socket.data.user =
    token?.sub && typeof token.role === 'string' ? { id: token.sub, role: token.role as RoleName } : null;
}

export async function attachRealtime(
  httpServer: HttpServer,
  options: { adapterPool?: pg.Pool } = {},
): Promise<SeatsServer> {
  const io: SeatsServer = new Server(httpServer, {
    path: '/socket.io',
    // Next's dev server owns the other upgrade requests (hot reload): leave them alone.
    destroyUpgrade: false,
    // Every message this protocol accepts is tiny; a bigger one closes only its own connection.
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    cors: { origin: false },
    pingInterval: 20_000,
    pingTimeout: 20_000,
  });
  if (options.adapterPool) {
    const { createAdapter } = await import('@socket.io/postgres-adapter');
    io.adapter(
      createAdapter(options.adapterPool, {
        errorHandler: (err) => log.error('socket.io postgres adapter error', { err: err.message }),
      }),
    );
  }

  const seats = io.of(SEATS_NAMESPACE);
  seats.use(async (socket, next) => {
    await readSocketToken(socket);
    next();
  });
  registerSeatHandlers(seats);
  // Staff-only: the namespace's own middleware refuses customers and strangers.
  const stopDashboard = registerDashboard(
    io.of(DASHBOARD_NAMESPACE) as unknown as DashboardNamespace,
    readSocketToken,
  );
  // Committed seat changes go to the showtime's room (to every instance's viewers, through the
  // adapter when several run). The booking domain publishes; it never imports this module.
  const unsubscribe = onSeatEvents((batch) => {
    seats.to(showtimeRoom(batch.showtimeId)).emit('seats:delta', batch);
  });
  // The database recovered from a crash (server/db/recovery-watch.ts; each instance hears it
  // itself or through the cluster): versions viewers hold may be handed out again, so each takes a
  // fresh snapshot. To this instance's sockets only: every instance tells its own.
  const stopResync = onSeatsChanged((showtimeId) => {
    if (showtimeId === EVERY_SHOWTIME) seats.local.emit('seats:resync');
  });
  // A waitlist offer or a new place in line goes to its waiter's sockets only (rooms joined after
  // a session check).
  const stopOffers = relayWaitlistOffers(seats);
  unsubscribers.set(io, () => {
    unsubscribe();
    stopResync();
    stopOffers();
    stopDashboard();
  });

  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.debug('socket connection error', { code: err.code, message: err.message });
  });

  return io;
}

/** Stops fanning out seat changes, then closes every connection (and the HTTP server). */
export async function closeRealtime(io: SeatsServer): Promise<void> {
  unsubscribers.get(io)?.();
  unsubscribers.delete(io);
  await io.close();
}
