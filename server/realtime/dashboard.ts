import { LRUCache } from 'lru-cache';
import type { JWT } from 'next-auth/jwt';
import type { Namespace } from 'socket.io';
import { AppError, type ErrorBody } from '@/lib/errors';
import {
  type DashboardChange,
  type DashboardClientToServer,
  type DashboardEnded,
  type DashboardServerToClient,
  dashboardWatchSchema,
} from '@/lib/realtime-dashboard';
import type { SeatEventBatch } from '@/lib/seat-events';
import { allows, mfaState, type Viewer, viewerFromToken } from '@/server/auth/session';
import { db } from '@/server/db';
import { onSeatEvents } from '@/server/events/seat-events';
import { toAppError } from '@/server/http/errors';
import { log } from '@/server/log';
import type { SocketData } from '@/server/realtime/io';
import { cinemaOfDashboardRoom, dashboardRoom } from '@/server/realtime/rooms';
import { recheckSocketsOnAccountChange } from '@/server/realtime/session-recheck';

// The live dashboard's transport. A sale commits → the booking domain publishes its seat batch
// (seat.sold) after the commit → this tells the dashboards watching that showtime's cinema.
// Cancellations (seats released by a booking, not by a hold) count too. Room broadcasts go through
// the Socket.IO adapter, so a dashboard on another instance hears a sale committed here.

export type DashboardNamespace = Namespace<
  DashboardClientToServer,
  DashboardServerToClient,
  Record<string, never>,
  SocketData
>;

const MAX_WATCHED = 200;

function fail(error: unknown): { ok: false } & ErrorBody {
  return { ok: false, ...toAppError(error).toBody() };
}

/**
 * Who may hold a dashboard socket at all: staff, and managers and admins whose session passed the
 * second factor (as the admin area asks). Asked at the handshake and again whenever the account
 * changes; the account's role now decides, never the token's claim.
 */
function refusal(viewer: Viewer | null, token: JWT | null): DashboardEnded['code'] | null {
  if (!viewer) return 'UNAUTHENTICATED';
  const staff = viewer.role === 'STAFF' || viewer.role === 'MANAGER' || viewer.role === 'ADMIN';
  const strong = viewer.role === 'STAFF' || mfaState(token) === 'done';
  return staff && strong ? null : 'FORBIDDEN';
}

/** May this viewer watch this cinema's sales (as every admin page asks)? */
function mayWatch(viewer: Viewer, cinemaId: string): boolean {
  return allows(viewer, { roles: ['STAFF', 'MANAGER'], cinemaId });
}

const ENDED_MESSAGE: Record<DashboardEnded['code'], string> = {
  UNAUTHENTICATED: 'You have been signed out (this session ended). Sign in again to see live sales.',
  FORBIDDEN: 'Your account may no longer see these sales.',
};

/** What a committed batch means to a dashboard: a sale, a cancellation, or nothing (holds). */
export function dashboardKind(batch: SeatEventBatch): DashboardChange['kind'] | null {
  if (batch.events.some((e) => e.type === 'seat.sold')) return 'sold';
  // A booking's seats come back without a hold id; a hold's carry theirs.
  if (batch.events.some((e) => e.type === 'seat.released' && !e.holdId)) return 'cancelled';
  return null;
}

/**
 * Registers the dashboard namespace: who may connect (staff, managers and admins, the latter two
 * after 2FA), which cinemas a socket may watch (`allows`, as every admin page asks), the fan-out
 * of committed sales, and the re-check of connected sockets when their account changes. Returns
 * the unsubscribe.
 */
export function registerDashboard(
  nsp: DashboardNamespace,
  readToken: (socket: Parameters<Parameters<DashboardNamespace['use']>[0]>[0]) => Promise<void>,
): () => void {
  nsp.use(async (socket, next) => {
    try {
      await readToken(socket);
      const refused = refusal(await viewerFromToken(socket.data.token), socket.data.token);
      if (refused) {
        next(new Error(refused));
        return;
      }
      next();
    } catch (error) {
      log.warn('dashboard socket refused', { err: String(error) });
      next(new Error('UNAVAILABLE'));
    }
  });
  nsp.on('connection', (socket) => {
    socket.on('dashboard:watch', async (payload, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const { cinemaId } = dashboardWatchSchema.parse(payload);
        // The session as it is now, not as it was at the handshake.
        const check = async () => {
          const viewer = await viewerFromToken(socket.data.token);
          const refused = refusal(viewer, socket.data.token);
          if (refused) throw new AppError(refused, ENDED_MESSAGE[refused]);
          if (!viewer || !mayWatch(viewer, cinemaId)) {
            throw new AppError('FORBIDDEN', 'You do not work at this cinema.');
          }
        };
        await check();
        if (socket.rooms.size > MAX_WATCHED) throw new AppError('RATE_LIMITED', 'Watching too many cinemas.');
        const room = dashboardRoom(cinemaId);
        await socket.join(room);
        // An account change between the check and the join may have been re-checked before this
        // socket was in the room: check once more now that it is.
        await check().catch(async (error: unknown) => {
          await socket.leave(room);
          throw error;
        });
        ack({ ok: true });
      } catch (error) {
        ack(fail(error));
      }
    });
  });

  // A session revoked, or a manager demoted or taken off a cinema, stops hearing its sales at once
  // (on whichever instance the socket is): it leaves the rooms it may no longer watch, is told
  // why, and is disconnected when none is left.
  const stopAccounts = recheckSocketsOnAccountChange(nsp.sockets, {
    what: 'dashboard',
    holds: () => true,
    recheck: async (socket, viewer) => {
      const watched = [...socket.rooms].map(cinemaOfDashboardRoom).filter((id): id is string => id !== null);
      const refused = refusal(viewer, socket.data.token);
      const lost = refused || !viewer ? watched : watched.filter((id) => !mayWatch(viewer, id));
      if (!refused && lost.length === 0) return;
      for (const cinemaId of lost) await socket.leave(dashboardRoom(cinemaId));
      const code = refused ?? 'FORBIDDEN';
      socket.emit('dashboard:ended', { code, message: ENDED_MESSAGE[code], cinemaIds: lost });
      if (refused || lost.length === watched.length) socket.disconnect();
    },
  });

  // The cinema of a showtime never changes (a show moves only to another screen of its cinema).
  const cinemaOf = new LRUCache<string, string>({ max: 5_000, ttl: 10 * 60_000 });
  const stopSales = onSeatEvents((batch) => {
    const kind = dashboardKind(batch);
    if (!kind) return;
    void (async () => {
      let cinemaId = cinemaOf.get(batch.showtimeId);
      if (!cinemaId) {
        const show = await db().showtime.findUnique({
          where: { id: batch.showtimeId },
          select: { screen: { select: { cinemaId: true } } },
        });
        if (!show) return;
        cinemaId = show.screen.cinemaId;
        cinemaOf.set(batch.showtimeId, cinemaId);
      }
      const change: DashboardChange = {
        cinemaId,
        showtimeId: batch.showtimeId,
        kind,
        committedAt: batch.committedAt,
      };
      nsp.to(dashboardRoom(cinemaId)).emit('dashboard:changed', change);
    })().catch((error) => log.error('dashboard fan-out failed', { err: String(error) }));
  });
  return () => {
    stopSales();
    stopAccounts();
  };
}
