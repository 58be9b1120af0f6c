import { expect, test } from '@playwright/test';
import { expectAxeClean, expectNoSidewaysScroll, settle, signIn, signUpVerified } from './support';

// "Sign out everywhere" on the security page ends this browser's session, another browser's, and
// an API client's access and refresh tokens, all at once.

test('sign out everywhere ends every browser session and every API token of the account', async ({
  page,
  browser,
  request,
}, testInfo) => {
  const { email, password } = await signUpVerified(page, 'Nila Das');

  // Another device, signed in through the form.
  const other = await browser.newContext();
  const otherPage = await other.newPage();
  await signIn(otherPage, email, password);

  // An API client.
  const issued = await request.post('/api/v1/auth/token', { data: { email, password } });
  expect(issued.status()).toBe(200);
  const { accessToken, refreshToken } = (await issued.json()) as {
    accessToken: string;
    refreshToken: string;
  };
  const bearer = { authorization: `Bearer ${accessToken}` };
  expect((await request.get('/api/v1/bookings', { headers: bearer })).status()).toBe(200);

  await page.goto('/account/security');
  const button = page.getByRole('button', { name: 'Sign out everywhere' });
  await expect(page.getByRole('heading', { name: 'Sessions' })).toBeVisible();
  await expect(button).toBeVisible();
  await settle(page);
  await expectAxeClean(page, testInfo, 'security page');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await expectAxeClean(page, testInfo, 'security page, dark');
  await page.setViewportSize({ width: 375, height: 800 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'security page at 375 px');

  // Keyboard: focus the button and press Enter.
  await button.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Faccount%2Fsecurity/);
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();

  // The other browser is signed out on its next page.
  await otherPage.goto('/account/security');
  await expect(otherPage).toHaveURL(/\/signin\?callbackUrl=/);
  await other.close();

  // The API client's access token and refresh token are refused.
  expect((await request.get('/api/v1/bookings', { headers: bearer })).status()).toBe(401);
  const refreshed = await request.post('/api/v1/auth/refresh', { data: { refreshToken } });
  expect(refreshed.status()).toBe(401);
  expect(((await refreshed.json()) as { error: { code: string } }).error.code).toBe('REFRESH_TOKEN_INVALID');

  // Signing in again works.
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/account\/security$/);
});
