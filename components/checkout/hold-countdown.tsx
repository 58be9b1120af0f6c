'use client';

import { useEffect, useState } from 'react';

// The time left on a hold, by the server's clock: the page passes the server's `now` with the
// expiry, and the difference between that and this browser's clock when the page first arrived
// corrects any skew in the browser's clock. Recomputed from the clock on every tick (never
// decremented), so a throttled background tab or a sleeping phone cannot make it drift.

/** Client clock reading when each server `now` was first seen: a page restored from the router
 * cache must not re-measure the skew against an old server time. */
const firstSeen = new Map<string, number>();

export function useHoldRemaining(expiresAt: string, serverNow: string): number {
  const expires = Date.parse(expiresAt);
  const server = Date.parse(serverNow);
  // The first render (on the server and while hydrating) uses the server's clock alone, so both
  // render the same text.
  const [remaining, setRemaining] = useState(() => expires - server);
  useEffect(() => {
    let seen = firstSeen.get(serverNow);
    if (seen === undefined) {
      seen = Date.now();
      firstSeen.set(serverNow, seen);
    }
    const skew = server - seen;
    const tick = () => setRemaining(expires - (Date.now() + skew));
    tick();
    const timer = setInterval(tick, 500);
    document.addEventListener('visibilitychange', tick);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', tick);
    };
  }, [expires, server, serverNow]);
  return Math.max(0, remaining);
}

function clock(ms: number): string {
  // Rounded down: the countdown may show less time than is left, never more.
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  return `${m}:${s.toString().padStart(2, '0')}`;
}

function spoken(ms: number): string {
  const total = Math.floor(ms / 1000);
  const m = Math.floor(total / 60);
  const s = total % 60;
  if (m === 0) return `${s} seconds`;
  return s === 0 ? `${m} ${m === 1 ? 'minute' : 'minutes'}` : `${m} min ${s} s`;
}

/** Minutes at which screen-reader users hear how long is left. */
const ANNOUNCE_AT = [5, 2, 1];

export function HoldCountdown({ remainingMs }: { remainingMs: number }) {
  const urgent = remainingMs < 60_000;
  const [announcement, setAnnouncement] = useState('');
  const minutesLeft = Math.ceil(remainingMs / 60_000);
  useEffect(() => {
    if (remainingMs > 0 && ANNOUNCE_AT.includes(minutesLeft)) {
      setAnnouncement(`${minutesLeft} ${minutesLeft === 1 ? 'minute' : 'minutes'} left to pay.`);
    }
  }, [minutesLeft, remainingMs]);
  return (
    <div
      className={`flex items-center justify-between gap-3 rounded-lg border px-4 py-3 ${
        urgent
          ? 'border-red-300 bg-red-50 text-red-900 dark:border-red-900 dark:bg-red-950 dark:text-red-100'
          : 'border-amber-300 bg-amber-50 text-amber-950 dark:border-amber-900/70 dark:bg-amber-950/50 dark:text-amber-100'
      }`}
    >
      <p className="text-sm">Your seats are held for you. Pay before the timer runs out.</p>
      <p
        role="timer"
        aria-label={`Time left to pay: ${spoken(remainingMs)}`}
        className="shrink-0 font-mono text-2xl font-bold tabular-nums"
      >
        {clock(remainingMs)}
      </p>
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
    </div>
  );
}
