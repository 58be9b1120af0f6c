import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { withE2eDb } from './db';
import { enrolTwoFactor, signIn } from './support';

// What the admin pages' browser tests share: the demo manager signed in with two-factor
// authentication turned on (the admin area asks for it), and screenshots kept with the report.

export const MANAGER = 'manager@marquee.test';
export const DESKTOP = { width: 1280, height: 800 };
export const TABLET = { width: 768, height: 1024 };
export const PHONE = { width: 375, height: 800 };
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

export async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(`${name}.png`, { path: file, contentType: 'image/png' });
}

/** Signs the demo manager in and turns 2FA on; the session, for each test's own context. */
export async function enrolledManager(browser: Browser): Promise<BrowserContextOptions['storageState']> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, MANAGER);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
  await enrolTwoFactor(page);
  const session = await context.storageState();
  await context.close();
  return session;
}

/** Other browser tests sign the demo manager in with the password alone: give the account back. */
export async function forgetManagerTwoFactor() {
  await withE2eDb((db) =>
    db.query(`DELETE FROM totp_credentials WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [
      MANAGER,
    ]),
  );
}

export async function managerPage(
  browser: Browser,
  session: BrowserContextOptions['storageState'],
): Promise<Page> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    reducedMotion: 'reduce',
    bypassCSP: true,
    storageState: session,
  });
  return context.newPage();
}
