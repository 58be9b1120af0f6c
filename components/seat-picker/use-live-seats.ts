'use client';

import { useEffect, useRef, useState } from 'react';
import {
  acquireSeatsSocket,
  releaseSeatsSocket,
  type SeatsSocket,
  whenConnected,
} from '@/components/seat-picker/seats-socket';
import { LiveSeatMap, type LiveSeatState } from '@/lib/live-seat-map';
import type { JoinAck, Presence, SyncAck } from '@/lib/realtime-protocol';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { RowVersions, SeatEventBatch } from '@/lib/seat-events';

// Keeps a live copy of a showtime's seat states: joins the showtime's room, starts from the
// server's snapshot, applies each delta in version order (per row of seats), and resyncs from a
// fresh snapshot on a version gap or a reconnect, so nothing is shown stale for longer than one
// round trip.

export type LiveSeats = {
  states: ReadonlyMap<string, LiveSeatState>;
  versions: RowVersions;
  viewers: number | null;
  connected: boolean;
  /** Seat id → time (ms) its state last changed live, for a brief highlight. */
  changedAt: ReadonlyMap<string, number>;
  /** The snapshot's view of the caller's own hold (on first load and after each resync). */
  myHold: MyHold | null;
};

/** Window event: the server made or changed a hold for this viewer (e.g. a waitlist offer). */
export const MY_HOLD_CHANGED = 'marquee:my-hold-changed';
export type MyHold = NonNullable<SeatMap['myHold']> & { versions: RowVersions };

const myHoldOf = (snapshot: SeatMap): MyHold | null =>
  snapshot.myHold ? { ...snapshot.myHold, versions: snapshot.versions } : null;

export function useLiveSeats(showtimeId: string, initial: SeatMap): LiveSeats {
  const mapRef = useRef<LiveSeatMap>(new LiveSeatMap(initial));
  const changedRef = useRef(new Map<string, number>());
  const [, setTick] = useState(0);
  const [viewers, setViewers] = useState<number | null>(null);
  const [connected, setConnected] = useState(false);
  const [myHold, setMyHold] = useState(() => myHoldOf(initial));

  useEffect(() => {
    const map = mapRef.current;
    const rerender = () => setTick((t) => t + 1);
    // Shared with the waitlist panel on the same page (its offers come over this connection).
    const socket: SeatsSocket = acquireSeatsSocket();
    let syncing = false;
    // Deltas that arrive while a snapshot is on its way are kept and replayed on top of it.
    let pending: SeatEventBatch[] = [];

    const markChanges = (before: Map<string, LiveSeatState>) => {
      const now = Date.now();
      for (const [id, state] of map.states) if (before.get(id) !== state) changedRef.current.set(id, now);
    };

    const adopt = (snapshot: SeatMap) => {
      const before = new Map(map.states);
      map.reset(snapshot);
      for (const batch of pending) map.apply(batch);
      pending = [];
      markChanges(before);
      setMyHold(myHoldOf(snapshot));
      rerender();
    };

    const resync = () => {
      if (syncing) return;
      syncing = true;
      socket.emit('seats:sync', { showtimeId }, (r: SyncAck) => {
        syncing = false;
        if (r.ok) adopt(r.snapshot);
      });
    };

    // (Re)join on every connect: after a reconnect the room membership is gone.
    const stopJoining = whenConnected(socket, () => {
      setConnected(true);
      syncing = true;
      socket.emit('seats:join', { showtimeId }, (r: JoinAck) => {
        syncing = false;
        if (!r.ok) return;
        setViewers(r.viewers);
        adopt(r.snapshot);
      });
    });
    const onDisconnect = () => setConnected(false);
    const onPresence = (p: Presence) => {
      if (p.showtimeId === showtimeId) setViewers(p.viewers);
    };
    const onDelta = (batch: SeatEventBatch) => {
      if (batch.showtimeId !== showtimeId) return;
      if (syncing) {
        pending.push(batch);
        return;
      }
      const before = new Map(map.states);
      const result = map.apply(batch);
      if (result === 'gap') {
        pending.push(batch);
        resync();
        return;
      }
      if (result === 'applied') {
        markChanges(before);
        rerender();
      }
    };
    socket.on('disconnect', onDisconnect);
    socket.on('seats:presence', onPresence);
    socket.on('seats:delta', onDelta);
    socket.on('seats:resync', resync);

    window.addEventListener(MY_HOLD_CHANGED, resync);
    return () => {
      window.removeEventListener(MY_HOLD_CHANGED, resync);
      stopJoining();
      socket.off('disconnect', onDisconnect);
      socket.off('seats:presence', onPresence);
      socket.off('seats:delta', onDelta);
      socket.off('seats:resync', resync);
      socket.emit('seats:leave', { showtimeId });
      releaseSeatsSocket(socket);
    };
  }, [showtimeId]);

  const map = mapRef.current;
  return {
    states: map.states,
    versions: map.versions,
    viewers,
    connected,
    changedAt: changedRef.current,
    myHold,
  };
}
