import { LRUCache } from 'lru-cache';
import type { Namespace } from 'socket.io';
import { AppError, type ErrorBody } from '@/lib/errors';
import {
  type DashboardChange,
  type DashboardClientToServer,
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
import { dashboardRoom } from '@/server/realtime/rooms';

// The live dashboard's transport. A sale commits → the booking domain publishes its seat batch
// (seat.sold) after the commit → this tells the dashboards watching that showtime's cinema.
// Cancellations (seats released by a booking, not by a hold) count too. Room broadcasts go through
// the Socket.IO adapter, so a dashboard on another instance hears a sale committed here.

type DashboardData = SocketData & { viewer: Viewer | null };
export type DashboardNamespace = Namespace<
  DashboardClientToServer,
  DashboardServerToClient,
  Record<string, never>,
  DashboardData
>;

const MAX_WATCHED = 200;

function fail(error: unknown): { ok: false } & ErrorBody {
  return { ok: false, ...toAppError(error).toBody() };
}

/** What a committed batch means to a dashboard: a sale, a cancellation, or nothing (holds). */
export function dashboardKind(batch: SeatEventBatch): DashboardChange['kind'] | null {
  if (batch.events.some((e) => e.type === 'seat.sold')) return 'sold';
  // A booking's seats come back without a hold id; a hold's carry theirs.
  if (batch.events.some((e) => e.type === 'seat.released' && !e.holdId)) return 'cancelled';
  return null;
}

/**
 * Registers the dashboard namespace: who may connect (staff, managers and admins, the latter two
 * after 2FA), which cinemas a socket may watch (`allows`, as every admin page asks), and the fan-out
 * of committed sales. Returns the unsubscribe of the fan-out.
 */
export function registerDashboard(
  nsp: DashboardNamespace,
  readToken: (socket: Parameters<Parameters<DashboardNamespace['use']>[0]>[0]) => Promise<void>,
): () => void {
  nsp.use(async (socket, next) => {
    try {
      await readToken(socket);
      const token = socket.data.token;
      const viewer = await viewerFromToken(token);
      const staff =
        viewer && (viewer.role === 'STAFF' || viewer.role === 'MANAGER' || viewer.role === 'ADMIN');
      const strong = viewer?.role === 'STAFF' || mfaState(token) === 'done';
      if (!viewer || !staff || !strong) {
        next(new Error(viewer ? 'FORBIDDEN' : 'UNAUTHENTICATED'));
        return;
      }
      socket.data.viewer = viewer;
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
        const viewer = socket.data.viewer;
        if (!viewer || !allows(viewer, { roles: ['STAFF', 'MANAGER'], cinemaId })) {
          throw new AppError('FORBIDDEN', 'You do not work at this cinema.');
        }
        if (socket.rooms.size > MAX_WATCHED) throw new AppError('RATE_LIMITED', 'Watching too many cinemas.');
        await socket.join(dashboardRoom(cinemaId));
        ack({ ok: true });
      } catch (error) {
        ack(fail(error));
      }
    });
  });

  // The cinema of a showtime never changes (a show moves only to another screen of its cinema).
  const cinemaOf = new LRUCache<string, string>({ max: 5_000, ttl: 10 * 60_000 });
  return onSeatEvents((batch) => {
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
}
