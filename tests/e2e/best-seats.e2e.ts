import { expect, type Page, test } from '@playwright/test';
import {
  expectAxeClean,
  expectNoSidewaysScroll,
  firstFilm,
  type MapSeat,
  settle,
  signIn,
  someShowtime,
  tomorrow,
} from './support';

// "Best N seats in one tap" on a phone: say how many, the server picks the best block and holds
// it, the map shows the pick, and the customer can change it. Also "wheelchair + companion".

test.use({ bypassCSP: true, viewport: { width: 375, height: 800 } });

type SeatsView = { seats: MapSeat[]; myHold: { seatIds: string[] } | null };

async function seatMap(page: Page, url: string): Promise<SeatsView> {
  const res = await page.request.get(`/api/v1${url}/seats`);
  return (await res.json()) as SeatsView;
}

const pickedSeats = (page: Page) => page.getByRole('button', { name: /picked for you, selected by you$/ });

test('best 3 seats: held in one tap, shown on the map, then changed by hand', async ({ page }, testInfo) => {
  await signIn(page);
  const url = await someShowtime(page, 7);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();

  // By keyboard: the count, then Enter on the button.
  await page.getByLabel('How many seats?').selectOption('3');
  await page.getByRole('button', { name: 'Best seats' }).focus();
  await page.keyboard.press('Enter');
  const held = page.getByRole('status').filter({ hasText: /^Held for you: / });
  await expect(held).toHaveText(/^Held for you: [A-Z]+\d+, [A-Z]+\d+, [A-Z]+\d+\./);
  await expect(pickedSeats(page)).toHaveCount(3);
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();

  // Side by side in one row, and held on the server (not merely suggested).
  const labels = await pickedSeats(page).evaluateAll((els) =>
    els.map((e) => e.getAttribute('aria-label') ?? ''),
  );
  const places = labels.map((l) => /^Row (\w+), seat (\d+)/.exec(l)?.slice(1) ?? []);
  expect(new Set(places.map(([row]) => row)).size).toBe(1);
  const numbers = places.map(([, n]) => Number(n)).sort((x, y) => x - y);
  expect(numbers).toEqual([numbers[0], (numbers[0] ?? 0) + 1, (numbers[0] ?? 0) + 2]);
  const view = await seatMap(page, url);
  expect(view.myHold?.seatIds).toHaveLength(3);

  await settle(page);
  await expectAxeClean(page, testInfo, 'seat picker after best seats (375 px)');
  await expectNoSidewaysScroll(page, 'seat picker after best seats (375 px)');

  // Moving it: tapping an end seat of the pick lets it go; the rest stays held, no longer "picked".
  const row = places[0]?.[0] as string;
  const last = numbers[2] as number;
  await page
    .getByRole('button', { name: new RegExp(`^Row ${row}, seat ${last},.*selected by you$`) })
    .click();
  await expect(page.getByRole('button', { name: /selected by you$/ })).toHaveCount(2);
  await expect(pickedSeats(page)).toHaveCount(0);
  await expect.poll(async () => (await seatMap(page, url)).myHold?.seatIds.length).toBe(2);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(async () => (await seatMap(page, url)).myHold).toBeNull();
});

test('wheelchair + companion: the wheelchair space and the companion seat beside it, held together', async ({
  page,
}) => {
  await signIn(page);
  // A showtime tomorrow whose screen has a free wheelchair space with its companion seat.
  await page.goto(`${await firstFilm(page)}?date=${tomorrow()}`);
  const links = page.getByRole('list', { name: 'Cinemas' }).locator('a[href^="/showtimes/"]');
  await links.first().waitFor();
  const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  let url: string | null = null;
  for (const href of hrefs) {
    const { seats } = await seatMap(page, href);
    if (seats.some((s) => s.kind === 'WHEELCHAIR' && s.state === 'available')) {
      url = href;
      break;
    }
  }
  expect(url, 'a showtime tomorrow with a free wheelchair space').not.toBeNull();
  await page.goto(url as string);
  await expect(page.getByText('Live').first()).toBeVisible();

  await page.getByLabel('How many seats?').selectOption('2');
  await page.getByLabel('Wheelchair + companion').check();
  await page.getByRole('button', { name: 'Best seats' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Held for you: / })).toBeVisible();
  const picked = pickedSeats(page);
  await expect(picked).toHaveCount(2);
  const labels = await picked.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
  expect(labels.filter((l) => l.includes(', wheelchair space,'))).toHaveLength(1);
  expect(labels.filter((l) => l.includes(', companion seat,'))).toHaveLength(1);

  const view = await seatMap(page, url as string);
  const kinds = (view.myHold?.seatIds ?? []).map((id) => view.seats.find((s) => s.id === id)?.kind).sort();
  expect(kinds).toEqual(['COMPANION', 'WHEELCHAIR']);
  await page.getByRole('button', { name: 'Clear' }).click();
  await expect.poll(async () => (await seatMap(page, url as string)).myHold).toBeNull();
});
