'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { SeatGrid } from '@/components/seat-map/seat-grid';
import { CATEGORY_STYLE, KIND_SYMBOL } from '@/components/seat-map/seat-style';
import { BestSeatsForm } from '@/components/seat-picker/best-seats-form';
import { HoldCountdown } from '@/components/seat-picker/hold-countdown';
import { LARGE_MAP_SEATS, MapViewport, type OverviewTone } from '@/components/seat-picker/map-viewport';
import { useLiveSeats } from '@/components/seat-picker/use-live-seats';
import { apiFetch } from '@/lib/api-fetch';
import { CATEGORY_LABELS, formatMoney } from '@/lib/format';
import type { LiveSeatState } from '@/lib/live-seat-map';
import { caughtUp } from '@/lib/realtime-protocol';
import { type HoldBestSeatsRequest, type HoldResponse, MAX_SEATS_PER_HOLD } from '@/lib/schemas/booking';
import type { SeatMap } from '@/lib/schemas/seat-map';
import type { RowVersions } from '@/lib/seat-events';
import { type NavKey, nextSeat } from '@/lib/seat-navigation';
import { selectionAfterRefusal } from '@/lib/seat-selection';
import type { holdBestSeatsAction } from '@/server/actions/showtimes';

type Seat = SeatMap['seats'][number];
/** versions: the row versions our hold was created at; the live map reflects it once it has caught up. */
type Hold = {
  holdId: string;
  expiresAt: string;
  seatIds: string[];
  totalMinor: number | null;
  versions: RowVersions;
};
/** 'rule': a seat rule refused the selection so far; it stays chosen (unheld) for the next tap. */
type Notice = { tone: 'error' | 'info' | 'rule'; text: string; labels?: string[] } | null;
/** The seller's hold as the box office's payment form needs it. */
export type CounterHold = { holdId: string; labels: string[]; totalMinor: number; expiresAt: string };

const NAV_KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End']);
const NOTICE_TONE: Record<NonNullable<Notice>['tone'], string> = {
  error: 'bg-red-50 text-red-900 dark:bg-red-950 dark:text-red-100',
  info: 'bg-stone-100 dark:bg-ink-800',
  rule: 'border border-amber-400 bg-amber-50 text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100',
};
const STATE_WORDS: Record<LiveSeatState, string> = {
  available: 'available',
  held: 'held by someone else',
  sold: 'sold',
  blocked: 'not for sale',
};

