import 'server-only';
import { EventEmitter } from 'node:events';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';
import { log } from '@/server/log';
import { singleton } from '@/server/singleton';

// The waitlist's bus: "this waiter has just been offered seats". The offer engine publishes after
// the offer's transaction commits (the same one that queues the email), so nobody is told of an
// offer that was rolled back. The Socket.IO layer subscribes and tells that one customer's sockets
// (server/realtime/waitlist.ts); with several instances, its room emit crosses to the others
// through the PostgreSQL adapter, so nothing here needs forwarding. The domain never imports a
// transport.

export type WaitlistOfferEvent = {
  /** Whose offer it is: only this user's sockets may hear it. */
  userId: string;
  /** The entry as its owner reads it (GET /api/v1/showtimes/{id}/waitlist), now OFFERED. */
  entry: WaitlistEntryView;
};

type Listener = (event: WaitlistOfferEvent) => void;

const bus = singleton('waitlist-events', () => new EventEmitter().setMaxListeners(100));

export function publishWaitlistOffer(event: WaitlistOfferEvent): void {
  for (const listener of bus.listeners('offer') as Listener[]) {
    try {
      listener(event);
    } catch (error) {
      // A subscriber's failure must never undo or fail an offer that is already made (and mailed).
      log.error('a waitlist offer subscriber failed', { err: String(error), entryId: event.entry.id });
    }
  }
}

/** Subscribes to offers made in this process; returns the unsubscribe function. */
export function onWaitlistOffer(listener: Listener): () => void {
  bus.on('offer', listener);
  return () => bus.off('offer', listener);
}
