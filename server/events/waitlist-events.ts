import 'server-only';
import { EventEmitter } from 'node:events';
import type { WaitlistEntryView } from '@/lib/schemas/waitlist';
import { log } from '@/server/log';
import { singleton } from '@/server/singleton';

// The waitlist's bus: "this waiter has just been offered seats", and "these waiters' places in
// line have moved". The offer engine publishes an offer after its transaction commits (the same
// one that queues the email), so nobody is told of an offer that was rolled back; new places are
// published after the numbering that records them commits (server/waitlist/renumber-waitlist.ts).
// The Socket.IO layer subscribes and tells each customer's own sockets only
// (server/realtime/waitlist.ts); with several instances, its room emit crosses to the others
// through the PostgreSQL adapter, so nothing here needs forwarding. The domain never imports a
// transport.

export type WaitlistOfferEvent = {
  /** Whose offer it is: only this user's sockets may hear it. */
  userId: string;
  /** The entry as its owner reads it (GET /api/v1/showtimes/{id}/waitlist), now OFFERED. */
  entry: WaitlistEntryView;
};

/** One waiter's new place in a showtime's line: only `userId`'s sockets may hear it. */
export type WaitlistPlace = { userId: string; entryId: string; position: number };

export type WaitlistPlacesEvent = { showtimeId: string; places: WaitlistPlace[] };

type Events = { offer: WaitlistOfferEvent; places: WaitlistPlacesEvent };

const bus = singleton('waitlist-events', () => new EventEmitter().setMaxListeners(100));

function publish<K extends keyof Events>(name: K, event: Events[K], about: Record<string, string>): void {
  for (const listener of bus.listeners(name) as ((event: Events[K]) => void)[]) {
    try {
      listener(event);
    } catch (error) {
      // A subscriber's failure must never undo or fail what is already committed (and mailed).
      log.error(`a waitlist ${name} subscriber failed`, { err: String(error), ...about });
    }
  }
}

function subscribe<K extends keyof Events>(name: K, listener: (event: Events[K]) => void): () => void {
  bus.on(name, listener);
  return () => bus.off(name, listener);
}

export function publishWaitlistOffer(event: WaitlistOfferEvent): void {
  publish('offer', event, { entryId: event.entry.id });
}

/** Subscribes to offers made in this process; returns the unsubscribe function. */
export function onWaitlistOffer(listener: (event: WaitlistOfferEvent) => void): () => void {
  return subscribe('offer', listener);
}

export function publishWaitlistPlaces(event: WaitlistPlacesEvent): void {
  publish('places', event, { showtimeId: event.showtimeId });
}

/** Subscribes to places in line that moved, numbered in this process; returns the unsubscribe. */
export function onWaitlistPlaces(listener: (event: WaitlistPlacesEvent) => void): () => void {
  return subscribe('places', listener);
}
