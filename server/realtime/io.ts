import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { z } from 'zod';
import type { RoleName } from '@/lib/schemas/auth';
import { decodeToken, tokenFromHeaders } from '@/server/auth/session';
import { log } from '@/server/log';
import { showtimeRoom } from '@/server/realtime/rooms';

// Socket.IO on the same port as Next. The web session cookie authenticates the socket (anonymous
// viewers are allowed to watch; only signed-in users may later hold seats). One room per
// showtime. The live seat protocol (snapshots, deltas, presence) builds on this.

export type SocketUser = { id: string; role: RoleName } | null;

export type SocketData = { user: SocketUser };

type G = typeof globalThis & { __marqueeIo?: Server };
const g = globalThis as G;

/** The running Socket.IO server, for code that emits after a commit. Null in scripts/tests. */
export function getIo(): Server | null {
  return g.__marqueeIo ?? null;
}

const joinSchema = z.object({ showtimeId: z.uuid() });

export function attachRealtime(httpServer: HttpServer): Server {
  const io = new Server(httpServer, {
    path: '/socket.io',
    // Next's dev server owns the other upgrade requests (hot reload); leave them alone.
    destroyUpgrade: false,
    maxHttpBufferSize: 16 * 1024,
    serveClient: false,
    cors: { origin: false },
  });

  io.use(async (socket, next) => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(socket.handshake.headers)) {
      if (typeof v === 'string') headers.set(k, v);
    }
    const authToken = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (typeof authToken === 'string') headers.set('authorization', `Bearer ${authToken}`);
    const token = await decodeToken(tokenFromHeaders(headers));
    (socket.data as SocketData).user =
      token?.sub && typeof token.role === 'string' ? { id: token.sub, role: token.role as RoleName } : null;
    next();
  });

  io.on('connection', (socket: Socket) => {
    socket.on('showtime:join', (payload: unknown, ack?: unknown) => {
      const parsed = joinSchema.safeParse(payload);
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      if (!parsed.success) {
        reply({ ok: false, error: { code: 'VALIDATION_FAILED', message: 'showtimeId must be a UUID' } });
        return;
      }
      void socket.join(showtimeRoom(parsed.data.showtimeId));
      reply({ ok: true });
    });
    socket.on('showtime:leave', (payload: unknown) => {
      const parsed = joinSchema.safeParse(payload);
      if (parsed.success) void socket.leave(showtimeRoom(parsed.data.showtimeId));
    });
  });

  io.engine.on('connection_error', (err: { code: number; message: string }) => {
    log.debug('socket connection error', { code: err.code, message: err.message });
  });

  g.__marqueeIo = io;
  return io;
}
