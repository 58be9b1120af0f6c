import type { ReactNode } from 'react';

// Placeholders shaped like the page that is loading, so nothing jumps when it arrives.

export function Bone({ className }: { className: string }) {
  return (
    <div aria-hidden="true" className={`animate-pulse rounded bg-stone-200 dark:bg-ink-800 ${className}`} />
  );
}

export function SkeletonPage({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="status" aria-live="polite" aria-busy="true">
      <span className="sr-only">{label}</span>
      {children}
    </div>
  );
}

/** The poster-and-lines block of ShowSummary. */
export function SummaryBones() {
  return (
    <div className="flex gap-4">
      <Bone className="h-[120px] w-20 shrink-0 rounded-md" />
      <div className="flex-1 space-y-2 pt-1">
        <Bone className="h-7 w-2/3 max-w-72" />
        <Bone className="h-4 w-32" />
        <Bone className="h-5 w-40" />
        <Bone className="h-4 w-3/4 max-w-80" />
      </div>
    </div>
  );
}
