'use client';

import './globals.css';
import { RetryNotice } from '@/components/retry-notice';

// When the root layout itself fails (its header reads the session and the city list, so it does
// whenever the database is away), Next renders this instead of the whole document.
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en-IN">
      <body className="flex min-h-dvh flex-col">
        <main id="main" className="w-full flex-1 px-4">
          <RetryNotice title="Marquee is not available right now" reset={reset} />
        </main>
      </body>
    </html>
  );
}
