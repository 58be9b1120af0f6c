import 'server-only';
import { EventEmitter } from 'node:events';
import { log } from '@/server/log';
import { singleton } from '@/server/singleton';

// The bus for changes to what is on sale: films, cinemas, screens, showtimes, prices, rules.
// Whoever changes the catalogue publishes after its transaction commits; whatever keeps a copy
// (showtime contexts for holds, the seat-map cache, cached pages) subscribes and forgets it.
// One call instead of each writer knowing every cache, so a new cache cannot be forgotten by an
// old writer. Another instance hears it through server/events/cluster.ts when one is running.

/** What changed; an empty change (no ids) means "anything may have changed". */
export type CatalogChange = {
  movieIds?: readonly string[];
  cinemaIds?: readonly string[];
  showtimeIds?: readonly string[];
};

type Listener = (change: CatalogChange, origin: 'local' | 'remote') => void;

const bus = singleton('catalog-events', () => new EventEmitter().setMaxListeners(100));

/** Whether a change names nothing, i.e. every cached copy must go. */
export function changesEverything(change: CatalogChange): boolean {
  return !change.movieIds?.length && !change.cinemaIds?.length && !change.showtimeIds?.length;
}

/** `origin` is 'remote' only for a change another instance made (server/events/cluster.ts). */
export function publishCatalogChange(change: CatalogChange, origin: 'local' | 'remote' = 'local'): void {
  for (const listener of bus.listeners('change') as Listener[]) {
    try {
      listener(change, origin);
    } catch (error) {
      // A subscriber's failure must never turn a committed change into an error for its caller.
      log.error('a catalog change subscriber failed', { err: String(error) });
    }
  }
}

/** Subscribes to catalogue changes made in this process (and, with a cluster, in others). */
export function onCatalogChange(listener: Listener): () => void {
  bus.on('change', listener);
  return () => bus.off('change', listener);
}
