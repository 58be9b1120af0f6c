import { expect, test } from '@playwright/test';
import { expectAxeClean, expectNoSidewaysScroll, settle, signUpVerified } from './support';

// The display name on the account page, on a phone (375 px): the form's inline error, the saved
// status, and the account menu and session showing the new name without signing in again.

test.use({ bypassCSP: true });

test('changes the display name from the account page at 375 px, and the account menu follows', async ({
  page,
}, testInfo) => {
  await signUpVerified(page, 'Tara Old');
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto('/account');
  const field = page.getByLabel('Display name');
  await expect(field).toHaveValue('Tara Old');
  await settle(page);
  await expectNoSidewaysScroll(page, 'account page at 375 px');
  await expectAxeClean(page, testInfo, 'account page at 375 px');

  // An empty name: the shared schema's message, at the field, before anything is sent.
  await field.fill('   ');
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(field).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Tell us your name')).toBeVisible();
  await expect(field).toBeFocused();

  await field.fill('  Kavya Menon ');
  await field.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Saved. You are now Kavya Menon.' })).toBeVisible();
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(field).toHaveValue('Kavya Menon');

  // The header's account menu (the phone's) says the new name, without a reload...
  const menu = page.getByRole('button', { name: 'Account menu' });
  await expect(menu).toHaveText('K');
  await menu.click();
  await expect(page.getByText('Signed in as Kavya')).toBeVisible();
  await page.keyboard.press('Escape');
  // ...and the session itself carries it (the cookie was re-issued).
  const session = (await (await page.request.get('/api/auth/session')).json()) as {
    user?: { name?: string };
  };
  expect(session.user?.name).toBe('Kavya Menon');

  await page.reload();
  await expect(page.getByLabel('Display name')).toHaveValue('Kavya Menon');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await page.setViewportSize({ width: 360, height: 800 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'account page at 360 px, dark');
  await expectAxeClean(page, testInfo, 'account page at 360 px, dark');
});
