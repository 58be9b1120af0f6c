'use client';

// What a page that failed on the server says (app/error.tsx, app/global-error.tsx). In production
// Next hides the reason (only a digest reaches the browser), and the commonest one that is nobody's
// fault is a moment without the database (a restart, a failover), so it says retrying is right.
export function RetryNotice({ title, reset }: { title: string; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-md py-16 text-center">
      <h1 className="font-display text-3xl font-bold">{title}</h1>
      <p className="mt-2 text-stone-600 dark:text-stone-400">
        We could not load this page. If we are having a brief outage it will pass in a moment: please try
        again.
      </p>
      <button
        type="button"
        onClick={reset}
        className="mt-6 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white"
      >
        Try again
      </button>
    </div>
  );
}
