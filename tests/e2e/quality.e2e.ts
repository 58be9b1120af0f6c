import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContext, expect, type Page, type TestInfo, test } from '@playwright/test';
import {
  chooseSeats,
  expectAxeClean,
  expectNoSidewaysScroll,
  firstFilm,
  freeBlocks,
  type MapSeat,
  settle,
  signIn,
  signUpVerified,
  someShowtime,
  tomorrow,
} from './support';

// The quality bar of the public site, page by page along a moviegoer's way: axe-core finds no
// serious or critical accessibility violation (light and dark), and at 360 px nothing scrolls
// sideways. Every page is screenshotted full length at 1280×800 and 360×740 into
// test-results/screenshots/<page>-<desktop|360>.png, which CI keeps with the other artifacts.

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 360, height: 740 };

/**
 * Reduced motion so no transition is caught half-way (a seat's colour fading in would give axe a
 * contrast it never really has). CSP bypassed only so axe's inline script can be injected.
 */
async function newContext(
  browser: Browser,
  colorScheme: 'light' | 'dark' = 'light',
): Promise<BrowserContext> {
  return browser.newContext({ viewport: DESKTOP, colorScheme, reducedMotion: 'reduce', bypassCSP: true });
}

/**
 * Audits the page as it is now at desktop and at 360 px (resizing, not reloading, so a hold and
 * its countdown survive), saves both screenshots, and ends at desktop size again.
 */
async function check(page: Page, testInfo: TestInfo, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const [size, viewport] of [
    ['desktop', DESKTOP],
    ['360', PHONE],
  ] as const) {
    await page.setViewportSize(viewport);
    await settle(page);
    const label = `${name}-${size}`;

    await expectAxeClean(page, testInfo, label);

    const file = path.join(SCREENSHOTS, `${label}.png`);
    await page.screenshot({ path: file, fullPage: true });
    await testInfo.attach(`${label}.png`, { path: file, contentType: 'image/png' });

    if (size === '360') await expectNoSidewaysScroll(page, label);
  }
  await page.setViewportSize(DESKTOP);
}

/** Two seats in the middle of a free block: choosing them never strands a seat. */
const SEATS = 2;

/** Opens the seat picker of a fresh showtime and holds two seats, countdown running. */
async function pickerWithHold(page: Page): Promise<string> {
  const url = await someShowtime(page, SEATS + 4);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();
  const block = (await freeBlocks(page, url)).find((b) => b.length >= SEATS + 4) as MapSeat[];
  await chooseSeats(page, block.slice(2, 2 + SEATS));
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();
  return url;
}

test('browsing pages: home, a film, search results, a cinema', async ({ browser }, testInfo) => {
  const context = await newContext(browser);
  const page = await context.newPage();

  const film = await firstFilm(page);
  await expect(
    page.getByRole('list', { name: 'Films now showing' }).getByRole('listitem').first(),
  ).toBeVisible();
  await check(page, testInfo, 'home');

  // Tomorrow, which always has a full day of shows whenever the test runs.
  await page.goto(`${film}?date=${tomorrow()}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Cinemas' }).first()).toBeVisible();
  const cinema = await page
    .getByRole('list', { name: 'Cinemas' })
    .locator('a[href^="/cinemas/"]')
    .first()
    .getAttribute('href');
  await check(page, testInfo, 'film');

  await page.goto('/search?q=thunder');
  await expect(
    page.getByRole('list', { name: 'Search results' }).getByRole('listitem').first(),
  ).toBeVisible();
  await check(page, testInfo, 'search');

  expect(cinema).toMatch(/^\/cinemas\//);
  await page.goto(`${cinema}?date=${tomorrow()}`);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Screens' })).toBeVisible();
  await expect(page.locator('a[href^="/showtimes/"]').first()).toBeVisible();
  await check(page, testInfo, 'cinema');

  await context.close();
});

test('booking pages: seat picker with a hold, checkout, ticket, My bookings, account', async ({
  browser,
}, testInfo) => {
  const context = await newContext(browser);
  const page = await context.newPage();
  await signUpVerified(page, 'Meera Quality');

  await pickerWithHold(page);
  await check(page, testInfo, 'seat-picker');
  // Resizing must not have lost the hold.
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();

  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('timer')).toBeVisible();
  await check(page, testInfo, 'checkout');

  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByRole('button', { name: /^Pay ₹/ }).click();
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  await expect(page.getByText('Booking confirmed')).toBeVisible();
  await expect(page.getByRole('img', { name: /^QR code for seat / })).toHaveCount(SEATS);
  await check(page, testInfo, 'booking');

  await page.goto('/bookings');
  await expect(page.getByRole('heading', { level: 1, name: 'My bookings' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Upcoming bookings' }).getByRole('link')).toHaveCount(1);
  await check(page, testInfo, 'bookings');

  await page.goto('/account');
  await expect(page.getByRole('heading', { level: 1, name: 'Your account' })).toBeVisible();
  await check(page, testInfo, 'account');

  await context.close();
});

test('dark mode: home, seat picker with a hold, checkout', async ({ browser }, testInfo) => {
  const context = await newContext(browser, 'dark');
  const page = await context.newPage();
  await signIn(page);

  await firstFilm(page);
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await check(page, testInfo, 'home-dark');

  await pickerWithHold(page);
  await check(page, testInfo, 'seat-picker-dark');

  await page.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('timer')).toBeVisible();
  await check(page, testInfo, 'checkout-dark');

  // Give the seats back rather than leave them held for eight minutes.
  const holdId = page.url().split('/').pop();
  expect((await page.request.delete(`/api/v1/holds/${holdId}`)).status()).toBe(204);
  await context.close();
});

test('on a phone, a signed-in customer reaches their bookings and account through the account menu', async ({
  browser,
}, testInfo) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await signIn(page);
  const menuButton = page.getByRole('button', { name: 'Account menu' });
  await expect(menuButton).toBeVisible();
  await expect(page.getByRole('banner').getByRole('link', { name: 'My bookings' })).toHaveCount(0);

  await menuButton.click();
  await expect(menuButton).toHaveAttribute('aria-expanded', 'true');
  const banner = page.getByRole('banner');
  await expect(banner.getByRole('link', { name: 'My bookings' })).toBeVisible();
  await expect(banner.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await expectNoSidewaysScroll(page, 'account menu open at 360 px');
  await expectAxeClean(page, testInfo, 'account-menu-360');
  await page.keyboard.press('Escape');
  await expect(banner.getByRole('link', { name: 'My bookings' })).toHaveCount(0);
  await expect(menuButton).toBeFocused();

  await menuButton.click();
  await banner.getByRole('link', { name: 'Account and security' }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(menuButton).toHaveAttribute('aria-expanded', 'false');
  await menuButton.click();
  await banner.getByRole('link', { name: 'My bookings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My bookings' })).toBeVisible();
  await context.close();
});
