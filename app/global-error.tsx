'use client';

import './globals.css';

// When the root layout itself fails (its header reads the session and the city list, so it does
// whenever the database is away), Next renders this instead of the whole document.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en-IN">
      <body className="flex min-h-dvh flex-col">
        <main id="main" className="mx-auto w-full max-w-md flex-1 px-4 py-16 text-center">
          <div role="alert">
            <h1 className="font-display text-3xl font-bold">Marquee is not available right now</h1>
            <p className="mt-2 text-stone-600 dark:text-stone-400">
              We could not load this page. If we are having a brief outage it will pass in a moment: please
              try again.
            </p>
            <button
              type="button"
              onClick={reset}
              className="mt-6 rounded-md bg-brand-700 px-4 py-2 font-semibold text-white"
            >
              Try again
            </button>
          </div>
        </main>
      </body>
    </html>
  );
}
