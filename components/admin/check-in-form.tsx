'use client';

import { type FormEvent, useId, useRef, useState } from 'react';
import { formatTime } from '@/lib/format';
import { checkInAction } from '@/server/actions/tickets';

type Result = { ok: true; text: string } | { ok: false; text: string };

export function CheckInForm() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const qr = input.current?.value ?? '';
    setPending(true);
    const r = await checkInAction({ qr });
    setPending(false);
    setResult(
      r.ok
        ? {
            ok: true,
            text: `Admit: seat ${r.data.seat} · ${r.data.movie} · ${r.data.screen} · ${formatTime(r.data.startsAt)} (${r.data.reference})`,
          }
        : { ok: false, text: r.error.message },
    );
    if (input.current) {
      input.current.value = '';
      input.current.focus();
    }
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-3">
      <label htmlFor={id} className="block text-sm font-medium">
        Ticket code
      </label>
      <input
        id={id}
        ref={input}
        name="qr"
        autoComplete="off"
        spellCheck={false}
        required
        className="block h-11 w-full rounded-md border border-stone-300 px-3 font-mono text-sm dark:border-ink-700 dark:bg-ink-900"
      />
      <button
        type="submit"
        disabled={pending}
        className="h-11 w-full rounded-md bg-brand-700 font-semibold text-white disabled:opacity-50"
      >
        {pending ? 'Checking…' : 'Check in'}
      </button>
      {result ? (
        <p
          role={result.ok ? 'status' : 'alert'}
          className={`rounded-lg p-4 text-lg font-semibold ${result.ok ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' : 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100'}`}
        >
          {result.ok ? '✓ ' : '✗ '}
          {result.text}
        </p>
      ) : null}
    </form>
  );
}
