import { expect, test } from '@playwright/test';
import { withE2eDb } from './db';
import { expectAxeClean, settle, signUpVerified } from './support';

// The live dashboard when its session is revoked elsewhere ("sign out everywhere" from an API
// client): the page says it is signed out instead of freezing on "Live" with old numbers.

test.use({ bypassCSP: true });

test('the live dashboard says "Signed out" when its session is signed out everywhere', async ({
  page,
  request,
}, testInfo) => {
  const { email, password } = await signUpVerified(page, 'Ravi Usher');
  // Made staff of a demo cinema by hand (staff need no second factor).
  await withE2eDb(async (db) => {
    const { rows } = await db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [email]);
    const userId = rows[0]?.id;
    await db.query(`UPDATE users SET role = 'STAFF' WHERE id = $1::uuid`, [userId]);
    await db.query(
      `INSERT INTO cinema_staff (user_id, cinema_id, role)
       SELECT $1::uuid, id, 'STAFF' FROM cinemas ORDER BY name LIMIT 1`,
      [userId],
    );
  });
  // The server remembers a viewer for up to 5 s after a change made outside Marquee.
  await expect
    .poll(
      async () => {
        await page.goto('/admin');
        return page.getByRole('heading', { level: 1, name: 'Dashboard' }).isVisible();
      },
      { timeout: 15_000, intervals: [1_000] },
    )
    .toBe(true);
  await expect(page.locator('[data-live-state="live"]')).toBeVisible();

  const issued = await request.post('/api/v1/auth/token', { data: { email, password } });
  const { accessToken } = (await issued.json()) as { accessToken: string };
  const ended = await request.post('/api/v1/auth/sign-out-everywhere', {
    headers: { authorization: `Bearer ${accessToken}` },
  });
  expect(ended.status()).toBe(200);

  await expect(page.locator('[data-live-state="ended"]')).toContainText('Signed out.');
  await expect(page.getByRole('status').filter({ hasText: 'Signed out.' })).toHaveCount(1);
  await expect(page.getByRole('link', { name: 'Sign in again' })).toHaveAttribute(
    'href',
    '/signin?callbackUrl=%2Fadmin',
  );
  await settle(page);
  await expectAxeClean(page, testInfo, 'dashboard signed out');
});
