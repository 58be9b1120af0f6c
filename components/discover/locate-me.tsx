'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';

type State = { kind: 'idle' } | { kind: 'locating' } | { kind: 'error'; message: string };

const UNAVAILABLE = 'Your location is not available right now. Type an area instead.';
const MESSAGES: Record<number, string> = {
  1: 'Location permission was denied. Type an area instead, or allow location for this site.',
  2: UNAVAILABLE,
  3: 'Finding your location took too long. Try again, or type an area.',
};

/** Asks the browser for the user's position (only when they press the button) and lists cinemas near it. */
export function LocateMe() {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [pending, startTransition] = useTransition();

  const locate = () => {
    if (!('geolocation' in navigator)) {
      setState({ kind: 'error', message: 'This browser cannot share its location. Type an area instead.' });
      return;
    }
    setState({ kind: 'locating' });
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setState({ kind: 'idle' });
        // Three decimals (~100 m) is plenty to sort cinemas, and keeps the URL from pinpointing a home.
        const lat = pos.coords.latitude.toFixed(3);
        const lng = pos.coords.longitude.toFixed(3);
        startTransition(() => router.push(`/cinemas?lat=${lat}&lng=${lng}`));
      },
      (err) => setState({ kind: 'error', message: MESSAGES[err.code] ?? UNAVAILABLE }),
      { enableHighAccuracy: false, timeout: 10_000, maximumAge: 300_000 },
    );
  };

  const busy = state.kind === 'locating' || pending;
  return (
    <div className="flex flex-col items-start gap-2">
      <button
        type="button"
        onClick={locate}
        disabled={busy}
        className="inline-flex h-11 items-center gap-2 rounded-md border border-stone-300 bg-white px-4 font-medium hover:border-brand-500 disabled:opacity-60 dark:border-ink-700 dark:bg-ink-900"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          width="18"
          height="18"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.8"
        >
          <circle cx="10" cy="10" r="3" />
          <path d="M10 1.5v3M10 15.5v3M1.5 10h3M15.5 10h3" strokeLinecap="round" />
          <circle cx="10" cy="10" r="6.5" />
        </svg>
        {busy ? 'Finding you…' : 'Use my location'}
      </button>
      <p role="status" className="text-sm text-red-800 empty:hidden dark:text-red-300">
        {state.kind === 'error' ? state.message : ''}
      </p>
    </div>
  );
}
