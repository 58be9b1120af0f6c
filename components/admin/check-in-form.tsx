'use client';

import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { CameraScanner } from '@/components/admin/camera-scanner';
import { buttonBase } from '@/components/ui/buttons';
import { formatTime } from '@/lib/format';
import { canonicalTicketCode, checkInOffline, markCheckedIn } from '@/lib/offline-check-in';
import type { OfflineDoorList, OfflineScan, SyncedScan } from '@/lib/schemas/check-in';
import { checkInAction, downloadCheckInListAction, syncCheckInsAction } from '@/server/actions/tickets';

type Result = { ok: boolean; title: string; text: string };
type PendingScan = OfflineScan & { showtimeId: string };
export type CheckInShow = { id: string; label: string };

// This screen's door is remembered on the device: a scanner stays at one entrance all evening.
const DOOR_KEY = 'marquee.check-in.door';
// Offline: the door lists downloaded on this device, and what it admitted that the server has not
// heard of yet. localStorage survives a reload and a closed tab; a list is a few dozen kilobytes.
const LISTS_KEY = 'marquee.check-in.lists';
const PENDING_KEY = 'marquee.check-in.pending';
/** Door lists of shows that ended this long ago are dropped (they hold customers' names). */
const KEEP_AFTER_END_MS = 6 * 3_600_000;
/** Scans per sync request (the action's body limit is 64 KB). */
const SYNC_CHUNK = 100;

function read<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : fallback;
  } catch {
    return fallback;
  }
}

// Sound backs up the colour and the words (never replaces them): a rising double beep admits, a
// low buzz refuses. The context starts on the first tap, as browsers require.
let audio: AudioContext | null = null;
function cue(ok: boolean) {
  try {
    const ctx = audio ?? new AudioContext();
    audio = ctx;
    const notes = ok ? [880, 1320] : [196];
    notes.forEach((hz, i) => {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = ok ? 'sine' : 'square';
      osc.frequency.value = hz;
      gain.gain.value = 0.08;
      osc.connect(gain).connect(ctx.destination);
      const at = ctx.currentTime + i * 0.14;
      osc.start(at);
      osc.stop(at + (ok ? 0.12 : 0.45));
    });
    if (!ok) navigator.vibrate?.(300);
  } catch {
    // No sound on this device; the colour and the words still say it.
  }
}

