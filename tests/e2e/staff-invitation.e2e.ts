import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { withE2eDb } from './db';
import {
  DEMO_MANAGER,
  demoManagerSession,
  expectAxeClean,
  expectNoSidewaysScroll,
  forgetDemoManagerTwoFactor,
  settle,
  signIn,
} from './support';

// The demo manager invites a member of staff by email; the invitation arrives in the mailbox
// (/dev/mail: the outbox delivered it), its link opens the acceptance page, where the new person
// creates an account with the invited address and becomes staff at the cinema; the manager then
// revokes them, and the staff member's open session stops working on its next page. Along the
// way: a refused invitation (an address that is not one) loses nothing typed, axe in light and
// dark, and no sideways scroll at 768 px.

let session: BrowserContextOptions['storageState'];
let cinemaId = '';

test.beforeAll(async ({ browser }) => {
  session = await demoManagerSession(browser);
  cinemaId = await withE2eDb(async (db) => {
    const r = await db.query<{ id: string }>(
      `SELECT cs.cinema_id::text AS id FROM cinema_staff cs JOIN users u ON u.id = cs.user_id
       WHERE u.email = $1 AND cs.role = 'MANAGER' ORDER BY cs.cinema_id LIMIT 1`,
      [DEMO_MANAGER],
    );
    return r.rows[0]?.id ?? '';
  });
});

test.afterAll(forgetDemoManagerTwoFactor);

async function managerPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({ bypassCSP: true, storageState: session, ...options });
  return context.newPage();
}

test('a manager invites staff by email; they accept with a new account; revoking them signs them out', async ({
  browser,
}, testInfo) => {
  // The outbox is delivered by the scheduler every 10 s (server/main.ts); on a busy machine later.
  test.setTimeout(240_000);
  expect(cinemaId).not.toBe('');
  const email = `door-${Date.now()}@example.com`;
  const page = await managerPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`/admin/cinemas/${cinemaId}/staff`);
  await expect(page.getByRole('heading', { name: 'Staff', level: 1 })).toBeVisible();

  // A wrong address is refused at its field, keeping what was typed.
  const invite = page.getByRole('form', { name: 'Invite someone' });
  await invite.getByLabel('Email').fill('not-an-address');
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(invite.getByLabel('Email')).toHaveValue('not-an-address');
  await expect(invite.getByLabel('Email')).toHaveAttribute('aria-invalid', 'true');

  await invite.getByLabel('Email').fill(email);
  await invite.getByRole('button', { name: 'Send the invitation' }).click();
  await expect(page.getByText(`Invitation mailed to ${email}`)).toBeVisible();
  await expect(page.getByText(email, { exact: true })).toBeVisible();
  await expectAxeClean(page, testInfo, 'staff-light');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await settle(page);
  await expectAxeClean(page, testInfo, 'staff-dark');
  await page.setViewportSize({ width: 768, height: 1024 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'staff at 768 px');

  // The mail, delivered by the outbox to the local mailbox, carries the link.
  const mailbox = await page.context().newPage();
  let link = '';
  await expect(async () => {
    await mailbox.goto('/dev/mail');
    const text = await mailbox
      .getByRole('article')
      .filter({ hasText: `To ${email}` })
      .locator('pre')
      .first()
      // Short, so that a mail not there yet is looked for again rather than waited on.
      .textContent({ timeout: 2_000 })
      .catch(() => '');
    link = /(https?:\/\/\S+\/invitations\/accept\?token=[A-Za-z0-9_%-]+)/.exec(text ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
  }).toPass({ timeout: 150_000, intervals: [3_000] });
  await mailbox.close();

  // The invited person, not signed in, makes the account with the invited address.
  const guestContext = await browser.newContext({ bypassCSP: true });
  const guest = await guestContext.newPage();
  await guest.goto(new URL(link).pathname + new URL(link).search);
  await expect(guest.getByText(email).first()).toBeVisible();
  const form = guest.getByRole('form', { name: 'Create your account and accept' });
  await form.getByLabel('Your name').fill('Dev Door');
  await form.getByLabel('Choose a password').fill('a-long-enough-password');
  await form.getByRole('button', { name: 'Create my account and accept' }).click();
  await expect(guest.getByText('Your account is ready and the invitation accepted.')).toBeVisible();
  await expectAxeClean(guest, testInfo, 'invitation-accepted');
  await signIn(guest, email, 'a-long-enough-password');
  await guest.goto('/admin');
  await expect(guest).not.toHaveURL(/\/signin/);

  // The manager sees them, and revokes them.
  await page.goto(`/admin/cinemas/${cinemaId}/staff?q=${encodeURIComponent(email)}`);
  const row = page.getByRole('row', { name: /Dev Door/ });
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: 'Revoke Dev Door' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke and sign out' }).click();
  await expect(page.getByText('Nobody here matches these filters.')).toBeVisible();

  // Their open session is refused on its next page.
  await guest.goto('/admin');
  await expect(guest).toHaveURL(/\/signin/);
  await guestContext.close();
  await page.context().close();
});
