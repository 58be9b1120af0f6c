import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { withE2eDb } from './db';
import { enrolTwoFactor, expectAxeClean, expectNoSidewaysScroll, settle, signIn } from './support';

// The demo manager programmes a cinema's week on the grid (screens × days): next week, a day's
// "+ Add" opened with the keyboard, a 10:00 start that the live check says clashes with the day's
// first show (which the grid outlines), a save refused with the clash named, then an early
// morning start that fits and is added; the new session opened from the grid, retimed, and
// cancelled. Along the way: axe in light and dark, no sideways scroll at 768 px, and a screenshot
// of the week at 1280 px in test-results/screenshots/programme-week.png.

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 1024 };
const MANAGER = 'manager@marquee.test';

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(`${name}.png`, { path: file, contentType: 'image/png' });
}

let session: BrowserContextOptions['storageState'];

test.beforeAll(async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, MANAGER);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
  await enrolTwoFactor(page);
  session = await context.storageState();
  await context.close();
});

test.afterAll(async () => {
  // Other browser tests sign the demo manager in with the password alone.
  await withE2eDb((db) =>
    db.query(`DELETE FROM totp_credentials WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [
      MANAGER,
    ]),
  );
});

async function managerPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    reducedMotion: 'reduce',
    bypassCSP: true,
    storageState: session,
  });
  return context.newPage();
}

test('a manager programmes next week on the grid: clashes shown before saving, add, retime, cancel', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const page = await managerPage(browser);
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Programme of / })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Programme' })).toBeVisible();
  const grid = page.getByRole('table', { name: /^Sessions of / });
  await expect(grid).toBeVisible();
  // The demo programme is never empty.
  await expect(grid.getByRole('button', { name: /sold/ }).first()).toBeVisible();

  await page.getByRole('link', { name: 'Next week →' }).click();
  await expect(page).toHaveURL(/\?week=\d{4}-W\d{2}$/);
  await expect(grid.getByRole('button', { name: /sold/ }).first()).toBeVisible();
  await settle(page);
  await screenshot(page, 'programme-week');
  await expectAxeClean(page, testInfo, 'programme-week-light');

  // Keyboard: the first screen's Monday "+ Add", opened with Enter.
  const firstRow = grid.getByRole('row').nth(1);
  const screenName = (await firstRow.getByRole('rowheader').locator('span').first().textContent())?.trim() ?? '';
  expect(screenName).not.toBe('');
  const add = firstRow.getByRole('button', { name: /^\+ Add a session on / }).first();
  await add.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add a session' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Screen')).toHaveValue(/.+/);

  // 10:00 is inside the day's first show on every demo screen (first shows start 09:00–09:45).
  await dialog.getByLabel('Starts at').fill('10:00');
  const check = dialog.getByRole('status');
  await expect(check).toContainText(/Clashes with (a session|\d+ sessions) on this screen/);
  await expect(grid.getByRole('button', { name: /Clash$/ }).first()).toBeVisible();
  await dialog.getByRole('button', { name: 'Add session' }).click();
  await expect(dialog.getByRole('alert')).toBeVisible();
  await expect(dialog).toBeVisible();
  await expectAxeClean(page, testInfo, 'programme-add-clash');

  // Before the first show: the previous night's last show has long freed the screen.
  await dialog.getByLabel('Starts at').fill('05:00');
  await expect(check).toContainText('No clash on this screen.');
  await expect(grid.getByRole('button', { name: /Clash$/ })).toHaveCount(0);
  const film = (await dialog.getByLabel('Film').locator('option:checked').textContent())?.trim() ?? '';
  await dialog.getByRole('button', { name: 'Add session' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /^Added / })).toContainText(`on ${screenName}`);
  const added = firstRow.getByRole('button', { name: /^05:00–/ });
  await expect(added).toBeVisible();
  expect(film.length).toBeGreaterThan(0);

  // Retime it to 05:30 from its own dialog.
  await added.click();
  const sessionDialog = page.getByRole('dialog', { name: /at 05:00$/ });
  await sessionDialog.getByRole('button', { name: 'Move or retime' }).click();
  await sessionDialog.getByLabel('Starts at').fill('05:30');
  await expect(sessionDialog.getByRole('status')).toContainText('No clash on this screen.');
  await sessionDialog.getByRole('button', { name: 'Move session' }).click();
  await expect(sessionDialog).toBeHidden();
  const moved = firstRow.getByRole('button', { name: /^05:30–/ });
  await expect(moved).toBeVisible();

  // Dark mode and a tablet.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await settle(page);
  await expectAxeClean(page, testInfo, 'programme-week-dark');
  await page.setViewportSize(TABLET);
  await settle(page);
  await expectNoSidewaysScroll(page, 'programme at 768 px');
  await expectAxeClean(page, testInfo, 'programme-week-768');
  await page.setViewportSize(DESKTOP);

  // Cancel it.
  await moved.click();
  const again = page.getByRole('dialog', { name: /at 05:30$/ });
  await again.getByRole('button', { name: 'Cancel session' }).click();
  await again.getByLabel('Why? Customers will see this.').fill('Programming test');
  await again.getByRole('button', { name: /^Cancel/ }).last().click();
  await expect(again).toBeHidden();
  await expect(firstRow.getByRole('button', { name: /^05:30–.*Cancelled/ })).toBeVisible();
});
