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
  const screenName =
    (await firstRow.getByRole('rowheader').locator('span').first().textContent())?.trim() ?? '';
  expect(screenName).not.toBe('');
  const add = firstRow.getByRole('button', { name: /^\+ Add a session on / }).first();
  await add.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Add a session' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByLabel('Screen', { exact: true })).toHaveValue(/.+/);

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

  // Mark it audio described on its Accessibility tab (issue 16.3); the grid says so.
  await moved.click();
  const accessDialog = page.getByRole('dialog', { name: /at 05:30$/ });
  await accessDialog.getByRole('button', { name: 'Accessibility' }).click();
  await accessDialog.getByRole('checkbox', { name: 'Audio described (AD)' }).check();
  await expectAxeClean(page, testInfo, 'programme-session-accessibility');
  await accessDialog.getByRole('button', { name: 'Save accessibility' }).click();
  await expect(accessDialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /is now: Audio described\.$/ })).toBeVisible();
  await expect(moved).toContainText('Audio described');

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
  await again
    .getByRole('button', { name: /^Cancel/ })
    .last()
    .click();
  await expect(again).toBeHidden();
  await expect(firstRow.getByRole('button', { name: /^05:30–.*Cancelled/ })).toBeVisible();
});

test('a manager generates a day of sessions in bulk: preview, then all added at once', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = await managerPage(browser);
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Programme of / })
    .first()
    .click();
  // The week after next ends beyond the demo's fortnight: its Sunday is still empty.
  await page.getByRole('link', { name: 'Next week →' }).click();
  await expect(page).toHaveURL(/\?week=/);
  const firstWeek = page.url();
  await page.getByRole('link', { name: 'Next week →' }).click();
  await expect(page).not.toHaveURL(firstWeek);

  await page.getByRole('button', { name: 'Generate sessions…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Generate sessions' });
  await expect(dialog).toBeVisible();
  const films = dialog.getByRole('group', { name: 'Films, taken in turn' }).getByRole('checkbox');
  for (const box of await films.all()) await box.check();
  const sunday = await dialog.getByLabel('Last day').inputValue();
  await dialog.getByLabel('First day').fill(sunday);
  await dialog.getByLabel('First show', { exact: true }).fill('10:00');
  await dialog.getByRole('button', { name: 'Preview' }).click();
  const summary = dialog.getByRole('status').filter({ hasText: /sessions?/ });
  await expect(summary).toContainText('all of them can be added');
  const count = Number((await summary.textContent())?.match(/^(\d+)/)?.[1]);
  expect(count).toBeGreaterThan(0);
  await expect(dialog.getByRole('region', { name: 'Planned sessions' }).getByRole('row')).toHaveCount(
    count + 1,
  );
  await settle(page);
  await screenshot(page, 'programme-generate-preview');
  await expectAxeClean(page, testInfo, 'programme-generate-preview');

  // Changing the plan takes Apply away until it is previewed again.
  await dialog.getByLabel('First show', { exact: true }).fill('10:30');
  await expect(dialog.getByRole('button', { name: /^Add all/ })).toBeDisabled();
  await dialog.getByLabel('First show', { exact: true }).fill('10:00');
  await dialog.getByRole('button', { name: `Add all ${count} sessions` }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: `Added ${count} sessions.` })).toBeVisible();
  const grid = page.getByRole('table', { name: /^Sessions of / });
  await expect(grid.getByRole('button', { name: /^10:00–/ }).first()).toBeVisible();

  // The first screen's rolling programme (the demo gives every screen one): two more days ahead.
  const change = grid.getByRole('button', { name: /^Change the rolling programme of / }).first();
  await change.focus();
  await page.keyboard.press('Enter');
  const rolling = page.getByRole('dialog', { name: /^Rolling programme of / });
  await expect(rolling.getByLabel('Days ahead')).toHaveValue('14');
  await rolling.getByLabel('Days ahead').fill('99');
  await rolling.getByRole('button', { name: 'Save rolling programme' }).click();
  await expect(rolling.getByText('At most 35 days.')).toBeVisible();
  await expectAxeClean(page, testInfo, 'programme-rolling');
  await rolling.getByLabel('Days ahead').fill('16');
  await rolling.getByRole('button', { name: 'Save rolling programme' }).click();
  await expect(rolling).toBeHidden();
  await expect(
    page
      .getByRole('status')
      .filter({ hasText: /^Rolling programme of .* saved: \d+ new sessions?, programmed through / }),
  ).toBeVisible();
  await expect(grid.getByText('Rolling: 09:00–22:30, 16 days ahead')).toBeVisible();
});

