import { type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { addDays, isoWeekOf } from '../../lib/local-time';
import { pngImage } from '../support/images';
import { enrolledManager, forgetManagerTwoFactor, managerPage, screenshot } from './admin-support';
import { withE2eDb } from './db';
import { chooseSeats, expectAxeClean, type MapSeat, settle, signIn, tomorrow } from './support';

// The operator's side end to end, across everything a manager sets up, and the customer in
// between: a new film with a poster → a new screen drawn in the layout editor (row A one seat
// shorter than the rest, so the layout is recognisable) → a week of sessions of that film on that
// screen, generated in bulk in the second of its languages → the sessions on the public film page, the seat map drawn from the new
// layout → a customer books two seats → the manager's week grid shows them sold. Screenshots of the
// editor and the week grid at 1280 px in test-results/screenshots/operator-journey-*.png.

let session: BrowserContextOptions['storageState'];

test.beforeAll(async ({ browser }) => {
  session = await enrolledManager(browser);
});

test.afterAll(forgetManagerTwoFactor);

async function addFilm(page: Page, title: string) {
  await page.goto('/admin/films/new');
  await expect(page.getByRole('heading', { level: 1, name: 'New film' })).toBeVisible();
  const form = page.getByRole('form', { name: 'New film' });
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Director').fill('Nandini Rao');
  await page
    .getByLabel('Synopsis')
    .fill('Two lighthouse keepers on opposite coasts trade letters through one monsoon.');
  // 118 minutes: with trailers and cleaning, a few sessions a day fit on one screen.
  await page.getByLabel('Running time (minutes)').fill('118');
  await page.getByLabel('Release date').fill(tomorrow());
  await page.getByLabel('Certificate (CBFC)').selectOption('U');
  await form.getByRole('group', { name: 'Genres' }).getByLabel('Drama').check();
  await page.getByLabel('Original language').selectOption('Tamil');
  await form.getByRole('group', { name: 'Languages' }).getByLabel('Hindi').check();
  await page
    .getByLabel('Upload a poster')
    .setInputFiles({ name: 'keepers.png', mimeType: 'image/png', buffer: await pngImage(600, 900) });
  await expect(
    page.getByRole('region', { name: 'Poster' }).getByText('Uploaded “keepers.png”'),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Add film' }).click();
  await expect(page.getByText(`“${title}” is in the catalogue.`)).toBeVisible();
}

/** Draws a screen from a blank grid (8 rows × 14 seats) with row A's first seat made a gap. */
async function drawScreen(page: Page, name: string): Promise<string> {
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Screens of / })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Screens' })).toBeVisible();
  const cinema = /\/admin\/cinemas\/([0-9a-f-]{36})\//.exec(page.url())?.[1] ?? '';
  expect(cinema).not.toBe('');
  await page.getByRole('link', { name: 'New screen' }).click();
  await expect(page.getByText('112 seats · ready to save')).toBeVisible();
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Gap', exact: true }).click();
  await page.getByRole('gridcell', { name: /^Row A, column 1: seat 1, / }).click();
  await expect(page.getByRole('gridcell', { name: /^Row A, column 1: gap$/ })).toBeVisible();
  await expect(page.getByText('111 seats · ready to save')).toBeVisible();
  await settle(page);
  await screenshot(page, 'operator-journey-editor');
  await page.getByRole('button', { name: 'Save screen' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText('Screen created: 111 seats.')).toBeVisible();
  return cinema;
}

test('a manager adds a film, draws a screen, programmes a week; a customer books; the grid shows it', async ({
  browser,
}, testInfo) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36).slice(-5).toUpperCase();
  const title = `The Lamp Keepers ${stamp}`;
  const screenName = `Keepers ${stamp}`;
  const manager = await managerPage(browser, session);

  await addFilm(manager, title);
  const cinema = await drawScreen(manager, screenName);

  // The programme from tomorrow for seven days: that film only, on that screen only, first show at
  // 10:00 and then as soon as the screen is free.
  await manager.goto(`/admin/cinemas/${cinema}/programme`);
  await expect(manager.getByRole('heading', { level: 1, name: 'Programme' })).toBeVisible();
  await manager.getByRole('button', { name: 'Generate sessions…' }).click();
  const dialog = manager.getByRole('dialog', { name: 'Generate sessions' });
  const films = dialog.getByRole('group', { name: 'Films, taken in turn' });
  for (const box of await films.getByRole('checkbox').all()) await box.uncheck();
  await films.getByLabel(new RegExp(`^${title} \\(118 min\\)$`)).check();
  const screens = dialog.getByRole('group', { name: 'Screens' });
  for (const box of await screens.getByRole('checkbox').all()) await box.uncheck();
  await screens.getByLabel(new RegExp(`^${screenName} \\(`)).check();
  // Released in Tamil and Hindi: this week it plays dubbed in Hindi.
  await dialog.getByLabel(`Language of ${title}`).selectOption('Hindi');
  const first = tomorrow();
  const last = addDays(first, 6);
  await dialog.getByLabel('First day').fill(first);
  await dialog.getByLabel('Last day').fill(last);
  await dialog.getByLabel('First show', { exact: true }).fill('10:00');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const summary = dialog.getByRole('status').filter({ hasText: /sessions?/ });
  await expect(summary).toContainText('all of them can be added');
  const count = Number((await summary.textContent())?.match(/^(\d+)/)?.[1]);
  // Seven days of a 118-minute film from 10:00: several sessions a day, every day.
  expect(count).toBeGreaterThanOrEqual(7 * 3);
  await dialog.getByRole('button', { name: `Add all ${count} sessions` }).click();
  await expect(dialog).toBeHidden();
  await expect(manager.getByRole('status').filter({ hasText: `Added ${count} sessions.` })).toBeVisible();

  // Public: tomorrow's 10:00 session of the film, at this cinema, on the new layout.
  const customer = await (await browser.newContext({ reducedMotion: 'reduce' })).newPage();
  await signIn(customer, 'customer@marquee.test');
  await customer.goto('/');
  // The customer is in the cinema's city (the site shows one city's programme at a time).
  const city = await withE2eDb(async (db) => {
    const found = await db.query<{ name: string }>(
      'SELECT c.name FROM cinemas x JOIN cities c ON c.id = x.city_id WHERE x.id = $1',
      [cinema],
    );
    return found.rows[0]?.name ?? '';
  });
  await customer.getByLabel('City').selectOption({ label: city });
  await expect(customer.getByRole('heading', { level: 1 })).toHaveText(`Now showing in ${city}`);
  const search = customer.getByRole('combobox', { name: 'Search films and cast' });
  await search.fill(title);
  // Its own suggestion (the list also offers "search for …", which would match the title too).
  await expect(customer.getByRole('banner').getByRole('status')).toHaveText('1 film found.');
  await customer
    .getByRole('listbox', { name: 'Suggestions' })
    .getByRole('option', { name: new RegExp(`^${title} `) })
    .click();
  await expect(customer.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(customer.locator('img[src^="/api/media/posters/"]').first()).toBeVisible();
  await customer.goto(`${new URL(customer.url()).pathname}?date=${first}`);
  const chip = customer
    .getByRole('list', { name: 'Cinemas' })
    .locator('a[href^="/showtimes/"]')
    .filter({ hasText: '10:00' })
    .first();
  await expect(chip).toBeVisible();
  const showtime = (await chip.getAttribute('href')) as string;
  await chip.click();
  await expect(customer).toHaveURL(new RegExp(`${showtime}$`));
  await expect(customer.getByText(screenName).first()).toBeVisible();
  // The map is the drawn one: 111 seats, row A one short of the 14 in every other row.
  const { seats } = (await (await customer.request.get(`/api/v1${showtime}/seats`)).json()) as {
    seats: MapSeat[];
  };
  expect(seats).toHaveLength(111);
  expect(seats.filter((s) => s.row === 'A')).toHaveLength(13);
  expect(seats.filter((s) => s.row === 'B')).toHaveLength(14);
  await expect(customer.getByRole('button', { name: /^Row A, seat \d+,/ })).toHaveCount(13);
  await expect(customer.getByRole('button', { name: /^Row B, seat \d+,/ })).toHaveCount(14);

  // The customer books two seats in the middle of row E and pays with the sandbox's success card.
  const pair = seats.filter((s) => s.row === 'E' && (s.number === 7 || s.number === 8));
  expect(pair).toHaveLength(2);
  await chooseSeats(customer, pair);
  await customer.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(customer.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
  await customer.getByLabel('Expiry (MM/YY)').fill('12/34');
  await customer.getByLabel('Security code (CVC)').fill('123');
  await customer.getByRole('button', { name: /^Pay ₹/ }).click();
  await customer.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  await expect(customer.getByText('Booking confirmed')).toBeVisible();
  await expect(customer.getByRole('img', { name: /^QR code for seat E/ })).toHaveCount(2);
  await customer.context().close();

  // The manager's week grid: the session shows its two seats sold; the others none.
  await manager.goto(`/admin/cinemas/${cinema}/programme?week=${isoWeekOf(first)}`);
  const grid = manager.getByRole('table', { name: /^Sessions of / });
  const row = grid
    .getByRole('row')
    .filter({ has: manager.getByRole('rowheader', { name: new RegExp(screenName) }) });
  await expect(
    row.getByRole('button', { name: new RegExp(`^10:00–.*${title} 2D · Hindi 2/111 sold`) }),
  ).toBeVisible();
  await expect(row.getByRole('button', { name: /0\/111 sold/ }).first()).toBeVisible();
  await settle(manager);
  await screenshot(manager, 'operator-journey-week-grid');
  await expectAxeClean(manager, testInfo, 'operator-journey-week-grid');
  await manager.context().close();
});
