'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import {
  acquireSeatsSocket,
  releaseSeatsSocket,
  type SeatsSocket,
  whenConnected,
} from '@/components/seat-picker/seats-socket';
import type { WaitlistPosition, WaitlistWatchAck } from '@/lib/realtime-protocol';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';

// The signed-in viewer's waitlist entry for a showtime, kept current over the page's /seats socket
// (the one the seat map holds) instead of by polling. On every (re)connect the hook asks
// `waitlist:watch` once: the answer is the entry as it is now (the catch-up after a reconnect, an
// offer made while the connection was down included), and from then on the server pushes
// `waitlist:offer` the moment seats are held for this viewer, and `waitlist:position` when their
// place in line moves (someone ahead left it). `recheck` asks once more (the offer's deadline
// passed).

export function useWaitlistOffers(options: {
  showtimeId: string;
  enabled: boolean;
  onEntry: (entry: WaitlistEntryView | null) => void;
  onPosition: (place: WaitlistPosition) => void;
}): { connected: boolean; recheck: () => void } {
  const { showtimeId, enabled } = options;
  const [connected, setConnected] = useState(false);
  const onEntry = useRef(options.onEntry);
  onEntry.current = options.onEntry;
  const onPosition = useRef(options.onPosition);
  onPosition.current = options.onPosition;
  const recheckRef = useRef<() => void>(() => {});

  useEffect(() => {
    if (!enabled) return;
    const socket: SeatsSocket = acquireSeatsSocket();
    // An offer that arrives while a watch is on its way is newer than (or as new as) the
    // answer, which may have been read just before the offer committed: the answer then loses.
    let asking = 0;
    let pushedMeanwhile = false;
    const watch = () => {
      asking++;
      pushedMeanwhile = false;
      socket.emit('waitlist:watch', { showtimeId }, (r: WaitlistWatchAck) => {
        asking--;
        if (r.ok && !pushedMeanwhile) onEntry.current(r.entry);
      });
    };
    const stopWatching = whenConnected(socket, () => {
      setConnected(true);
      watch();
    });
    const onDisconnect = () => setConnected(false);
    const onOffer = (entry: WaitlistEntryView) => {
      if (entry.showtimeId !== showtimeId) return;
      if (asking > 0) pushedMeanwhile = true;
      onEntry.current(entry);
    };
    const onPlace = (place: WaitlistPosition) => {
      if (place.showtimeId !== showtimeId) return;
      if (asking > 0) pushedMeanwhile = true;
      onPosition.current(place);
    };
    socket.on('disconnect', onDisconnect);
    socket.on('waitlist:offer', onOffer);
    socket.on('waitlist:position', onPlace);
    recheckRef.current = () => {
      if (socket.connected) watch();
    };
    return () => {
      recheckRef.current = () => {};
      stopWatching();
      socket.off('disconnect', onDisconnect);
      socket.off('waitlist:offer', onOffer);
      socket.off('waitlist:position', onPlace);
      releaseSeatsSocket(socket);
      setConnected(false);
    };
  }, [showtimeId, enabled]);

  const recheck = useCallback(() => recheckRef.current(), []);
  return { connected, recheck };
}
