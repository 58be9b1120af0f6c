import 'server-only';
import { singleton } from '@/server/singleton';

// Changes waiting for their NOTIFY. A write's answer waits for this (the REST router and the action
// wrapper call `forwarded()`), so by the time a client has its answer and sends its next request to
// another instance, the database has already sent that instance the notice: an admin's new price
// is charged by the very next hold anywhere, not 2 ms later.
export const forwarding = singleton('cluster-forwarding', () => ({
  pending: null as Promise<void> | null,
  resolve: null as (() => void) | null,
}));
const MAX_FORWARD_WAIT_MS = 250;

/** Resolves once every change made so far has been sent to the other instances (or 250 ms). */
export function forwarded(): Promise<void> {
  const pending = forwarding.pending;
  if (!pending) return Promise.resolve();
  // A broken listening connection must never hold answers up: the others forget everything when
  // it comes back anyway.
  return Promise.race([pending, new Promise<void>((r) => setTimeout(r, MAX_FORWARD_WAIT_MS).unref())]);
}
