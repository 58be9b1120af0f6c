import type { Namespace, Socket } from 'socket.io';
import type { z } from 'zod';
import { AppError, type ErrorBody } from '@/lib/errors';
import {
  type SeatsClientToServer,
  type SeatsServerToClient,
  showtimeRefSchema,
} from '@/lib/realtime-protocol';
import { getSeatMap } from '@/server/booking/get-seat-map';
import { toAppError } from '@/server/http/errors';
import { log } from '@/server/log';
import type { SeatsServerSide, SocketData } from '@/server/realtime/io';
import { showtimeRoom } from '@/server/realtime/rooms';
import { watchWaitlist } from '@/server/realtime/waitlist';

type SeatsNamespace = Namespace<SeatsClientToServer, SeatsServerToClient, SeatsServerSide, SocketData>;
type SeatsSocket = Socket<SeatsClientToServer, SeatsServerToClient, SeatsServerSide, SocketData>;

const MAX_ROOMS_PER_SOCKET = 4;
// Token bucket per socket: a person clicking seats never comes near it; a script does.
const BUCKET_SIZE = 20;
const REFILL_PER_SECOND = 10;
const STRIKES_BEFORE_DISCONNECT = 50;
const PRESENCE_EVERY_MS = 1_000;

function fail(error: unknown): { ok: false } & ErrorBody {
  return { ok: false, ...toAppError(error).toBody() };
}

function bucket() {
  let tokens = BUCKET_SIZE;
  let at = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(BUCKET_SIZE, tokens + ((now - at) / 1000) * REFILL_PER_SECOND);
    at = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

/**
 * Viewer counts per showtime, broadcast at most once a second per room (across instances).
 * Each instance counts its own room members and, when there are others, asks them for theirs
 * with one small server-side message: fetchSockets() would ship every remote socket's details
 * through the adapter on every join, which at a thousand viewers costs more than the seat
 * deltas themselves. The other instances' total is asked at most once a second per showtime.
 */
function presenceBroadcaster(nsp: SeatsNamespace) {
  const pending = new Map<string, NodeJS.Timeout>();
  const remote = new Map<string, { at: number; viewers: Promise<number> }>();
  const local = (showtimeId: string) => nsp.adapter.rooms.get(showtimeRoom(showtimeId))?.size ?? 0;
  nsp.on('presence:count', (showtimeId, ack) => ack(local(showtimeId)));
  const askOthers = async (showtimeId: string): Promise<number> => {
    if ((await nsp.adapter.serverCount()) <= 1) return 0;
    // The adapter gives up on instances that do not answer within its request timeout.
    const counts: number[] = await nsp.serverSideEmitWithAck('presence:count', showtimeId);
    return counts.reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
  };
  const count = async (showtimeId: string): Promise<number> => {
    let cached = remote.get(showtimeId);
    if (!cached || Date.now() - cached.at >= PRESENCE_EVERY_MS) {
      cached = { at: Date.now(), viewers: askOthers(showtimeId).catch(() => 0) };
      remote.set(showtimeId, cached);
    }
    return local(showtimeId) + (await cached.viewers);
  };
  const broadcast = async (showtimeId: string) => {
    pending.delete(showtimeId);
    const viewers = await count(showtimeId);
    if (local(showtimeId) === 0) remote.delete(showtimeId);
    nsp.to(showtimeRoom(showtimeId)).emit('seats:presence', { showtimeId, viewers });
  };
  return {
    touch(showtimeId: string) {
      if (pending.has(showtimeId)) return;
      pending.set(
        showtimeId,
        setTimeout(() => {
          broadcast(showtimeId).catch((e: unknown) =>
            log.warn('presence broadcast failed', { err: String(e) }),
          );
        }, PRESENCE_EVERY_MS),
      );
    },
    count,
  };
}

export function registerSeatHandlers(nsp: SeatsNamespace): void {
  const presence = presenceBroadcaster(nsp);

  nsp.on('connection', (socket: SeatsSocket) => {
    const take = bucket();
    let strikes = 0;
    const joined = new Set<string>();

    // Every handler goes through here: rate limit, ack present, payload valid. A bad message is
    // answered (or dropped when there is no ack) and never disturbs other sockets.
    function handle<S extends z.ZodType, R>(
      schema: S,
      payload: unknown,
      ack: unknown,
      run: (input: z.output<S>) => Promise<R>,
    ): void {
      const reply = typeof ack === 'function' ? (ack as (r: unknown) => void) : () => {};
      if (!take()) {
        strikes++;
        if (strikes >= STRIKES_BEFORE_DISCONNECT) socket.disconnect(true);
        reply(fail(new AppError('RATE_LIMITED', 'Too many messages; slow down.', { retryAfter: 1 })));
        return;
      }
      const parsed = schema.safeParse(payload);
      if (!parsed.success) {
        reply(fail(parsed.error));
        return;
      }
      run(parsed.data).then(reply, (error: unknown) => reply(fail(error)));
    }

    socket.on('seats:join', (payload, ack) =>
      handle(showtimeRefSchema, payload, ack, async ({ showtimeId }) => {
        if (!joined.has(showtimeId) && joined.size >= MAX_ROOMS_PER_SOCKET) {
          throw new AppError(
            'BAD_REQUEST',
            `Watch at most ${MAX_ROOMS_PER_SOCKET} showtimes per connection.`,
          );
        }
        // Join first, then read: no delta committed after the snapshot can be missed.
        await socket.join(showtimeRoom(showtimeId));
        joined.add(showtimeId);
        try {
          const { map } = await getSeatMap(showtimeId, socket.data.user?.id);
          presence.touch(showtimeId);
          return { ok: true as const, snapshot: map, viewers: await presence.count(showtimeId) };
        } catch (error) {
          await socket.leave(showtimeRoom(showtimeId));
          joined.delete(showtimeId);
          throw error;
        }
      }),
    );

    socket.on('seats:leave', (payload) =>
      handle(showtimeRefSchema, payload, undefined, async ({ showtimeId }) => {
        await socket.leave(showtimeRoom(showtimeId));
        joined.delete(showtimeId);
        presence.touch(showtimeId);
      }),
    );

    socket.on('seats:sync', (payload, ack) =>
      handle(showtimeRefSchema, payload, ack, async ({ showtimeId }) => {
        const { map } = await getSeatMap(showtimeId, socket.data.user?.id);
        return { ok: true as const, snapshot: map };
      }),
    );

    // The signed-in viewer's own waitlist place for a showtime, then its offers as they are made.
    socket.on('waitlist:watch', (payload, ack) =>
      handle(showtimeRefSchema, payload, ack, ({ showtimeId }) => watchWaitlist(socket, showtimeId)),
    );

    socket.on('disconnect', () => {
      for (const showtimeId of joined) presence.touch(showtimeId);
    });
  });
}
