'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type DragEvent, useCallback, useState } from 'react';
import { clock, dayLabel, formatName, pricesLine } from '@/components/admin/programme/display';
import { GenerateSessionsForm } from '@/components/admin/programme/generate-form';
import { RollingTemplateForm, rollingLine } from '@/components/admin/programme/rolling-form';
import {
  AddSessionForm,
  CancelSessionForm,
  MoveSessionForm,
  type ProgrammeActions,
  SessionAccessForm,
  SessionPricesForm,
} from '@/components/admin/programme/session-forms';
import { buttonBase, primaryButton } from '@/components/ui/buttons';
import { Dialog } from '@/components/ui/dialog';
import { ACCESS_LABELS } from '@/lib/accessibility';
import { formatMoney } from '@/lib/format';
import type { ProgrammeWeek, Session } from '@/lib/schemas/programme';

// The week grid: one row per screen, one column per day, each session a block with its film, its
// times, how it sells and its status. Everything is a button or a form: add a session from a
// day's cell (or the toolbar), open a session to move or retime it, change its prices or cancel it.
// Dragging a block onto another cell is a shortcut for the same move form, never the only way.
// While a session is being placed, the sessions it would clash with are outlined in red.
// The grid scrolls sideways inside its own box (relative, so the cells' visually hidden labels are
// placed in it and never widen the page).

type Open =
  | { kind: 'add'; screenId?: string; date?: string }
  | { kind: 'generate' }
  | { kind: 'rolling'; screenId: string }
  | {
      kind: 'session';
      id: string;
      tab: 'details' | 'move' | 'prices' | 'access' | 'cancel';
      target?: { screenId: string; date: string };
    }
  | null;

const DRAG_TYPE = 'application/x-marquee-session';

function occupancy(s: Session): number {
  return s.capacity ? Math.round(((s.sold + s.held) / s.capacity) * 100) : 0;
}

function SessionBlock(props: {
  session: Session;
  timeZone: string;
  clash: boolean;
  movable: boolean;
  onOpen: () => void;
}) {
  const s = props.session;
  const cancelled = s.status === 'CANCELLED';
  const onDragStart = (e: DragEvent) => {
    e.dataTransfer.setData(DRAG_TYPE, s.id);
    e.dataTransfer.effectAllowed = 'move';
  };
  return (
    <button
      type="button"
      onClick={props.onOpen}
      aria-haspopup="dialog"
      draggable={props.movable}
      onDragStart={props.movable ? onDragStart : undefined}
      data-session-id={s.id}
      className={`block w-full rounded-md border p-1.5 text-left text-xs leading-snug shadow-sm hover:bg-stone-50 dark:hover:bg-ink-800 ${
        props.clash
          ? 'border-red-600 ring-2 ring-red-600 dark:border-red-400 dark:ring-red-400'
          : cancelled
            ? 'border-dashed border-stone-300 bg-stone-100 text-stone-600 dark:border-ink-700 dark:bg-ink-950 dark:text-stone-400'
            : 'border-stone-300 bg-white dark:border-ink-700 dark:bg-ink-900'
      } ${props.movable ? 'cursor-grab' : ''}`}
    >
      <span className="block font-semibold tabular-nums">
        {s.time}–{clock(s.endsAt, props.timeZone)}
      </span>
      <span className={`block font-medium ${cancelled ? 'line-through' : ''}`}>{s.movie.title}</span>
      <span className="block text-stone-600 dark:text-stone-400">
        {formatName(s.format)} · {s.language}
      </span>
      {s.accessibility.length ? (
        <span className="block text-sky-800 dark:text-sky-300">
          {s.accessibility.map((f) => ACCESS_LABELS[f].name).join(' · ')}
        </span>
      ) : null}
      {cancelled ? (
        <span className="block font-semibold text-red-800 dark:text-red-300">Cancelled</span>
      ) : (
        <>
          <span
            aria-hidden="true"
            className="mt-1 block h-1.5 overflow-hidden rounded bg-stone-200 dark:bg-ink-700"
          >
            <span className="block h-full bg-emerald-600" style={{ width: `${occupancy(s)}%` }} />
          </span>
          <span className="block tabular-nums">
            {s.sold}/{s.capacity} sold{s.held ? `, ${s.held} held` : ''}
          </span>
        </>
      )}
      {props.clash ? <span className="block font-semibold text-red-800 dark:text-red-300">Clash</span> : null}
    </button>
  );
}

