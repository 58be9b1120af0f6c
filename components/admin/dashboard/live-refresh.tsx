'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useState } from 'react';
import { io, type Socket } from 'socket.io-client';
import {
  DASHBOARD_NAMESPACE,
  type DashboardChange,
  type DashboardClientToServer,
  type DashboardEnded,
  type DashboardServerToClient,
} from '@/lib/realtime-dashboard';
import type { Ack } from '@/lib/realtime-protocol';

type DashboardSocket = Socket<DashboardServerToClient, DashboardClientToServer>;

// A sale at most once a second re-reads the page: a rush of sales costs one render a second,
// never one per sale.
const MIN_GAP_MS = 1_000;

/**
 * Keeps the dashboard live: watches the shown cinemas over Socket.IO and re-reads the page's
 * data from the server (router.refresh) when a booking commits or is cancelled there. No polling:
 * nothing is fetched while nothing sells.
 */
export function LiveRefresh({ cinemaIds }: { cinemaIds: string[] }) {
  const router = useRouter();
  const [state, setState] = useState<'connecting' | 'live' | 'offline' | 'ended'>('connecting');
  // Why the server stopped this page's live sales (signed out, or no longer allowed).
  const [ended, setEnded] = useState<DashboardEnded | null>(null);
  const [lastChange, setLastChange] = useState<Date | null>(null);
  const key = cinemaIds.join(',');

  useEffect(() => {
    const ids = key ? key.split(',') : [];
    if (ids.length === 0) return;
    const socket: DashboardSocket = io(DASHBOARD_NAMESPACE, {
      transports: ['websocket', 'polling'],
      withCredentials: true,
    });
    let timer: ReturnType<typeof setTimeout> | null = null;
    let last = 0;
    const refresh = () => {
      if (timer) return;
      const wait = Math.max(0, last + MIN_GAP_MS - Date.now());
      timer = setTimeout(() => {
        timer = null;
        last = Date.now();
        router.refresh();
      }, wait);
    };
    // The cinemas still watched: the server may stop some (see dashboard:ended).
    let watching = ids;
    let connectedBefore = false;
    socket.on('connect', () => {
      // Rooms are gone after a reconnect: watch again, and catch up on what was missed meanwhile.
      Promise.all(
        watching.map(
          (cinemaId) => socket.emitWithAck('dashboard:watch', { cinemaId }) as Promise<Ack<object>>,
        ),
      )
        .then((acks) => setState(acks.some((a) => a.ok) ? 'live' : 'offline'))
        .catch(() => setState('offline'));
      if (connectedBefore) refresh();
      connectedBefore = true;
    });
    socket.on('dashboard:ended', (notice: DashboardEnded) => {
      watching = watching.filter((id) => !notice.cinemaIds.includes(id));
      if (notice.code === 'UNAUTHENTICATED' || watching.length === 0) {
        setEnded(notice);
        setState('ended');
      }
    });
    // The server's own disconnect is final (no automatic reconnect): say so rather than "Connecting…".
    socket.on('disconnect', (reason) =>
      setState((s) => (s === 'ended' ? s : reason === 'io server disconnect' ? 'offline' : 'connecting')),
    );
    socket.on('connect_error', () => setState('offline'));
    socket.on('dashboard:changed', (change: DashboardChange) => {
      if (!watching.includes(change.cinemaId)) return;
      setLastChange(new Date(change.committedAt));
      refresh();
    });
    return () => {
      if (timer) clearTimeout(timer);
      socket.close();
    };
  }, [key, router]);

  const endedText = ended
    ? `${ended.code === 'UNAUTHENTICATED' ? 'Signed out.' : 'Not live.'} ${ended.message}`
    : '';
  // Always in the page, so a screen reader announces the text when the server ends the session.
  const announcer = (
    <p role="status" className="sr-only">
      {state === 'ended' ? endedText : ''}
    </p>
  );
  if (state === 'ended' && ended) {
    return (
      <>
        {announcer}
        <p className="flex flex-wrap items-center gap-2 text-sm" data-live-state={state}>
          <span aria-hidden="true" className="inline-block size-2.5 rounded-full bg-stone-400" />
          <span>{endedText}</span>
          {ended.code === 'UNAUTHENTICATED' ? (
            <Link
              href={`/signin?callbackUrl=${encodeURIComponent('/admin')}`}
              className="font-medium text-brand-700 underline dark:text-brand-400"
            >
              Sign in again
            </Link>
          ) : null}
        </p>
      </>
    );
  }
  return (
    <>
      {announcer}
      <p className="flex items-center gap-2 text-sm" data-live-state={state}>
        <span
          aria-hidden="true"
          className={`inline-block size-2.5 rounded-full ${
            state === 'live' ? 'bg-emerald-600' : state === 'connecting' ? 'bg-amber-500' : 'bg-stone-400'
          }`}
        />
        {state === 'live' ? 'Live' : state === 'connecting' ? 'Connecting…' : 'Not live: reload to try again'}
        {lastChange ? (
          <span className="text-stone-600 dark:text-stone-400">
            · last change{' '}
            {lastChange.toLocaleTimeString('en-IN', {
              hour: 'numeric',
              minute: '2-digit',
              second: '2-digit',
            })}
          </span>
        ) : null}
      </p>
    </>
  );
}
