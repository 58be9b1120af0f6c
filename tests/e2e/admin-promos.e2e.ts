import { type BrowserContextOptions, expect, test } from '@playwright/test';
import {
  DESKTOP,
  enrolledManager,
  forgetManagerTwoFactor,
  managerPage,
  PHONE,
  screenshot,
  TABLET,
} from './admin-support';
import { expectAxeClean, expectNoSidewaysScroll, settle } from './support';

// The demo manager makes a promo code for one of their cinemas from /admin/promos: mistakes shown
// at their fields with nothing lost, the code made, its usage shown, then turned off and found
// under "Turned off". Axe in light and dark, no sideways scroll at 768 px, screenshots at 1280 px.

let session: BrowserContextOptions['storageState'];

test.beforeAll(async ({ browser }) => {
  session = await enrolledManager(browser);
});

test.afterAll(forgetManagerTwoFactor);

test('a manager makes a promo code for their cinema, sees its use, and turns it off', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = await managerPage(browser, session);
  const code = `E2E${Date.now().toString(36).toUpperCase()}`;

  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Promo codes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Promo codes' })).toBeVisible();
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-promos-list');
  await screenshot(page, 'admin-promos-list');

  await page.getByRole('link', { name: 'New code' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New promo code' })).toBeVisible();
  await page.getByRole('button', { name: 'Make code' }).click();
  await expect(
    page.getByText('3 to 32 letters, digits, hyphens or underscores, e.g. DIWALI25.'),
  ).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Code' })).toBeFocused();

  await page.getByRole('textbox', { name: 'Code' }).fill(code.toLowerCase());
  await page.getByLabel('Description').fill('15 % off for two seats or more');
  await page.getByLabel('Per cent off').fill('15');
  await page.getByLabel('At most (₹, optional)').fill('250');
  await page.getByLabel('Minimum seats per booking').fill('2');
  await page.getByLabel('Uses in all (optional)').fill('100');
  const cinemas = page.getByRole('group', { name: 'Cinemas' });
  // The manager runs two cinemas: none ticked is refused (only admins make codes for every cinema).
  await expect(cinemas.getByRole('checkbox')).toHaveCount(2);
  await page.getByRole('button', { name: 'Make code' }).click();
  const refusal = 'Choose the cinemas it works at: only an admin may make a code for every cinema.';
  await expect(cinemas.getByText(refusal)).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: refusal })).toHaveText(
    `${refusal} See the field marked above.`,
  );
  await expect(page.getByRole('textbox', { name: 'Code' })).toHaveValue(code.toLowerCase());
  await expect(page.getByLabel('Per cent off')).toHaveValue('15');
  await cinemas.getByRole('checkbox').first().check();
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-promo-new');
  await screenshot(page, 'admin-promo-new');
  await page.setViewportSize(TABLET);
  await expectNoSidewaysScroll(page, 'admin-promo-new-768');
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page, 'admin-promo-new-375');
  await page.setViewportSize(DESKTOP);

  await page.getByRole('button', { name: 'Make code' }).click();
  await expect(page).toHaveURL(/\/admin\/promos\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole('heading', { level: 1, name: code })).toBeVisible();
  const usage = page.getByRole('region', { name: 'Used so far' });
  await expect(usage).toContainText('Bookings0');
  await expect(usage).toContainText('Uses left100');

  // Turned off, in dark mode.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.getByLabel('Per cent off')).toHaveValue('15');
  await page.getByLabel('On: customers can use it').uncheck();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved ${code}.` })).toBeVisible();
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-promo-edit-dark');
  await screenshot(page, 'admin-promo-edit-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.goto('/admin/promos?status=inactive');
  await expect(page.getByRole('table').getByRole('link', { name: code })).toBeVisible();
  await page.goto('/admin/promos?status=current');
  await expect(page.getByRole('table').getByRole('link', { name: code })).toHaveCount(0);
  await page.setViewportSize(TABLET);
  await expectNoSidewaysScroll(page, 'admin-promos-list-768');
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page, 'admin-promos-list-375');
});
