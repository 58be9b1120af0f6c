import type { ReactNode } from 'react';

// The API document's prose is plain text with `code` spans (a small, safe subset of Markdown):
// rendered as text nodes, never as HTML.
export function InlineText({ text }: { text: string }): ReactNode {
  const parts = text.split(/(`[^`]+`)/g);
  return parts.map((part, i) =>
    part.startsWith('`') && part.endsWith('`') && part.length > 2 ? (
      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed split of a constant string
      <code key={i} className={codeClass}>
        {part.slice(1, -1)}
      </code>
    ) : (
      part
    ),
  );
}

export const codeClass =
  'rounded bg-stone-200/70 px-1 py-px font-mono text-[0.85em] wrap-anywhere dark:bg-ink-800';

const METHOD_STYLES: Record<string, string> = {
  GET: 'bg-emerald-100 text-emerald-900 ring-emerald-700/30 dark:bg-emerald-950 dark:text-emerald-200 dark:ring-emerald-400/30',
  POST: 'bg-sky-100 text-sky-900 ring-sky-700/30 dark:bg-sky-950 dark:text-sky-200 dark:ring-sky-400/30',
  PUT: 'bg-amber-100 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30',
  PATCH:
    'bg-amber-100 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200 dark:ring-amber-400/30',
  DELETE: 'bg-red-100 text-red-900 ring-red-700/30 dark:bg-red-950 dark:text-red-200 dark:ring-red-400/30',
};

export function MethodBadge({ method, small = false }: { method: string; small?: boolean }) {
  const m = method.toUpperCase();
  return (
    <span
      className={`inline-block shrink-0 rounded font-mono font-bold ring-1 ring-inset ${
        small ? 'w-14 px-1 py-px text-center text-[0.7rem]' : 'px-2 py-0.5 text-xs'
      } ${METHOD_STYLES[m] ?? 'bg-stone-200 text-stone-900 dark:bg-ink-800 dark:text-stone-100'}`}
    >
      {m}
    </span>
  );
}
