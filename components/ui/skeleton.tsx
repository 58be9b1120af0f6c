import type { ReactNode } from 'react';

// Placeholders shaped like the page that is loading, so nothing jumps when it arrives.

export function Bone({ className }: { className: string }) {
  return (
    <div aria-hidden="true" className={`animate-pulse rounded bg-stone-200 dark:bg-ink-800 ${className}`} />
  );
}

/** The loading page itself: announced once to screen readers, busy until the real page replaces it. */
export function Skeleton({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}