export function WeekGrid(props: { week: ProgrammeWeek; actions: ProgrammeActions }) {
  const { week } = props;
  const router = useRouter();
  const [open, setOpen] = useState<Open>(null);
  const [clashIds, setClashIds] = useState<string[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [dropTarget, setDropTarget] = useState<string | null>(null);
  const tz = week.cinema.timeZone;
  const nowIso = new Date().toISOString();

  const close = useCallback(() => {
    setOpen(null);
    setClashIds([]);
  }, []);
  const done = useCallback(
    (message: string) => {
      setStatus(message);
      setOpen(null);
      setClashIds([]);
      router.refresh();
    },
    [router],
  );
  const onClashes = useCallback((ids: string[]) => setClashIds(ids), []);

  const rollingScreen =
    open?.kind === 'rolling' ? week.screens.find((s) => s.id === open.screenId) : undefined;
  const opened = open?.kind === 'session' ? week.sessions.find((s) => s.id === open.id) : undefined;
  const editable = (s: Session) => s.status === 'SCHEDULED' && s.startsAt > nowIso;
  const movable = (s: Session) => editable(s) && s.sold + s.held === 0;

  function onDrop(e: DragEvent, screenId: string, date: string) {
    const id = e.dataTransfer.getData(DRAG_TYPE);
    setDropTarget(null);
    if (!id) return;
    e.preventDefault();
    setOpen({ kind: 'session', id, tab: 'move', target: { screenId, date } });
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-sm text-stone-600 dark:text-stone-400">
          Open a session to move, retime, reprice or cancel it; drag it to another day or screen to move it.
          Trailers {week.cinema.trailersMinutes} min, cleaning {week.cinema.cleaningMinutes} min unless a
          screen says otherwise.
        </p>
        <div className="flex flex-wrap gap-2">
          <button type="button" className={buttonBase} onClick={() => setOpen({ kind: 'generate' })}>
            Generate sessions…
          </button>
          <button type="button" className={primaryButton} onClick={() => setOpen({ kind: 'add' })}>
            Add session
          </button>
        </div>
      </div>
      <p role="status" className="min-h-5 text-sm font-medium text-emerald-800 dark:text-emerald-300">
        {status}
      </p>
      {week.screens.length === 0 ? (
        <p className="rounded-lg border border-dashed p-6 text-center dark:border-ink-700">
          This cinema has no screens yet: add one on its Screens page first.
        </p>
      ) : (
        <div className="relative overflow-x-auto rounded-lg border border-stone-200 dark:border-ink-700">
          <table className="w-full min-w-[1000px] table-fixed border-collapse text-sm">
            <caption className="sr-only">
              Sessions of {week.cinema.name}, week {week.week}: screens in rows, days in columns
            </caption>
            <colgroup>
              <col className="w-28" />
              {week.days.map((d) => (
                <col key={d} />
              ))}
            </colgroup>
            <thead className="bg-stone-100 dark:bg-ink-800">
              <tr>
                <th scope="col" className="px-2 py-2 text-left">
                  Screen
                </th>
                {week.days.map((d) => (
                  <th
                    key={d}
                    scope="col"
                    className={`px-2 py-2 text-left ${d === week.today ? 'text-brand-800 dark:text-brand-400' : ''}`}
                  >
                    {dayLabel(d)}
                    {d === week.today ? <span className="block text-xs font-normal">today</span> : null}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {week.screens.map((screen) => (
                <tr key={screen.id} className="border-t border-stone-200 align-top dark:border-ink-700">
                  <th scope="row" className="px-2 py-2 text-left">
                    <span className="block font-semibold">{screen.name}</span>
                    <span className="block text-xs font-normal text-stone-600 dark:text-stone-400">
                      {screen.formats.map(formatName).join(' · ')}
                      <br />
                      {screen.capacity} seats · cleaning {screen.cleaningMinutes} min
                    </span>
                    <span className="mt-1 block text-xs font-normal">{rollingLine(screen)}</span>
                    <button
                      type="button"
                      onClick={() => setOpen({ kind: 'rolling', screenId: screen.id })}
                      className="mt-1 text-xs font-medium text-brand-700 underline dark:text-brand-400"
                    >
                      {screen.rolling ? 'Change' : 'Set up'}
                      <span className="sr-only"> the rolling programme of {screen.name}</span>
                    </button>
                  </th>
                  {week.days.map((date) => {
                    const cellKey = `${screen.id}|${date}`;
                    const sessions = week.sessions.filter((s) => s.screenId === screen.id && s.date === date);
                    const future = date >= week.today;
                    return (
                      <td
                        key={date}
                        onDragOver={
                          future
                            ? (e) => {
                                if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
                                e.preventDefault();
                                setDropTarget(cellKey);
                              }
                            : undefined
                        }
                        onDragLeave={() => setDropTarget((t) => (t === cellKey ? null : t))}
                        onDrop={future ? (e) => onDrop(e, screen.id, date) : undefined}
                        className={`border-l border-stone-200 p-1 dark:border-ink-700 ${dropTarget === cellKey ? 'bg-brand-50 dark:bg-ink-800' : date < week.today ? 'bg-stone-50 dark:bg-ink-950' : ''}`}
                      >
                        <ul
                          className="space-y-1"
                          aria-label={`${screen.name}, ${dayLabel(date, { long: true })}`}
                        >
                          {sessions.map((s) => (
                            <li key={s.id}>
                              <SessionBlock
                                session={s}
                                timeZone={tz}
                                clash={clashIds.includes(s.id)}
                                movable={movable(s)}
                                onOpen={() => setOpen({ kind: 'session', id: s.id, tab: 'details' })}
                              />
                            </li>
                          ))}
                        </ul>
                        {future ? (
                          <button
                            type="button"
                            onClick={() => setOpen({ kind: 'add', screenId: screen.id, date })}
                            className="mt-1 w-full rounded border border-dashed border-stone-300 px-1 py-0.5 text-xs text-stone-700 hover:bg-stone-100 dark:border-ink-700 dark:text-stone-300 dark:hover:bg-ink-800"
                          >
                            + Add
                            <span className="sr-only">
                              {' '}
                              a session on {screen.name}, {dayLabel(date, { long: true })}
                            </span>
                          </button>
                        ) : null}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <Dialog open={open?.kind === 'generate'} onClose={close} title="Generate sessions" wide>
        {open?.kind === 'generate' ? (
          <GenerateSessionsForm week={week} generate={props.actions.generateSessions} onDone={done} />
        ) : null}
      </Dialog>

      <Dialog
        open={open?.kind === 'rolling'}
        onClose={close}
        title={`Rolling programme of ${rollingScreen?.name ?? 'a screen'}`}
        wide
      >
        {open?.kind === 'rolling' && rollingScreen ? (
          <RollingTemplateForm
            week={week}
            screen={rollingScreen}
            save={props.actions.saveProgrammeTemplate}
            onDone={done}
          />
        ) : null}
      </Dialog>

      <Dialog open={open?.kind === 'add'} onClose={close} title="Add a session" wide>
        {open?.kind === 'add' ? (
          <AddSessionForm
            week={week}
            initial={{
              screenId: open.screenId,
              date: open.date ?? (week.days.includes(week.today) ? week.today : week.days[0]),
            }}
            actions={props.actions}
            onDone={done}
            onClashes={onClashes}
          />
        ) : null}
      </Dialog>

      <Dialog
        open={open?.kind === 'session' && opened !== undefined}
        onClose={close}
        title={opened ? `${opened.movie.title}, ${dayLabel(opened.date)} at ${opened.time}` : 'Session'}
        wide
      >
        {open?.kind === 'session' && opened ? (
          <SessionPanel
            session={opened}
            week={week}
            tab={open.tab}
            target={open.target}
            editable={editable(opened)}
            onTab={(tab) => {
              setClashIds([]);
              setOpen({ ...open, tab });
            }}
            actions={props.actions}
            onDone={done}
            onClashes={onClashes}
          />
        ) : null}
      </Dialog>
    </div>
  );
}

function SessionPanel(props: {
  session: Session;
  week: ProgrammeWeek;
  tab: 'details' | 'move' | 'prices' | 'access' | 'cancel';
  target?: { screenId: string; date: string };
  editable: boolean;
  onTab: (tab: 'details' | 'move' | 'prices' | 'access' | 'cancel') => void;
  actions: ProgrammeActions;
  onDone: (message: string) => void;
  onClashes: (ids: string[]) => void;
}) {
  const s = props.session;
  const tz = props.week.cinema.timeZone;
  const tabs: { id: 'details' | 'move' | 'prices' | 'access' | 'cancel'; label: string }[] = [
    { id: 'details', label: 'Details' },
    ...(props.editable
      ? [
          { id: 'move' as const, label: 'Move or retime' },
          { id: 'prices' as const, label: 'Prices' },
          { id: 'access' as const, label: 'Accessibility' },
          { id: 'cancel' as const, label: 'Cancel session' },
        ]
      : []),
  ];
  return (
    <div className="space-y-4">
      <nav aria-label="What to do with this session" className="flex flex-wrap gap-2">
        {tabs.map((t) => (
          <button
            key={t.id}
            type="button"
            aria-pressed={props.tab === t.id}
            onClick={() => props.onTab(t.id)}
            className={
              props.tab === t.id
                ? `${buttonBase} border-stone-900 font-semibold dark:border-stone-100`
                : buttonBase
            }
          >
            {t.label}
          </button>
        ))}
      </nav>
      {props.tab === 'details' ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="font-medium">Screen</dt>
          <dd>{s.screenName}</dd>
          <dt className="font-medium">Runs</dt>
          <dd>
            {s.time}–{clock(s.endsAt, tz)}, screen free at {clock(s.busyUntil, tz)}
          </dd>
          <dt className="font-medium">Version</dt>
          <dd>
            {formatName(s.format)} · {s.language}
          </dd>
          <dt className="font-medium">Prices</dt>
          <dd>{pricesLine(s.prices)}</dd>
          <dt className="font-medium">Accessible showing</dt>
          <dd>
            {s.accessibility.length ? s.accessibility.map((f) => ACCESS_LABELS[f].name).join(', ') : 'No'}
          </dd>
          <dt className="font-medium">Sales</dt>
          <dd>
            {s.sold} of {s.capacity} seats sold, {s.held} held · {s.bookings} booking
            {s.bookings === 1 ? '' : 's'}, {formatMoney(s.revenueMinor)}
          </dd>
          <dt className="font-medium">Status</dt>
          <dd>{s.status === 'CANCELLED' ? 'Cancelled' : props.editable ? 'On sale' : 'Started'}</dd>
          <dt className="font-medium">Public page</dt>
          <dd>
            <Link href={`/showtimes/${s.id}`} className="underline">
              Seat map
            </Link>
          </dd>
        </dl>
      ) : null}
      {props.tab === 'move' ? (
        <MoveSessionForm
          week={props.week}
          session={s}
          target={props.target}
          actions={props.actions}
          onDone={props.onDone}
          onClashes={props.onClashes}
        />
      ) : null}
      {props.tab === 'prices' ? (
        <SessionPricesForm session={s} actions={props.actions} onDone={props.onDone} />
      ) : null}
      {props.tab === 'access' ? (
        <SessionAccessForm session={s} actions={props.actions} onDone={props.onDone} />
      ) : null}
      {props.tab === 'cancel' ? (
        <CancelSessionForm session={s} actions={props.actions} onDone={props.onDone} />
      ) : null}
    </div>
  );
}
