import { describe, expect, it } from 'vitest';
import { clampZoom, fitZoom, MAX_ZOOM, MIN_ZOOM, scrollForZoom, zoomStep } from '@/lib/map-zoom';

// Issue 16.7: the 230-seat IMAX map was cut off at the minimum zoom on a phone.

describe('seat map zoom', () => {
  it('fits a map wider than the page to its width, and never enlarges a small one', () => {
    // The IMAX map is about 1,030 px wide; a 375 px phone leaves about 320 px for it.
    const fit = fitZoom(320, 1030);
    expect(fit).toBeCloseTo(0.311, 3);
    expect(fit).toBeLessThan(MIN_ZOOM);
    expect(1030 * fit).toBeLessThanOrEqual(320);
    expect(fitZoom(900, 500)).toBe(1);
  });

  it('lets the buttons go down to the fitted zoom and up to the maximum', () => {
    const fit = fitZoom(320, 1030);
    expect(clampZoom(0, fit)).toBe(fit);
    expect(clampZoom(0, 1)).toBe(MIN_ZOOM);
    expect(clampZoom(9, fit)).toBe(MAX_ZOOM);
    expect(zoomStep(fit, 1, fit)).toBeCloseTo(fit * 1.25, 6);
    expect(zoomStep(fit, -1, fit)).toBe(fit);
  });

  it('keeps the point under the fingers (or the middle) in place', () => {
    const before = { left: 100, top: 40 };
    const anchor = { x: 150, y: 100 };
    const after = scrollForZoom(before, anchor, 0.5, 1);
    // The map point under the anchor: (100 + 150) / 0.5 = 500 → at zoom 1 it is 500 − 150 = 350.
    expect(after).toEqual({ left: 350, top: 180 });
    expect(scrollForZoom({ left: 0, top: 0 }, { x: 10, y: 10 }, 1, 0.5)).toEqual({ left: 0, top: 0 });
  });
});