export function CheckInForm({ shows }: { shows: CheckInShow[] }) {
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [door, setDoor] = useState('');
  const [result, setResult] = useState<Result | null>(null);
  const [pending, setPending] = useState(false);
  const [online, setOnline] = useState(true);
  const [lists, setLists] = useState<OfflineDoorList[]>([]);
  const [queue, setQueue] = useState<PendingScan[]>([]);
  const [syncing, setSyncing] = useState(false);
  const [syncNote, setSyncNote] = useState<string | null>(null);
  const [problems, setProblems] = useState<SyncedScan[]>([]);
  const [sound, setSound] = useState(true);
  const [reference, setReference] = useState('');
  const [seat, setSeat] = useState('');
  const listsRef = useRef(lists);
  const queueRef = useRef(queue);

  const saveLists = useCallback((next: OfflineDoorList[]) => {
    listsRef.current = next;
    setLists(next);
    localStorage.setItem(LISTS_KEY, JSON.stringify(next));
  }, []);
  const saveQueue = useCallback((next: PendingScan[]) => {
    queueRef.current = next;
    setQueue(next);
    localStorage.setItem(PENDING_KEY, JSON.stringify(next));
  }, []);

  useEffect(() => {
    setDoor(localStorage.getItem(DOOR_KEY) ?? '');
    const now = Date.now();
    saveLists(
      read<OfflineDoorList[]>(LISTS_KEY, []).filter(
        (l) => Date.parse(l.showtime.endsAt) + KEEP_AFTER_END_MS > now,
      ),
    );
    saveQueue(read<PendingScan[]>(PENDING_KEY, []));
    setSound(localStorage.getItem('marquee.check-in.sound') !== 'off');
    setOnline(navigator.onLine);
  }, [saveLists, saveQueue]);

  const syncingRef = useRef(false);
  async function sync() {
    if (syncingRef.current || queueRef.current.length === 0) return;
    syncingRef.current = true;
    setSyncing(true);
    setSyncNote(null);
    const found: SyncedScan[] = [];
    let more = false;
    try {
      for (const showtimeId of [...new Set(queueRef.current.map((s) => s.showtimeId))]) {
        const scans = queueRef.current.filter((s) => s.showtimeId === showtimeId).slice(0, SYNC_CHUNK);
        const r = await syncCheckInsAction({
          showtimeId,
          scans: scans.map(({ showtimeId: _, ...scan }) => scan),
        });
        if (!r.ok) {
          setSyncNote(`Could not sync: ${r.error.message}`);
          return;
        }
        const done = new Set(scans.map((s) => s.id));
        saveQueue(queueRef.current.filter((s) => !done.has(s.id)));
        found.push(...r.data.results.filter((x) => x.outcome !== 'admitted'));
      }
      setSyncNote(
        found.length === 0
          ? 'Synced: every offline check-in was accepted.'
          : `Synced, with ${found.length} problem${found.length === 1 ? '' : 's'} below.`,
      );
      if (found.length > 0) setProblems((p) => [...found, ...p]);
      more = queueRef.current.length > 0;
    } catch {
      setSyncNote('Could not reach the server; the scans stay on this device and sync when it is back.');
    } finally {
      syncingRef.current = false;
      setSyncing(false);
    }
    // More than one chunk of a show: go on.
    if (more) setTimeout(() => void sync(), 0);
  }
  // The listeners below outlive renders: they reach the latest sync through this ref.
  const syncRef = useRef(sync);
  syncRef.current = sync;

  useEffect(() => {
    const up = () => {
      setOnline(true);
      void syncRef.current();
    };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    // Scans left from before, on a page opened online.
    if (navigator.onLine) setTimeout(() => void syncRef.current(), 0);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);

  function changeDoor(value: string) {
    setDoor(value);
    if (value.trim()) localStorage.setItem(DOOR_KEY, value.trim());
    else localStorage.removeItem(DOOR_KEY);
  }

  function show(r: Result) {
    setResult(r);
    if (sound) cue(r.ok);
  }

  function judgeOffline(qr: string, why: string) {
    const doorName = door.trim() || null;
    if (listsRef.current.length === 0) {
      show({
        ok: false,
        title: 'Cannot check: offline',
        text: `${why} No door list is downloaded on this device. Type the code again when back online.`,
      });
      return;
    }
    const now = new Date();
    const decision = checkInOffline({ lists: listsRef.current, input: qr, now });
    if (!decision.ok) {
      show({ ok: false, title: decision.title, text: decision.text });
      return;
    }
    const showtimeId = decision.list.showtime.id;
    saveQueue([
      ...queueRef.current,
      {
        id: crypto.randomUUID(),
        showtimeId,
        qr,
        ...(doorName ? { door: doorName } : {}),
        scannedAt: now.toISOString(),
      },
    ]);
    saveLists(
      listsRef.current.map((l) =>
        l.showtime.id === showtimeId ? markCheckedIn(l, decision.ticket.ticketId, now, doorName) : l,
      ),
    );
    show({ ok: true, title: decision.title, text: decision.text });
  }

  async function judge(qr: string) {
    const doorName = door.trim();
    setPending(true);
    try {
      if (!navigator.onLine) {
        judgeOffline(qr, 'Offline: checked against the downloaded door list.');
        return;
      }
      let r: Awaited<ReturnType<typeof checkInAction>>;
      try {
        r = await checkInAction({ qr, ...(doorName ? { door: doorName } : {}) });
      } catch {
        // The network dropped before the browser noticed.
        judgeOffline(qr, 'The server could not be reached: checked against the downloaded door list.');
        return;
      }
      if (r.ok) {
        // Keep a downloaded list in step, so this ticket reads as used if the network drops.
        saveLists(
          listsRef.current.map((l) =>
            l.tickets.some((t) => t.ticketId === r.data.ticketId)
              ? markCheckedIn(l, r.data.ticketId, new Date(r.data.checkedInAt), r.data.door)
              : l,
          ),
        );
        show({
          ok: true,
          title: `Admit · seat ${r.data.seat}`,
          text: `${r.data.customer ? `${r.data.customer} · ` : ''}${r.data.movie} · ${r.data.screen} · ${formatTime(r.data.startsAt)} (${r.data.code})`,
        });
      } else {
        const reason = (r.error.details as { reason?: string } | undefined)?.reason;
        show({
          ok: false,
          title: reason === 'already-used' ? 'Do not admit: already used' : 'Do not admit',
          text: r.error.message,
        });
      }
    } finally {
      setPending(false);
    }
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const qr = input.current?.value ?? '';
    await judge(qr);
    if (input.current) {
      input.current.value = '';
      input.current.focus();
    }
  }

  async function submitReference(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = canonicalTicketCode(`${reference} ${seat}`);
    if (!code) {
      show({
        ok: false,
        title: 'Check the reference and seat',
        text: 'A booking reference looks like MQ-7K3F9X2, a seat like D6.',
      });
      return;
    }
    await judge(code);
    setSeat('');
  }

  async function download(showtimeId: string) {
    const r = await downloadCheckInListAction({ showtimeId });
    if (!r.ok) {
      setSyncNote(`Could not download the door list: ${r.error.message}`);
      return;
    }
    // Scans this device made offline and has not synced stay marked on the fresh copy.
    let list = r.data;
    for (const s of queueRef.current.filter((q) => q.showtimeId === showtimeId)) {
      const decision = checkInOffline({ lists: [list], input: s.qr, now: new Date(s.scannedAt) });
      if (decision.ok)
        list = markCheckedIn(list, decision.ticket.ticketId, new Date(s.scannedAt), s.door ?? null);
    }
    saveLists([...listsRef.current.filter((l) => l.showtime.id !== showtimeId), list]);
    setSyncNote(`Door list downloaded: ${list.tickets.length} tickets.`);
  }

  function remove(showtimeId: string) {
    saveLists(listsRef.current.filter((l) => l.showtime.id !== showtimeId));
  }

  const downloaded = new Map(lists.map((l) => [l.showtime.id, l]));

  return (
    <div className="space-y-6">
      <div
        role="status"
        aria-label="Connection"
        className={`flex flex-wrap items-center justify-between gap-2 rounded-lg border px-3 py-2 text-sm ${
          online
            ? 'border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100'
            : 'border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100'
        }`}
      >
        <span>
          <span className="font-semibold">{online ? '● Online' : '○ Offline'}</span>
          {online ? '' : ': checking against the downloaded door lists'}
          {' · '}
          <span>
            {queue.length === 0
              ? 'nothing waiting to sync'
              : `${queue.length} check-in${queue.length === 1 ? '' : 's'} waiting to sync`}
          </span>
        </span>
        {queue.length > 0 && online ? (
          <button type="button" onClick={() => void sync()} disabled={syncing} className={buttonBase}>
            {syncing ? 'Syncing…' : 'Sync now'}
          </button>
        ) : null}
      </div>
      {syncNote ? <p className="text-sm">{syncNote}</p> : null}
      {problems.length > 0 ? (
        <section
          aria-labelledby={`${id}-problems`}
          className="space-y-2 rounded-lg border border-red-300 p-3 dark:border-red-800"
        >
          <h2 id={`${id}-problems`} className="font-semibold">
            ⚠ Offline check-ins the server did not accept
          </h2>
          <ul className="space-y-1 text-sm">
            {problems.map((p) => (
              <li key={p.id}>
                <span className="font-semibold">{p.outcome === 'conflict' ? 'Let in twice' : 'Refused'}</span>
                {p.code ? ` (${p.code})` : ''}: {p.message}
              </li>
            ))}
          </ul>
          <button type="button" onClick={() => setProblems([])} className={buttonBase}>
            Clear
          </button>
        </section>
      ) : null}

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
        <CameraScanner onScan={(payload) => void judge(payload)} busy={pending} />
        {/* Right under the camera, so the answer is in view while a ticket is held up to it. */}
        {result ? (
          <div
            role={result.ok ? 'status' : 'alert'}
            className={`rounded-lg border-4 p-4 ${result.ok ? 'border-emerald-600 bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-100' : 'border-red-600 bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-100'}`}
          >
            <p className="text-xl font-bold">
              {result.ok ? '✓ ' : '✗ '}
              {result.title}
            </p>
            <p className="mt-1 text-base">{result.text}</p>
          </div>
        ) : null}
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
            Scan the QR code (camera or handheld scanner), or type the code printed under it (like
            MQ-7K3F9X2-D6).
          </p>
        </div>
        <button
          type="submit"
          disabled={pending}
          className="h-11 w-full rounded-md bg-brand-700 font-semibold text-white disabled:opacity-50"
        >
          {pending ? 'Checking…' : 'Check in'}
        </button>
        <label className="flex items-center gap-2 text-sm">
          <input
            type="checkbox"
            checked={sound}
            onChange={(e) => {
              setSound(e.target.checked);
              localStorage.setItem('marquee.check-in.sound', e.target.checked ? 'on' : 'off');
            }}
          />
          Beep on each result
        </label>
      </form>

      <details className="rounded-lg border border-stone-200 p-3 dark:border-ink-800">
        <summary className="cursor-pointer font-medium">Find by booking reference and seat</summary>
        <form
          onSubmit={submitReference}
          className="mt-3 grid gap-3 sm:grid-cols-[1fr_6rem_auto] sm:items-end"
        >
          <div>
            <label htmlFor={`${id}-ref`} className="block text-sm font-medium">
              Booking reference
            </label>
            <input
              id={`${id}-ref`}
              value={reference}
              onChange={(e) => setReference(e.target.value)}
              placeholder="MQ-7K3F9X2"
              autoComplete="off"
              spellCheck={false}
              required
              className="block h-11 w-full rounded-md border border-stone-300 px-3 font-mono text-sm dark:border-ink-700 dark:bg-ink-900"
            />
          </div>
          <div>
            <label htmlFor={`${id}-seat`} className="block text-sm font-medium">
              Seat
            </label>
            <input
              id={`${id}-seat`}
              value={seat}
              onChange={(e) => setSeat(e.target.value)}
              placeholder="D6"
              autoComplete="off"
              spellCheck={false}
              required
              className="block h-11 w-full rounded-md border border-stone-300 px-3 font-mono text-sm dark:border-ink-700 dark:bg-ink-900"
            />
          </div>
          <button type="submit" disabled={pending} className={`${buttonBase} h-11`}>
            Check this seat
          </button>
        </form>
      </details>

      <section aria-labelledby={`${id}-offline`} className="space-y-2">
        <h2 id={`${id}-offline`} className="font-display text-xl font-bold">
          For offline use
        </h2>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          Download a show’s door list before the doors open: if the network drops, tickets are checked against
          it on this device and the check-ins are sent when it is back.
        </p>
        {shows.length === 0 ? (
          <p className="text-sm text-stone-600 dark:text-stone-400">
            No shows at your cinemas in the next day.
          </p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-lg border border-stone-200 dark:divide-ink-800 dark:border-ink-800">
            {shows.map((s) => {
              const list = downloaded.get(s.id);
              return (
                <li
                  key={s.id}
                  className="flex flex-wrap items-center justify-between gap-2 px-3 py-2 text-sm"
                >
                  <span className="min-w-0">
                    {s.label}
                    {list ? (
                      <span className="block text-xs text-stone-600 dark:text-stone-400">
                        Downloaded at {formatTime(list.downloadedAt, list.showtime.timeZone)} ·{' '}
                        {list.tickets.length} tickets
                      </span>
                    ) : null}
                  </span>
                  <span className="flex gap-2">
                    <button
                      type="button"
                      onClick={() => void download(s.id)}
                      disabled={!online}
                      aria-label={`${list ? 'Download again' : 'Download'}: ${s.label}`}
                      className={buttonBase}
                    >
                      {list ? 'Download again' : 'Download'}
                    </button>
                    {list ? (
                      <button
                        type="button"
                        onClick={() => remove(s.id)}
                        aria-label={`Remove: ${s.label}`}
                        className={buttonBase}
                      >
                        Remove
                      </button>
                    ) : null}
                  </span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
}