export function SeatPicker(props: {
  showtimeId: string;
  snapshot: SeatMap;
  signedIn: boolean;
  /** Server time when the page was rendered, to correct the countdown for a wrong client clock. */
  serverNow: number;
  wheelchairReleaseAt: string;
  /**
   * The box office (components/admin/box-office): the seller's hold is paid at the counter on the
   * same page, so there is no "Continue to payment"; the page is told of every hold instead, and
   * "best seats" is a number field (type 2, Enter).
   */
  counter?: { onHoldChange: (hold: CounterHold | null) => void };
  /** "Best seats": the server picks the best block and holds it (server/booking/hold-best-seats.ts). */
  holdBest: typeof holdBestSeatsAction;
}) {
  const { showtimeId, snapshot } = props;
  const router = useRouter();
  const live = useLiveSeats(showtimeId, snapshot);
  const seats = snapshot.seats;
  const byId = useMemo(() => new Map(seats.map((s) => [s.id, s])), [seats]);
  const prices = useMemo(
    () => new Map(snapshot.prices.map((p) => [p.category, p.priceMinor])),
    [snapshot.prices],
  );

  const initialHold: Hold | null = live.myHold ? { ...live.myHold, totalMinor: null } : null;
  const [hold, setHold] = useState<Hold | null>(initialHold);
  const [selection, setSelection] = useState<string[]>(initialHold?.seatIds ?? []);
  const [pending, setPending] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const [accessibleAsk, setAccessibleAsk] = useState<string | null>(null);
  const [accessible, setAccessible] = useState(false);
  // The seats the server picked with "Best seats", highlighted while they are the selection.
  const [picked, setPicked] = useState<string[]>([]);
  const [focused, setFocused] = useState<string>(
    seats.find((s) => s.state === 'available')?.id ?? seats[0]?.id ?? '',
  );
  const proceeding = useRef(false);
  const holdRef = useRef(hold);
  holdRef.current = hold;
  const clockOffset = useRef(props.serverNow - Date.now());
  const seatRefs = useRef(new Map<string, HTMLButtonElement>());
  // Selections are sent one at a time, newest wins: a click while a request is in flight is
  // queued and sent when it returns. They go to the REST API rather than a server action, whose
  // queue (one action at a time per page, in Next's router) could leave a quick second choice
  // waiting behind the first (lib/api-fetch.ts).
  const queued = useRef<string[] | null>(null);
  // The box office's first keystroke goes to the seat count ("2", Enter): focused and selected once
  // the page is live (not by the autofocus attribute, which would take keys before hydration).
  const countRef = useRef<HTMLInputElement>(null);
  const counterMode = Boolean(props.counter);
  useEffect(() => {
    if (!counterMode) return;
    countRef.current?.focus();
    countRef.current?.select();
  }, [counterMode]);
  const lastGood = useRef<string[]>(initialHold?.seatIds ?? []);

  // After a resync, trust the server about our own hold: it may be one the server made for us
  // (a waitlist offer) or one made in another tab.
  useEffect(() => {
    const mine = live.myHold;
    if (!mine || holdRef.current?.holdId === mine.holdId) return;
    setHold({ ...mine, totalMinor: null });
    setSelection(mine.seatIds);
    lastGood.current = mine.seatIds;
  }, [live.myHold]);

  const send = useCallback(
    async (wanted: string[], accessibleNow: boolean) => {
      setPending(true);
      const current = holdRef.current;
      if (wanted.length === 0) {
        if (current) await apiFetch(`/api/v1/holds/${current.holdId}`, { method: 'DELETE' });
        setHold(null);
        lastGood.current = [];
      } else {
        const r = await apiFetch<HoldResponse>(`/api/v1/showtimes/${showtimeId}/holds`, {
          method: 'POST',
          body: { seatIds: wanted, accessible: accessibleNow },
        });
        if (r.ok) {
          setHold({
            holdId: r.data.holdId,
            expiresAt: r.data.expiresAt,
            seatIds: wanted,
            totalMinor: r.data.price.totalMinor,
            versions: r.data.versions,
          });
          lastGood.current = wanted;
          setNotice(null);
        } else {
          const details = r.error.details as { labels?: string[] } | undefined;
          // The server kept the previous hold (the transaction was all or nothing). A seat rule's
          // refusal keeps the selection so the order of taps does not decide (lib/seat-selection.ts).
          const after = selectionAfterRefusal({ wanted, held: lastGood.current, refusal: r.error });
          if (r.error.code === 'UNAUTHENTICATED') {
            setNotice({ tone: 'error', text: 'Your session ended. Sign in again to choose seats.' });
          } else {
            setNotice({
              tone: after.awaitingRule ? 'rule' : 'error',
              text: r.error.message,
              labels: details?.labels,
            });
          }
          setSelection(after.selection);
        }
      }
      setPending(false);
      const next = queued.current;
      queued.current = null;
      if (next) void send(next, accessibleNow);
    },
    [showtimeId],
  );

  const choose = useCallback(
    (wanted: string[], accessibleNow = accessible) => {
      setSelection(wanted);
      setNotice(null);
      if (pending) queued.current = wanted;
      else void send(wanted, accessibleNow);
    },
    [accessible, pending, send],
  );

  // "Best seats": one call picks the best block and holds it (replacing the current hold); the map
  // then shows the pick, and tapping seats changes it like any hand choice.
  const pickBest = async (request: HoldBestSeatsRequest) => {
    if (!props.signedIn) {
      setNotice({ tone: 'info', text: 'Sign in to choose seats.' });
      return;
    }
    if (pending) return;
    setPending(true);
    setNotice(null);
    const r = await props.holdBest({ showtimeId, ...request });
    setPending(false);
    // The pick answers last: a tap made while it was on its way is dropped, not sent after it.
    queued.current = null;
    if (!r.ok) {
      setNotice({ tone: 'error', text: r.error.message });
      return;
    }
    const ids = r.data.seats.map((s) => s.id);
    setHold({
      holdId: r.data.holdId,
      expiresAt: r.data.expiresAt,
      seatIds: ids,
      totalMinor: r.data.price.totalMinor,
      versions: r.data.versions,
    });
    setSelection(ids);
    lastGood.current = ids;
    setPicked(ids);
    // The wheelchair user confirmed by asking: later taps keep the space.
    if (request.wheelchair) setAccessible(true);
    // Tab into the map lands on the pick.
    if (ids[0]) setFocused(ids[0]);
    const labels = r.data.seats.map((s) => s.label);
    setNotice({
      tone: 'info',
      text: `Held for you: ${labels.join(', ')}. Tap other seats to add them, tap a held seat to let it go, or Clear.`,
    });
  };

  const toggle = (seat: Seat) => {
    if (!props.signedIn) {
      setNotice({ tone: 'info', text: 'Sign in to choose seats.' });
      return;
    }
    const selected = selection.includes(seat.id);
    const state = live.states.get(seat.id) ?? 'available';
    if (!selected && state !== 'available') return;
    if (selected) {
      choose(selection.filter((id) => id !== seat.id));
      return;
    }
    if (selection.length >= MAX_SEATS_PER_HOLD) {
      setNotice({ tone: 'info', text: `You can book up to ${MAX_SEATS_PER_HOLD} seats at a time.` });
      return;
    }
    const reserved = Date.now() + clockOffset.current < new Date(props.wheelchairReleaseAt).getTime();
    if (seat.kind === 'WHEELCHAIR' && reserved && !accessible) {
      setAccessibleAsk(seat.id);
      return;
    }
    choose([...selection, seat.id]);
  };

  // Leaving the page gives the seats back (unless the customer is on the way to pay).
  useEffect(() => {
    const onHide = () => {
      const h = holdRef.current;
      if (h && !proceeding.current) {
        // Under the service worker (public/sw.js) Chromium drops an unloading page's keepalive
        // request, so the worker, which outlives the page, sends it.
        const worker = navigator.serviceWorker?.controller;
        if (worker) worker.postMessage({ type: 'release-hold', holdId: h.holdId });
        else
          void fetch(`/api/v1/holds/${h.holdId}`, {
            method: 'DELETE',
            keepalive: true,
            credentials: 'same-origin',
          });
      }
    };
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, []);

  // Our hold ended on the server (the sweep expired it, or another tab replaced it): the live map
  // shows its seats free again, so stop showing them as ours.
  // Only once the live map has caught up with the versions our hold was made at: before that, our
  // own seat.held delta may simply not have arrived yet.
  const holdLost =
    hold !== null &&
    !pending &&
    caughtUp(live.versions, hold.versions) &&
    hold.seatIds.some((id) => live.states.get(id) !== 'held');
  useEffect(() => {
    if (!holdLost) return;
    setHold(null);
    setSelection([]);
    lastGood.current = [];
    setNotice({ tone: 'info', text: 'Your hold on these seats ended. Choose again when you are ready.' });
  }, [holdLost]);

  const onExpired = useCallback(() => {
    setHold(null);
    setSelection([]);
    lastGood.current = [];
    setNotice({
      tone: 'info',
      text: 'Your hold expired and the seats went back on sale. Choose again when you are ready.',
    });
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLFieldSetElement>) => {
    if (!NAV_KEYS.has(e.key)) return;
    e.preventDefault();
    const next = nextSeat(seats, focused, e.key as NavKey);
    setFocused(next);
    seatRefs.current.get(next)?.focus();
  };

  // In seat order, however they were tapped or restored from a hold ("A1, A2", never "A2, A1").
  const selectedSeats = selection
    .map((id) => byId.get(id))
    .filter((s): s is Seat => Boolean(s))
    .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col);
  const estimate = selectedSeats.reduce((sum, s) => sum + (prices.get(s.category) ?? 0), 0);
  const heldNow =
    hold && hold.seatIds.length === selection.length && selection.every((id) => hold.seatIds.includes(id));
  const highlighted = new Set(notice?.labels ?? []);
  // The pick stays highlighted until the customer changes it.
  const showPicked =
    picked.length > 0 && picked.length === selection.length && picked.every((id) => selection.includes(id));
  const onHoldChange = props.counter?.onHoldChange;
  const counterHold: CounterHold | null =
    hold && heldNow && hold.totalMinor !== null
      ? {
          holdId: hold.holdId,
          labels: selectedSeats.map((s) => s.label),
          totalMinor: hold.totalMinor,
          expiresAt: hold.expiresAt,
        }
      : null;
  const counterKey = counterHold
    ? `${counterHold.holdId}:${counterHold.labels.join(',')}:${counterHold.totalMinor}`
    : '';
  // biome-ignore lint/correctness/useExhaustiveDependencies: told once per change of the hold, by its key
  useEffect(() => {
    onHoldChange?.(counterHold);
  }, [counterKey, onHoldChange]);
  const now = Date.now();
  // The mini-map of a large map (components/seat-picker/map-viewport.tsx) in three tones.
  const overview: Map<string, OverviewTone> | null =
    seats.length >= LARGE_MAP_SEATS
      ? new Map(
          seats.map((s) => [
            s.id,
            selection.includes(s.id)
              ? 'selected'
              : (live.states.get(s.id) ?? s.state) === 'available'
                ? 'available'
                : 'taken',
          ]),
        )
      : null;
  // Counted from the live states, so seats held or sold by others leave the count as they go
  // (the page's server-rendered figure stood still while the map changed).
  let availableNow = 0;
  for (const s of seats) if ((live.states.get(s.id) ?? s.state) === 'available') availableNow++;

  return (
    <div className="space-y-4">
      <p className="text-sm">
        {availableNow} of {seats.length} seats available
      </p>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <p aria-live="polite" className="text-stone-600 dark:text-stone-400">
          <span
            className={`mr-1 inline-block h-2 w-2 rounded-full ${live.connected ? 'bg-emerald-500' : 'bg-stone-400'}`}
          />
          {live.connected ? 'Live' : 'Connecting…'}
          {live.viewers !== null && live.viewers > 1
            ? ` · ${live.viewers} people are looking at this show`
            : ''}
        </p>
      </div>

      <Legend prices={snapshot.prices} />

      {snapshot.status === 'SCHEDULED' ? (
        <BestSeatsForm
          prices={snapshot.prices}
          wheelchair={seats.some((s) => s.kind === 'WHEELCHAIR')}
          defaultCount={Math.max(1, Math.min(selection.length || 2, MAX_SEATS_PER_HOLD))}
          pending={pending}
          countRef={props.counter ? countRef : undefined}
          onPick={(request) => void pickBest(request)}
        />
      ) : null}

      <MapViewport overview={overview}>
        <fieldset onKeyDown={onKeyDown}>
          <legend className="sr-only">
            Seat map. Use the arrow keys to move between seats and Space to select.
          </legend>
          <SeatGrid
            layout={snapshot.layout}
            seats={seats.map((s) => ({ ...s, state: live.states.get(s.id) ?? s.state }))}
            renderSeat={(seat) => {
              const s = byId.get(seat.id) as Seat;
              const selected = selection.includes(seat.id);
              const isPicked = selected && showPicked;
              const state = seat.state;
              const price = prices.get(s.category);
              const changed = now - (live.changedAt.get(seat.id) ?? 0) < 1_500;
              const label = `Row ${s.row}, seat ${s.number}, ${CATEGORY_LABELS[s.category]}${price !== undefined ? `, ${formatMoney(price)}` : ''}${s.kind === 'WHEELCHAIR' ? ', wheelchair space' : s.kind === 'COMPANION' ? ', companion seat' : ''}, ${isPicked ? 'picked for you, ' : ''}${selected ? 'selected by you' : STATE_WORDS[state]}`;
              return (
                <button
                  ref={(el) => {
                    if (el) seatRefs.current.set(seat.id, el);
                    else seatRefs.current.delete(seat.id);
                  }}
                  type="button"
                  tabIndex={seat.id === focused ? 0 : -1}
                  aria-label={label}
                  data-seat-id={seat.id}
                  aria-pressed={selected}
                  aria-disabled={!selected && state !== 'available'}
                  onFocus={() => setFocused(seat.id)}
                  onClick={() => toggle(s)}
                  title={`${s.label} · ${CATEGORY_LABELS[s.category]}`}
                  className={[
                    'flex h-7 w-full items-center justify-center rounded-t-md border-2 text-[10px] font-medium transition-colors duration-300',
                    CATEGORY_STYLE[s.category],
                    selected
                      ? 'border-brand-700 bg-brand-700 text-white dark:border-brand-400 dark:bg-brand-400 dark:text-ink-950'
                      : state === 'available'
                        ? 'bg-white hover:bg-stone-100 dark:bg-ink-900 dark:hover:bg-ink-700'
                        : state === 'held'
                          ? 'cursor-not-allowed border-stone-300 bg-stone-300 text-stone-500 dark:border-ink-700 dark:bg-ink-700 dark:text-stone-500'
                          : state === 'sold'
                            ? 'cursor-not-allowed border-stone-400 bg-stone-400 text-stone-100 dark:border-stone-700 dark:bg-stone-700 dark:text-stone-400'
                            : 'cursor-not-allowed border-dashed border-stone-300 text-stone-300 dark:border-ink-700',
                    highlighted.has(s.label) ? 'ring-2 ring-red-500 ring-offset-1' : '',
                    isPicked
                      ? 'ring-2 ring-amber-400 ring-offset-1 dark:ring-amber-300 dark:ring-offset-ink-900'
                      : '',
                    changed && !selected ? 'seat-flash' : '',
                  ].join(' ')}
                >
                  {KIND_SYMBOL[s.kind] ?? s.number}
                </button>
              );
            }}
          />
        </fieldset>
      </MapViewport>

      {accessibleAsk ? (
        <div
          role="alertdialog"
          aria-labelledby="wc-title"
          className="rounded-lg border border-sky-300 bg-sky-50 p-4 text-sm dark:border-sky-800 dark:bg-sky-950"
        >
          <p id="wc-title" className="font-semibold">
            This is a wheelchair space
          </p>
          <p className="mt-1">
            Wheelchair spaces are kept for wheelchair users until shortly before the show. The seat marked ⊕
            next to it is for a companion.
          </p>
          <div className="mt-3 flex flex-wrap gap-2">
            <button
              type="button"
              className="rounded bg-brand-700 px-3 py-1.5 font-semibold text-white"
              onClick={() => {
                const id = accessibleAsk;
                setAccessibleAsk(null);
                setAccessible(true);
                choose([...selection, id], true);
              }}
            >
              I need a wheelchair space
            </button>
            <button
              type="button"
              className="rounded border px-3 py-1.5 dark:border-ink-700"
              onClick={() => setAccessibleAsk(null)}
            >
              Choose another seat
            </button>
          </div>
        </div>
      ) : null}

      {notice ? (
        <div
          role={notice.tone === 'error' ? 'alert' : 'status'}
          className={`rounded-lg p-3 text-sm ${NOTICE_TONE[notice.tone]}`}
        >
          {notice.text}{' '}
          {!props.signedIn || notice.text.startsWith('Your session') ? (
            <>
              <Link
                className="font-semibold underline"
                href={`/signin?callbackUrl=${encodeURIComponent(`/showtimes/${showtimeId}`)}`}
              >
                Sign in
              </Link>
              {props.signedIn ? null : (
                <>
                  {' '}
                  or{' '}
                  <Link
                    className="font-semibold underline"
                    href={`/signup?callbackUrl=${encodeURIComponent(`/showtimes/${showtimeId}`)}`}
                  >
                    create an account
                  </Link>
                </>
              )}
            </>
          ) : null}
        </div>
      ) : null}

      <div className="sticky bottom-0 -mx-4 border-t border-stone-200 bg-stone-50/95 px-4 py-3 backdrop-blur sm:mx-0 sm:rounded-lg sm:border dark:border-ink-700 dark:bg-ink-950/95">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <div className="text-sm">
            {selectedSeats.length ? (
              <>
                <p className="font-semibold">
                  {selectedSeats.length} {selectedSeats.length === 1 ? 'seat' : 'seats'}:{' '}
                  {selectedSeats.map((s) => s.label).join(', ')}
                </p>
                <p className="text-stone-600 dark:text-stone-400">
                  {hold?.totalMinor && heldNow
                    ? `${formatMoney(hold.totalMinor)} incl. fees and GST`
                    : `From ${formatMoney(estimate)} + fees`}
                  {!heldNow && !pending && notice?.tone === 'rule' ? ' · not held yet' : null}
                  {hold && heldNow ? (
                    <>
                      {' · '}
                      <HoldCountdown
                        expiresAt={hold.expiresAt}
                        clockOffsetMs={clockOffset.current}
                        onExpired={onExpired}
                      />
                    </>
                  ) : null}
                </p>
              </>
            ) : (
              <p className="text-stone-600 dark:text-stone-400">Select up to {MAX_SEATS_PER_HOLD} seats.</p>
            )}
          </div>
          <div className="flex gap-2">
            {selection.length ? (
              <button
                type="button"
                className="rounded-md border px-3 py-2 text-sm dark:border-ink-700"
                onClick={() => choose([])}
                disabled={pending}
              >
                Clear
              </button>
            ) : null}
            {props.counter ? null : (
              <button
                type="button"
                className="rounded-md bg-brand-700 px-4 py-2 font-semibold text-white hover:bg-brand-800 disabled:cursor-not-allowed disabled:opacity-50"
                disabled={!hold || !heldNow || pending}
                onClick={() => {
                  if (!hold) return;
                  proceeding.current = true;
                  router.push(`/checkout/${hold.holdId}`);
                }}
              >
                {pending ? 'Holding seats…' : 'Continue to payment'}
              </button>
            )}
          </div>
        </div>
      </div>
    </div>
  );
}

function Legend({ prices }: { prices: SeatMap['prices'] }) {
  return (
    <ul className="flex flex-wrap gap-x-4 gap-y-2 text-xs" aria-label="Seat legend">
      {[...prices]
        .sort((a, b) => a.priceMinor - b.priceMinor)
        .map((p) => (
          <li key={p.category} className="flex items-center gap-1.5">
            <span
              aria-hidden="true"
              className={`inline-block h-4 w-4 rounded-t border-2 ${CATEGORY_STYLE[p.category]}`}
            />
            {CATEGORY_LABELS[p.category]} {formatMoney(p.priceMinor)}
          </li>
        ))}
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-4 rounded-t border-2 border-brand-700 bg-brand-700"
        />{' '}
        Your seats
      </li>
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-4 rounded-t border-2 border-stone-300 bg-stone-300 dark:border-ink-700 dark:bg-ink-700"
        />{' '}
        Held
      </li>
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-4 rounded-t border-2 border-stone-400 bg-stone-400 dark:border-stone-700 dark:bg-stone-700"
        />{' '}
        Sold
      </li>
      <li className="flex items-center gap-1.5">
        <span
          aria-hidden="true"
          className="inline-block h-4 w-4 rounded-t border-2 border-brand-700 bg-brand-700 ring-2 ring-amber-400 ring-offset-1"
        />{' '}
        Best seats picked for you
      </li>
      <li>♿ Wheelchair space</li>
      <li>⊕ Companion seat</li>
    </ul>
  );
}
