'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { buttonBase } from '@/components/ui/buttons';
import type { refreshReportsAction } from '@/server/actions/reports';

/** Brings the report rollups up to date now (audited), then shows the page again. */
export function RefreshReportsButton({ refresh }: { refresh: typeof refreshReportsAction }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [message, setMessage] = useState<string | null>(null);

  async function run() {
    setPending(true);
    setMessage(null);
    const r = await refresh({ full: false });
    setPending(false);
    if (r.ok) {
      const n = r.data.showtimesRefreshed;
      setMessage(`Up to date (${n} ${n === 1 ? 'show' : 'shows'} recomputed in ${r.data.durationMs} ms).`);
      router.refresh();
    } else setMessage(r.error.message);
  }

  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        onClick={() => void run()}
        disabled={pending}
        aria-busy={pending}
        className={buttonBase}
      >
        {pending ? 'Refreshing…' : 'Refresh now'}
      </button>
      {message ? (
        <p role="status" className="text-xs">
          {message}
        </p>
      ) : null}
    </div>
  );
}
