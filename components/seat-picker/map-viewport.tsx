'use client';

import {
  type ReactNode,
  type PointerEvent as ReactPointerEvent,
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
} from 'react';
import { clampZoom, fitZoom, MAX_ZOOM, scrollForZoom, zoomStep } from '@/lib/map-zoom';

// The seat map's window: a large screen (the 230-seat IMAX) is wider than a phone, and at the old
// minimum zoom its sides were cut off. The map opens fitted to the width of the page (never
// enlarged), zooms with the buttons or a two-finger pinch, keeping the point under the fingers
// (or the middle) where it was, and a large map has a mini-map with a frame around what is in
// view. Scaling is a transform on a box sized to the scaled map, so the page never scrolls
// sideways and focusing a seat (arrow keys) still scrolls it into view.

/** Maps with at least this many seats get a mini-map. */
export const LARGE_MAP_SEATS = 150;

export type OverviewTone = 'available' | 'taken' | 'selected';
type Size = { width: number; height: number };
type Box = { id: string; x: number; y: number; width: number; height: number };
type Anchor = { x: number; y: number };

export function MapViewport(props: {
  /** Seats drawn on the mini-map by id (the seat buttons carry data-seat-id); null: no mini-map. */
  overview: Map<string, OverviewTone> | null;
  children: ReactNode;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const contentRef = useRef<HTMLDivElement>(null);
  const [natural, setNatural] = useState<Size | null>(null);
  const [fit, setFit] = useState(1);
  const [zoom, setZoomState] = useState(1);
  const [view, setView] = useState({ left: 0, top: 0, width: 0, height: 0 });
  const [boxes, setBoxes] = useState<Box[]>([]);
  const zoomRef = useRef(zoom);
  // The point (in the scroll box's own coordinates) that should stay put across the next zoom.
  const anchor = useRef<Anchor | null>(null);
  /** The zoom that fitted the width when last measured (null before the first measure). */
  const fitted = useRef<number | null>(null);

  const setZoom = useCallback(
    (next: number, at?: Anchor) => {
      const box = scrollRef.current;
      anchor.current = at ?? (box ? { x: box.clientWidth / 2, y: box.clientHeight / 2 } : null);
      setZoomState(clampZoom(next, fit));
    },
    [fit],
  );

  const measureView = useCallback(() => {
    const box = scrollRef.current;
    if (!box) return;
    const z = zoomRef.current;
    setView({
      left: box.scrollLeft / z,
      top: box.scrollTop / z,
      width: box.clientWidth / z,
      height: box.clientHeight / z,
    });
  }, []);

  // The map's own size (transforms do not change offsetWidth), the zoom that fits it, and once,
  // on first sight, that zoom if the map is wider than the page.
  useLayoutEffect(() => {
    const content = contentRef.current;
    const box = scrollRef.current;
    if (!content || !box) return;
    const measure = () => {
      const size = { width: content.offsetWidth, height: content.offsetHeight };
      if (!size.width) return;
      setNatural(size);
      const f = fitZoom(box.clientWidth, size.width);
      // Fitted on first sight, and again when the page changes width (a phone turned round)
      // while the map is still shown fitted.
      if (fitted.current === null || fitted.current === zoomRef.current) {
        anchor.current = { x: 0, y: 0 };
        setZoomState(f);
      }
      fitted.current = f;
      setFit(f);
      // Where each seat is on the unscaled map, for the mini-map.
      const origin = content.getBoundingClientRect();
      const z = zoomRef.current;
      setBoxes(
        [...content.querySelectorAll<HTMLElement>('[data-seat-id]')].map((el) => {
          const r = el.getBoundingClientRect();
          return {
            id: el.dataset.seatId ?? '',
            x: (r.left - origin.left) / z,
            y: (r.top - origin.top) / z,
            width: r.width / z,
            height: r.height / z,
          };
        }),
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(content);
    observer.observe(box);
    return () => observer.disconnect();
  }, []);

  // After a zoom: keep the anchor point where it was, then redraw the mini-map's frame.
  useLayoutEffect(() => {
    const box = scrollRef.current;
    const before = zoomRef.current;
    zoomRef.current = zoom;
    if (box && anchor.current && before !== zoom) {
      const next = scrollForZoom({ left: box.scrollLeft, top: box.scrollTop }, anchor.current, before, zoom);
      box.scrollLeft = next.left;
      box.scrollTop = next.top;
    }
    anchor.current = null;
    measureView();
  }, [zoom, measureView]);

  // Two-finger pinch. touch-action keeps one-finger panning with the browser; the listener is
  // not passive so a pinch can stop the page itself from zooming.
  useEffect(() => {
    const box = scrollRef.current;
    if (!box) return;
    let start: { distance: number; zoom: number } | null = null;
    const spread = (e: TouchEvent) => {
      const [a, b] = [e.touches[0], e.touches[1]];
      if (!a || !b) return null;
      const rect = box.getBoundingClientRect();
      return {
        distance: Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY),
        mid: { x: (a.clientX + b.clientX) / 2 - rect.left, y: (a.clientY + b.clientY) / 2 - rect.top },
      };
    };
    const onStart = (e: TouchEvent) => {
      const s = spread(e);
      if (s && s.distance > 0) start = { distance: s.distance, zoom: zoomRef.current };
    };
    const onMove = (e: TouchEvent) => {
      const s = spread(e);
      if (!start || !s) return;
      e.preventDefault();
      setZoom(start.zoom * (s.distance / start.distance), s.mid);
    };
    const onEnd = (e: TouchEvent) => {
      if (e.touches.length < 2) start = null;
    };
    box.addEventListener('touchstart', onStart, { passive: true });
    box.addEventListener('touchmove', onMove, { passive: false });
    box.addEventListener('touchend', onEnd);
    box.addEventListener('touchcancel', onEnd);
    return () => {
      box.removeEventListener('touchstart', onStart);
      box.removeEventListener('touchmove', onMove);
      box.removeEventListener('touchend', onEnd);
      box.removeEventListener('touchcancel', onEnd);
    };
  }, [setZoom]);

  // Pointing on the mini-map brings that part of the map into view.
  const jumpTo = (e: ReactPointerEvent<HTMLDivElement>) => {
    const box = scrollRef.current;
    if (!box || !natural) return;
    const rect = e.currentTarget.getBoundingClientRect();
    const x = ((e.clientX - rect.left) / rect.width) * natural.width * zoom;
    const y = ((e.clientY - rect.top) / rect.height) * natural.height * zoom;
    box.scrollTo({ left: x - box.clientWidth / 2, top: y - box.clientHeight / 2 });
  };

  const percent = Math.round(zoom * 100);
  return (
    <div className="space-y-2">
      <fieldset className="flex flex-wrap items-center justify-end gap-1 text-sm">
        <legend className="sr-only">Zoom the seat map</legend>
        <button
          type="button"
          className="h-9 w-9 rounded border dark:border-ink-700 disabled:opacity-50"
          onClick={() => setZoom(zoomStep(zoom, -1, fit))}
          disabled={zoom <= clampZoom(0, fit)}
          aria-label="Zoom out"
        >
          −
        </button>
        <button
          type="button"
          className="h-9 rounded border px-2 dark:border-ink-700"
          onClick={() => setZoom(fit, { x: 0, y: 0 })}
          aria-label={`Fit the map to the width, now ${percent}%`}
        >
          {percent}%
        </button>
        <button
          type="button"
          className="h-9 w-9 rounded border dark:border-ink-700 disabled:opacity-50"
          onClick={() => setZoom(zoomStep(zoom, 1, fit))}
          disabled={zoom >= MAX_ZOOM}
          aria-label="Zoom in"
        >
          +
        </button>
      </fieldset>
      <div
        ref={scrollRef}
        data-testid="seat-map-viewport"
        onScroll={measureView}
        className="max-h-[75vh] touch-pan-x touch-pan-y overflow-auto overscroll-contain rounded-lg border border-stone-200 bg-white dark:border-ink-700 dark:bg-ink-900"
      >
        <div
          style={
            natural
              ? { width: natural.width * zoom, height: natural.height * zoom, margin: '0 auto' }
              : undefined
          }
        >
          <div
            ref={contentRef}
            className="w-max p-3"
            style={{ transform: `scale(${zoom})`, transformOrigin: '0 0' }}
          >
            {props.children}
          </div>
        </div>
      </div>
      {props.overview && natural ? (
        <div
          role="img"
          aria-label="Overview of the whole seat map; the frame shows the part in view"
          data-testid="seat-map-minimap"
          onPointerDown={jumpTo}
          className="ml-auto w-40 cursor-pointer rounded border border-stone-300 bg-stone-50 p-1 dark:border-ink-700 dark:bg-ink-950"
        >
          <svg
            viewBox={`0 0 ${natural.width} ${natural.height}`}
            className="block h-auto w-full"
            aria-hidden="true"
            focusable="false"
          >
            {boxes.map((b) => (
              <rect
                key={b.id}
                x={b.x}
                y={b.y}
                width={b.width}
                height={b.height}
                rx={4}
                className={MINI_TONE[props.overview?.get(b.id) ?? 'taken']}
              />
            ))}
            <rect
              data-testid="seat-map-minimap-frame"
              x={view.left}
              y={view.top}
              width={Math.min(view.width, natural.width)}
              height={Math.min(view.height, natural.height)}
              fill="none"
              strokeWidth={Math.max(natural.width / 80, 4)}
              className="stroke-brand-700 dark:stroke-brand-400"
            />
          </svg>
        </div>
      ) : null}
    </div>
  );
}

const MINI_TONE: Record<OverviewTone, string> = {
  available: 'fill-stone-300 dark:fill-stone-600',
  taken: 'fill-stone-500 dark:fill-stone-800',
  selected: 'fill-brand-700 dark:fill-brand-400',
};
