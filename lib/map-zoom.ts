// Zoom arithmetic for the seat map's window (components/seat-picker/map-viewport.tsx). Pure, for
// the component and its tests.

export const MAX_ZOOM = 2;
/** The smallest zoom the buttons go to, unless fitting a large map to the page needs less. */
export const MIN_ZOOM = 0.6;
/** Below this a seat is a speck: a map that would need less is scrolled instead. */
export const FLOOR_ZOOM = 0.25;
const STEP = 1.25;

/** The zoom that shows the whole width of a map `natural` px wide in `available` px; never > 1. */
export function fitZoom(available: number, natural: number): number {
  if (natural <= 0 || available <= 0) return 1;
  return Math.max(FLOOR_ZOOM, Math.min(1, available / natural));
}

export function clampZoom(zoom: number, fit: number): number {
  const min = Math.min(MIN_ZOOM, fit);
  return Math.min(MAX_ZOOM, Math.max(min, zoom));
}

/** One press of "Zoom in" (+1) or "Zoom out" (−1). */
export function zoomStep(zoom: number, direction: 1 | -1, fit: number): number {
  return clampZoom(zoom * STEP ** direction, fit);
}

/**
 * The scroll offsets that keep the point `anchor` (px from the window's top left corner) over the
 * same spot of the map when the zoom goes from `before` to `after`.
 */
export function scrollForZoom(
  scroll: { left: number; top: number },
  anchor: { x: number; y: number },
  before: number,
  after: number,
): { left: number; top: number } {
  const ratio = after / before;
  return {
    left: Math.max(0, (scroll.left + anchor.x) * ratio - anchor.x),
    top: Math.max(0, (scroll.top + anchor.y) * ratio - anchor.y),
  };
}
