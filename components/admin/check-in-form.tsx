'use client';

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { formatTime } from '@/lib/format';
import { checkInAction } from '@/server/actions/tickets';

type Result = { ok: true; title: string; text: string } | { ok: false; title: string; text: string };

// This screen's door is remembered on the device: a scanner stays at one entrance all evening.
const DOOR_KEY = 'marquee.check-in.door';

export function CheckInForm() {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [door, setDoor] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);

  useEffect(() => {
    setDoor(localStorage.getItem(DOOR_KEY) ?? '');
  }, []);

  function changeDoor(value: string) {
    setDoor(value);
    if (value.trim()) localStorage.setItem(DOOR_KEY, value.trim());
    else localStorage.removeItem(DOOR_KEY);
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const qr = input.current?.value ?? '';
    setPending(true);
    const r = await checkInAction({ qr, ...(door.trim() ? { door: door.trim() } : {}) });
    setPending(false);
    setResult(
      r.ok
        ? {
            ok: true,
            title: `Admit · seat ${r.data.seat}`,
            text: `${r.data.customer ? `${r.data.customer} · ` : ''}${r.data.movie} · ${r.data.screen} · ${formatTime(r.data.startsAt)} (${r.data.code})`,
          }
        : { ok: false, title: 'Do not admit', text: r.error.message },
    );
    if (input.current) {
      input.current.value = '';
      input.current.focus();
    }
  }

  return (
    <form method="post" onSubmit={submit} className="space-y-3">
      <div>
        <label htmlFor={`${id}-door`} className="block text-sm font-medium">
          This door <span className="font-normal text-stone-600 dark:text-stone-400">(optional)</span>
        </label>
        <input
          id={`${id}-door`}
          value={door}
          onChange={(e) => changeDoor(e.target.value)}
          maxLength={40}
          placeholder="e.g. Door 2"
          autoComplete="off"
          aria-describedby={`${id}-door-hint`}
          className="block h-11 w-full rounded-md border border-stone-300 px-3 text-sm dark:border-ink-700 dark:bg-ink-900"
        />
        <p id={`${id}-door-hint`} className="mt-1 text-xs text-stone-600 dark:text-stone-400">
          Told to whoever scans a used ticket again.
        </p>
      </div>
      <div>
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
          aria-describedby={`${id}-hint`}
          className="block h-11 w-full rounded-md border border-stone-300 px-3 font-mono text-sm dark:border-ink-700 dark:bg-ink-900"
        />
        <p id={`${id}-hint`} className="mt-1 text-xs text-stone-600 dark:text-stone-400">
          Scan the QR code, or type the code printed under it (like MQ-7K3F9X2-D6).
        </p>
      </div>
      <button
        type="submit"
        disabled={pending}
        className="h-11 w-full rounded-md bg-brand-700 font-semibold text-white disabled:opacity-50"
      >
        {pending ? 'Checking…' : 'Check in'}
      </button>
      {result ? (
        <div
          role={result.ok ? 'status' : 'alert'}
          className={`rounded-lg p-4 ${result.ok ? 'bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' : 'bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100'}`}
        >
          <p className="text-xl font-bold">
            {result.ok ? '✓ ' : '✗ '}
            {result.title}
          </p>
          <p className="mt-1 text-base">{result.text}</p>
        </div>
      ) : null}
    </form>
  );
}
