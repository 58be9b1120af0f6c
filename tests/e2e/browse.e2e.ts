import { expect, test } from '@playwright/test';

// A moviegoer arriving on the site: films now showing, a film's showtimes by cinema and date,
// a showtime's seat map; readable at 360 px and in dark mode.

test('home lists the films now showing in the chosen city, remembered across visits', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(/Now showing in \w+/);
  const films = page.getByRole('list', { name: 'Films now showing' }).getByRole('listitem');
  expect(await films.count()).toBeGreaterThanOrEqual(9);
  await expect(page.getByRole('heading', { name: 'Coming soon' })).toBeVisible();

  const city = page.getByLabel('City');
  const heading = (await page.getByRole('heading', { level: 1 }).textContent()) ?? '';
  const current = /Now showing in (\w+)/.exec(heading)?.[1];
  const other = (await city.locator('option').allTextContents()).find((c) => c !== current);
  expect(other).toBeTruthy();
  await city.selectOption({ label: other! });
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Now showing in ${other}`);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Now showing in ${other}`);
});

test('a film page shows showtimes grouped by cinema for the chosen date, and a showtime its seat map', async ({
  page,
}) => {
  await page.goto('/');
  const first = page.getByRole('list', { name: 'Films now showing' }).getByRole('link').first();
  const title = (await first.getByRole('heading').textContent())!.trim();
  await first.click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Cast', { exact: true })).toBeVisible();

  // Tomorrow always has a full day of shows (today's may already be over).
  const dates = page.getByRole('navigation', { name: 'Choose a date' }).getByRole('link');
  await dates.nth(1).click();
  await expect(dates.nth(1)).toHaveAttribute('aria-current', 'date');
  const cinemas = page.getByRole('list', { name: 'Cinemas' }).locator(':scope > li');
  await expect(cinemas.first()).toBeVisible();
  expect(await cinemas.count()).toBeGreaterThanOrEqual(1);
  const showtime = cinemas.first().getByRole('link').first();
  const label = await showtime.getAttribute('aria-label');
  expect(label).toMatch(/\d{1,2}:\d{2}\s?(am|pm)/i);
  await showtime.click();

  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(/\d+ of \d+ seats available/)).toBeVisible();
  const seats = page.getByRole('button', { name: /^Row [A-Z], seat \d+/ });
  expect(await seats.count()).toBeGreaterThan(40);
  await expect(page.getByRole('button', { name: /Row [A-Z], seat \d+, .*available$/ }).first()).toBeVisible();
});

test('works at 360 px wide without horizontal scrolling, in dark mode', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark' });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('html')).toHaveClass(/dark/);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe('rgb(250, 250, 249)'); // not the light background
  await page.getByRole('list', { name: 'Films now showing' }).getByRole('link').first().click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const filmOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(filmOverflow).toBeLessThanOrEqual(0);
  await context.close();
});

test('the theme toggle switches to dark and remembers it', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('/');
  await expect(page.locator('html')).not.toHaveClass(/dark/);
  const toggle = page.getByRole('button', { name: /theme/ });
  await toggle.click(); // system → light
  await toggle.click(); // light → dark
  await expect(page.locator('html')).toHaveClass(/dark/);
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/dark/);
});
