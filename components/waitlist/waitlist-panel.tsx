'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { HoldCountdown } from '@/components/seat-picker/hold-countdown';
import { MY_HOLD_CHANGED } from '@/components/seat-picker/use-live-seats';
import { primaryButton } from '@/components/ui/buttons';
import { useWaitlistOffers } from '@/components/waitlist/use-waitlist-offers';
import { formatTime, ordinal } from '@/lib/format';
import {
  isLiveWaitlistStatus,
  MAX_WAITLIST_SEATS,
  type WaitlistEntryView,
  waitlistEntrySchema,
} from '@/lib/schemas/waitlist';
import { joinWaitlistAction, leaveWaitlistAction } from '@/server/actions/waitlist';

// The waitlist of a sold-out (or nearly) showtime, on its page: join it for N seats side by side,
// see one's place in line, and, when seats come free, the offer with its deadline and a button to
// accept and pay. Live without a reload and without polling: the offer is pushed over the socket
// the seat map already holds (use-waitlist-offers.ts), and every (re)connect reads the entry once.
// Only while that socket is down does the panel fall back to asking the REST API, slowly.

/** How often to ask for the entry while the socket is down (and only then). */
const FALLBACK_POLL_MS = 30_000;

async function fetchEntry(showtimeId: string): Promise<WaitlistEntryView | null> {
  const res = await fetch(`/api/v1/showtimes/${showtimeId}/waitlist`, {
    credentials: 'same-origin',
    cache: 'no-store',
  });
  if (res.status === 404 || res.status === 401) return null;
  if (!res.ok) throw new Error(`waitlist: HTTP ${res.status}`);
  return waitlistEntrySchema.parse(await res.json());
}

const seatsWord = (n: number) => (n === 1 ? 'seat' : 'seats');

