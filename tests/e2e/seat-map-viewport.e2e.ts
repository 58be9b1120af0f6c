import { expect, type Locator, type Page, test } from '@playwright/test';
import { withE2eDb } from './db';
import { expectAxeClean, expectNoSidewaysScroll, settle } from './support';

// Issue 16.7: on a phone the 230-seat IMAX map was cut off at the minimum zoom. It now opens fitted
// to the width, zooms with buttons and a pinch, and has a mini-map with the part in view.

test.use({ viewport: { width: 375, height: 812 }, hasTouch: true, bypassCSP: true });

async function imaxShowtime(): Promise<string> {
  return withE2eDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT s.id FROM showtimes s JOIN screen_layouts l ON l.id = s.layout_id
        WHERE s.status = 'SCHEDULED' AND s.starts_at > now() + interval '3 hours' AND l.capacity >= 200
          AND EXISTS (SELECT 1 FROM screens sc WHERE sc.id = s.screen_id AND 'IMAX' = ANY (sc.formats))
        ORDER BY s.starts_at LIMIT 1`,
    );
    const id = rows[0]?.id;
    if (!id) throw new Error('the demo data has no upcoming showtime on a large IMAX screen');
    return `/showtimes/${id}`;
  });
}

/** The horizontal extent of every seat, and of the map's window, in page pixels. */
async function extent(page: Page) {
  return page.getByTestId('seat-map-viewport').evaluate((box) => {
    const frame = box.getBoundingClientRect();
    const seats = [...box.querySelectorAll('[data-seat-id]')].map((el) => el.getBoundingClientRect());
    return {
      seats: seats.length,
      left: Math.min(...seats.map((r) => r.left)),
      right: Math.max(...seats.map((r) => r.right)),
      seatWidth: seats[0]?.width ?? 0,
      frameLeft: frame.left,
      frameRight: frame.right,
      scrollWidth: box.scrollWidth,
      clientWidth: box.clientWidth,
    };
  });
}

const frameWidth = (minimap: Locator) =>
  minimap.getByTestId('seat-map-minimap-frame').evaluate((r) => Number(r.getAttribute('width')));

test('the IMAX map fits a 375 px phone, zooms with buttons and a pinch, and has a mini-map', async ({
  page,
}, testInfo) => {
  await page.goto(await imaxShowtime());
  await expect(page.getByText('Live').first()).toBeVisible();
  // The premium screen is named, with why it costs more (lib/screen-type.ts).
  await expect(page.getByText(/^IMAX: a larger, taller screen and more powerful sound$/)).toBeVisible();
  await settle(page);

  // The whole width of the map is in view after load: no seat is cut off on either side.
  const fitted = await extent(page);
  expect(fitted.seats).toBeGreaterThanOrEqual(200);
  expect(fitted.left).toBeGreaterThanOrEqual(fitted.frameLeft - 1);
  expect(fitted.right).toBeLessThanOrEqual(fitted.frameRight + 1);
  expect(fitted.right).toBeLessThanOrEqual(375);
  expect(fitted.scrollWidth).toBeLessThanOrEqual(fitted.clientWidth + 1);
  await expectNoSidewaysScroll(page, 'IMAX seat map at 375 px');

  const minimap = page.getByRole('img', { name: /Overview of the whole seat map/ });
  await expect(minimap).toBeVisible();
  const fullFrame = await frameWidth(minimap);

  // Zoom in: seats grow, the map now scrolls inside its window, the mini-map's frame shrinks.
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await settle(page);
  const zoomed = await extent(page);
  expect(zoomed.seatWidth).toBeGreaterThan(fitted.seatWidth * 1.4);
  expect(zoomed.scrollWidth).toBeGreaterThan(zoomed.clientWidth + 10);
  expect(await frameWidth(minimap)).toBeLessThan(fullFrame * 0.8);
  await expectNoSidewaysScroll(page, 'zoomed IMAX seat map at 375 px');

  // Zoom out goes back down, and no further than the whole width.
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await settle(page);
  const out = await extent(page);
  expect(out.seatWidth).toBeLessThan(zoomed.seatWidth);
  await page.getByRole('button', { name: 'Zoom out' }).click();
  await settle(page);
  expect((await extent(page)).seatWidth).toBeCloseTo(fitted.seatWidth, 0);
  await expect(page.getByRole('button', { name: 'Zoom out' })).toBeDisabled();

  // A two-finger pinch outwards zooms in.
  const box = await page.getByTestId('seat-map-viewport').boundingBox();
  if (!box) throw new Error('no seat map window');
  const cdp = await page.context().newCDPSession(page);
  const cx = box.x + box.width / 2;
  const cy = box.y + Math.min(box.height, 200) / 2;
  const touch = (type: 'touchStart' | 'touchMove' | 'touchEnd', spread: number) =>
    cdp.send('Input.dispatchTouchEvent', {
      type,
      touchPoints:
        type === 'touchEnd'
          ? []
          : [
              { x: cx - spread, y: cy, id: 1 },
              { x: cx + spread, y: cy, id: 2 },
            ],
    });
  await touch('touchStart', 20);
  for (const spread of [30, 45, 60, 80]) await touch('touchMove', spread);
  await touch('touchEnd', 0);
  await settle(page);
  const pinched = await extent(page);
  expect(pinched.seatWidth).toBeGreaterThan(fitted.seatWidth * 2);

  // The keyboard still walks the seats, and the focused seat is scrolled into view.
  await page.locator('[data-seat-id][tabindex="0"]').focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('ArrowRight');
  const focused = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const box = document.querySelector('[data-testid="seat-map-viewport"]')?.getBoundingClientRect();
    const r = el.getBoundingClientRect();
    return {
      seat: el.dataset.seatId !== undefined,
      label: el.getAttribute('aria-label') ?? '',
      inView: Boolean(box && r.left >= box.left - 1 && r.right <= box.right + 1),
    };
  });
  expect(focused.seat).toBe(true);
  expect(focused.label).toMatch(/^Row [A-Z], seat \d+,/);
  expect(focused.inView).toBe(true);

  await page.getByRole('button', { name: /^Fit the map to the width/ }).click();
  await settle(page);
  expect((await extent(page)).seatWidth).toBeCloseTo(fitted.seatWidth, 0);
  await expectAxeClean(page, testInfo, 'IMAX seat map at 375 px');

  await page.setViewportSize({ width: 360, height: 740 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'IMAX seat map at 360 px');
});

test('a recliner lounge is named on its showtime chips, with why it costs more', async ({
  page,
}, testInfo) => {
  const show = await withE2eDb(async (db) => {
    const { rows } = await db.query<{ id: string; slug: string; day: string }>(
      `SELECT s.id, c.slug, to_char(s.starts_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS day
         FROM showtimes s JOIN screens sc ON sc.id = s.screen_id JOIN cinemas c ON c.id = sc.cinema_id
        WHERE s.status = 'SCHEDULED' AND s.starts_at > now() + interval '3 hours'
          AND NOT EXISTS (SELECT 1 FROM seats st WHERE st.layout_id = s.layout_id AND st.category <> 'RECLINER')
        ORDER BY s.starts_at LIMIT 1`,
    );
    if (!rows[0]) throw new Error('the demo data has no upcoming showtime in a recliner lounge');
    return rows[0];
  });
  await page.goto(`/cinemas/${show.slug}?date=${show.day}`);
  const chip = page.locator(`a[href="/showtimes/${show.id}"]`);
  await expect(chip).toContainText('2D');
  await expect(chip).toContainText('Recliner lounge');
  await expect(chip).toHaveAttribute('title', /^Recliner lounge: reclining armchairs/);
  await expect(chip).toHaveAttribute(
    'aria-label',
    /, Recliner lounge: reclining armchairs with extra legroom,/,
  );
  await expectAxeClean(page, testInfo, 'cinema page with a recliner lounge at 375 px');
  await expectNoSidewaysScroll(page, 'cinema page at 375 px');
});