test('a manager changes the price card', async ({ browser }, testInfo) => {
  const page = await managerPage(browser);
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Programme of / })
    .first()
    .click();
  await page.getByRole('link', { name: 'Prices', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Prices' })).toBeVisible();
  const card = page.getByRole('form', { name: 'Price card' });
  const evening = card.getByRole('group', { name: '2D' }).getByLabel('Evening, Standard');
  await expect(evening).not.toHaveValue('');
  await evening.fill('12.50');
  await card.getByRole('button', { name: 'Save price card' }).click();
  await expect(card.getByText('Whole rupees only.')).toBeVisible();
  await expectAxeClean(page, testInfo, 'prices-error');
  await evening.fill('275');
  await card.getByRole('button', { name: 'Save price card' }).click();
  await expect(card.getByRole('status')).toContainText('Price card saved.');
  await page.reload();
  await expect(card.getByRole('group', { name: '2D' }).getByLabel('Evening, Standard')).toHaveValue('275');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await page.setViewportSize(TABLET);
  await settle(page);
  await expectNoSidewaysScroll(page, 'prices at 768 px');
  await expectAxeClean(page, testInfo, 'prices-dark-768');
});

test('a manager writes a pricing rule, seeing what a seat will cost before saving it', async ({
  browser,
}, testInfo) => {
  const page = await managerPage(browser);
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Programme of / })
    .first()
    .click();
  await page.getByRole('link', { name: 'Prices', exact: true }).click();
  const rules = page.getByRole('region', { name: 'Pricing rules' });
  const form = rules.getByRole('form', { name: 'New rule' });
  const preview = rules.getByRole('region', { name: 'What a seat will cost' }).getByRole('status');
  await rules.getByLabel('Show time').fill('10:00');
  await rules.getByLabel('Seats taken (%)').fill('10');
  await expect(preview).toContainText(/a seat/);
  const before = (await preview.textContent()) ?? '';
  await form.getByLabel('Name').fill('Early bird');
  await form.getByLabel('Shows from').fill('09:00');
  await form.getByLabel('Until').fill('12:00');
  await form.getByLabel(/^Adjustment/).fill('-2000');
  await expect(preview).toContainText('Early bird -20 %');
  expect((await preview.textContent()) ?? '').not.toBe(before);
  await expectAxeClean(page, testInfo, 'pricing-rule-preview');
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(rules.getByRole('status').filter({ hasText: 'Saved Early bird' })).toBeVisible();
  await expect(rules.getByRole('listitem').filter({ hasText: 'Early bird' })).toContainText(
    '-20 %, shows from 09:00 to 12:00',
  );
  await page.setViewportSize(TABLET);
  await settle(page);
  await expectNoSidewaysScroll(page, 'pricing rules at 768 px');

  // A rule made by mistake is deleted, after a second look (focus on the safe choice).
  const item = rules.getByRole('listitem').filter({ hasText: 'Early bird' });
  await item.getByRole('button', { name: 'Delete Early bird' }).click();
  await expect(item.getByRole('button', { name: 'Keep it' })).toBeFocused();
  await item.getByRole('button', { name: 'Delete rule' }).click();
  await expect(rules.getByRole('status').filter({ hasText: 'Deleted Early bird' })).toBeVisible();
  await expect(rules.getByRole('listitem').filter({ hasText: 'Early bird' })).toHaveCount(0);
});