export function WaitlistPanel(props: {
  showtimeId: string;
  signedIn: boolean;
  initialEntry: WaitlistEntryView | null;
  /** Sold out or nearly: joining makes sense (the server decides for the exact party size). */
  canJoin: boolean;
  /** The server's clock when the page was rendered (ms), so the countdown is the server's. */
  serverNow?: number;
}) {
  const { showtimeId } = props;
  const queryClient = useQueryClient();
  const queryKey = ['waitlist', showtimeId];
  const live = useWaitlistOffers({
    showtimeId,
    enabled: props.signedIn,
    onEntry: (next) => queryClient.setQueryData(['waitlist', showtimeId], next),
    // Only the entry it names, and only while it waits (an offer pushed meanwhile wins).
    onPosition: ({ entryId, position }) =>
      queryClient.setQueryData<WaitlistEntryView | null>(['waitlist', showtimeId], (current) =>
        current && current.id === entryId && current.status === 'WAITING'
          ? { ...current, position }
          : current,
      ),
  });
  const { data: entry, refetch } = useQuery({
    queryKey,
    queryFn: () => fetchEntry(showtimeId),
    initialData: props.initialEntry,
    enabled: props.signedIn,
    // The page rendered the entry and the socket's watch reads it again on connect.
    refetchOnMount: false,
    refetchOnWindowFocus: !live.connected,
    refetchInterval: (q) =>
      !live.connected && q.state.data && isLiveWaitlistStatus(q.state.data.status) ? FALLBACK_POLL_MS : false,
  });
  const [clockOffsetMs] = useState(() => (props.serverNow ? props.serverNow - Date.now() : 0));
  // An offer is a hold made for this viewer by the server: tell the seat picker on the page, which
  // resyncs its snapshot (snapshots carry the viewer's own hold) and shows the seats as theirs.
  const offeredHold = entry?.status === 'OFFERED' ? entry.offer?.holdId : undefined;
  useEffect(() => {
    if (offeredHold)
      window.dispatchEvent(new CustomEvent(MY_HOLD_CHANGED, { detail: { holdId: offeredHold } }));
  }, [offeredHold]);
  const [seats, setSeats] = useState(2);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seatsId = useId();

  async function join(e: FormEvent) {
    e.preventDefault();
    setPending(true);
    setError(null);
    try {
      const r = await joinWaitlistAction({ showtimeId, seats });
      if (r.ok) queryClient.setQueryData(queryKey, r.data);
      else setError(r.error.message);
    } catch {
      setError('We could not reach Marquee. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  async function leave() {
    setPending(true);
    setError(null);
    try {
      const r = await leaveWaitlistAction({ showtimeId });
      if (r.ok) queryClient.setQueryData(queryKey, null);
      else setError(r.error.message);
    } catch {
      setError('We could not reach Marquee. Check your connection and try again.');
    } finally {
      setPending(false);
    }
  }

  const errorLine = error ? (
    <p role="alert" className="text-sm text-red-700 dark:text-red-400">
      {error}
    </p>
  ) : null;
  const leaveButton = (label: string) => (
    <button
      type="button"
      onClick={leave}
      disabled={pending}
      className="rounded-md border px-3 py-2 text-sm disabled:opacity-60 dark:border-ink-700"
    >
      {label}
    </button>
  );

  if (entry?.status === 'OFFERED' && entry.offer) {
    const n = entry.offer.labels.length;
    return (
      <section
        aria-label="Waitlist offer"
        className="space-y-2 rounded-lg border border-emerald-300 bg-emerald-50 p-4 dark:border-emerald-800 dark:bg-emerald-950"
      >
        <p role="status" className="font-semibold">
          {n} {seatsWord(n)} {n === 1 ? 'is' : 'are'} held for you: {entry.offer.labels.join(', ')}
        </p>
        <p className="text-sm">
          From the waitlist. Pay by {formatTime(entry.offer.expiresAt)} (
          <HoldCountdown
            expiresAt={entry.offer.expiresAt}
            clockOffsetMs={clockOffsetMs}
            // The deadline passed: ask once what became of the offer (paid elsewhere, or lapsed).
            onExpired={() => (live.connected ? live.recheck() : void refetch())}
          />
          ), or {n === 1 ? 'it goes' : 'they go'} to the next person waiting.
        </p>
        <div className="flex flex-wrap gap-2">
          <Link href={entry.offer.checkoutPath} className={primaryButton}>
            Accept and pay
          </Link>
          {leaveButton('Give them up')}
        </div>
        {errorLine}
      </section>
    );
  }

  if (entry?.status === 'WAITING') {
    return (
      <section
        aria-label="Waitlist"
        className="space-y-2 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900"
      >
        {/* Updated in place when the place moves; a polite live region, read out when the
            screen reader is idle, as a whole sentence. */}
        <p role="status" aria-live="polite" aria-atomic="true" className="font-semibold">
          You’re {ordinal(entry.position ?? 1)} in line for {entry.seatsWanted} {seatsWord(entry.seatsWanted)}
        </p>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          When {entry.seatsWanted} {seatsWord(entry.seatsWanted)} side by side come free, we hold them for you
          for a few minutes and email you. This page shows it as soon as it happens.
        </p>
        <div className="flex flex-wrap gap-2">{leaveButton('Leave the waitlist')}</div>
        {errorLine}
      </section>
    );
  }

  const ended =
    entry?.status === 'FULFILLED' ? (
      <p role="status" className="text-sm">
        You booked the seats held for you from the waitlist.{' '}
        <Link href="/bookings" className="underline">
          My bookings
        </Link>
      </p>
    ) : entry?.status === 'EXPIRED' ? (
      <p role="status" className="text-sm">
        Your waitlist place for this show has ended: the seats held for you were not paid for in time.
      </p>
    ) : null;
  if (!props.canJoin) {
    return ended ? (
      <section aria-label="Waitlist" className="rounded-lg bg-stone-100 p-4 dark:bg-ink-800">
        {ended}
      </section>
    ) : null;
  }

  return (
    <section
      aria-label="Waitlist"
      className="space-y-3 rounded-lg border border-stone-200 bg-white p-4 dark:border-ink-700 dark:bg-ink-900"
    >
      {ended}
      <div>
        <h2 className="font-semibold">Sold out? Join the waitlist</h2>
        <p className="text-sm text-stone-600 dark:text-stone-400">
          When enough seats side by side come free, the first people waiting get them, held for a few minutes.
        </p>
      </div>
      {props.signedIn ? (
        <form onSubmit={join} className="flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor={seatsId} className="block text-sm font-medium">
              Seats needed together
            </label>
            <input
              id={seatsId}
              type="number"
              min={1}
              max={MAX_WAITLIST_SEATS}
              value={seats}
              onChange={(e) => setSeats(Number(e.target.value))}
              className="block h-10 w-24 rounded-md border border-stone-300 bg-white px-3 dark:border-ink-700 dark:bg-ink-900"
            />
          </div>
          <button
            type="submit"
            disabled={pending}
            className="h-10 rounded-md bg-brand-700 px-4 font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {pending ? 'Joining…' : 'Join the waitlist'}
          </button>
        </form>
      ) : (
        <p className="text-sm">
          <Link
            className="font-semibold underline"
            href={`/signin?callbackUrl=${encodeURIComponent(`/showtimes/${showtimeId}`)}`}
          >
            Sign in
          </Link>{' '}
          to join the waitlist.
        </p>
      )}
      {errorLine}
    </section>
  );
}
