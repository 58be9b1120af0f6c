import { createHmac } from 'node:crypto';
import { type Browser, type BrowserContextOptions, expect, type Page, type TestInfo } from '@playwright/test';
import axe, { type AxeResults, type ImpactValue } from 'axe-core';
import { withE2eDb } from './db';

// What several browser tests do the same way: sign in or up as a user would, turn on two-factor
// authentication with an authenticator computed here, find a showtime and seats that suit the
// test from the live seat map, and hold a page to the quality bar (axe, no sideways scroll).

export const DEMO_PASSWORD = 'marquee-demo';

/** Signs in through the form; the header's "Sign out" shows it worked. */
export async function signIn(page: Page, email = 'customer@marquee.test', password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // From 640 px the header has a Sign out button; below, the account menu's button.
  await expect(page.getByRole('button', { name: /^(Sign out|Account menu)$/ })).toBeVisible();
}

/** An authenticator app in a few lines (RFC 6238: HMAC-SHA1, 30 s, 6 digits). */
export function totp(base32Key: string, atMs = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const ch of base32Key.replace(/\s/g, '').toUpperCase())
    bits += alphabet.indexOf(ch).toString(2).padStart(5, '0');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((b) => Number.parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(atMs / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = (mac[19] as number) & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/**
 * Turns on two-factor authentication for the signed-in user on /account/security, as a person
 * with an authenticator app would; the session has then passed the second factor. Returns the key.
 */
export async function enrolTwoFactor(page: Page): Promise<string> {
  await page.goto('/account/security');
  await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
  const key = (await page.locator('code').first().textContent()) ?? '';
  expect(key.replace(/\s/g, '')).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel('2. Enter the 6-digit code it shows').fill(totp(key));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  return key;
}

export const DEMO_MANAGER = 'manager@marquee.test';

/**
 * The demo manager signed in with two-factor authentication turned on (the admin area asks for
 * it), as a session each test's own browser context can start from.
 */
export async function demoManagerSession(browser: Browser): Promise<BrowserContextOptions['storageState']> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, DEMO_MANAGER);
  await page.goto('/admin');
  await expect(page).toHaveURL(/\/account\/security\?required=1$/);
  await enrolTwoFactor(page);
  const session = await context.storageState();
  await context.close();
  return session;
}

/**
 * Other browser tests sign the demo manager in with the password alone (and ask the REST API for
 * a token without a code): gives the account back as the seed made it.
 */
export async function forgetDemoManagerTwoFactor(): Promise<void> {
  await withE2eDb((db) =>
    db.query(`DELETE FROM totp_credentials WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [
      DEMO_MANAGER,
    ]),
  );
}

/**
 * Signs up a new account and verifies it with the code from /dev/mail; ends signed in. `onPage`:
 * the sign-up form is already open (reached by a link), so it is not opened afresh.
 */
export async function signUpVerified(
  page: Page,
  name: string,
  options: { onPage?: boolean } = {},
): Promise<{ email: string; password: string }> {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.com`;
  const password = 'a-long-enough-password';
  if (!options.onPage) await page.goto('/signup');
  await page.getByLabel('Name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`We emailed a 6-digit code to ${email}`)).toBeVisible();
  const mailbox = await page.context().newPage();
  await mailbox.goto('/dev/mail');
  const text = await mailbox
    .getByRole('article')
    .filter({ hasText: `To ${email}` })
    .locator('pre')
    .textContent();
  await mailbox.close();
  await page.getByLabel('Verification code').fill(/\b(\d{6})\b/.exec(text ?? '')?.[1] ?? '');
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page.getByText(`Hi, ${name.split(' ')[0]}`)).toBeVisible();
  return { email, password };
}

/** Tomorrow in the cinemas' time zone: tomorrow always has a full day of shows ahead. */
export function tomorrow(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(
    new Date(Date.now() + 86_400_000),
  );
}

/** The first film on the home page. */
export async function firstFilm(page: Page): Promise<string> {
  await page.goto('/');
  const href = await page
    .getByRole('list', { name: 'Films now showing' })
    .getByRole('link')
    .first()
    .getAttribute('href');
  expect(href).toMatch(/^\/movies\//);
  return href as string;
}

export type MapSeat = {
  id: string;
  row: string;
  number: number;
  rowIndex: number;
  col: number;
  kind: string;
  state: string;
};

/** Runs of side-by-side free ordinary seats (what the orphan rule calls a block), longest first. */
export async function freeBlocks(page: Page, url: string): Promise<MapSeat[][]> {
  const res = await page.request.get(`/api/v1${url}/seats`);
  const { seats } = (await res.json()) as { seats: MapSeat[] };
  const blocks: MapSeat[][] = [];
  let current: MapSeat[] = [];
  const ordered = seats
    .filter((x) => x.kind === 'STANDARD')
    .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col);
  for (const x of ordered) {
    const prev = current.at(-1);
    if (!prev || prev.rowIndex !== x.rowIndex || x.col !== prev.col + 1 || x.state !== 'available') {
      if (current.length) blocks.push(current);
      current = x.state === 'available' ? [x] : [];
    } else current.push(x);
  }
  if (current.length) blocks.push(current);
  return blocks.sort((a, b) => b.length - a.length);
}

/**
 * A showtime tomorrow of the first film, picked at random so tests do not see each other's
 * holds, among those with a free block of at least `longest` seats (small-block rooms such as
 * 4DX, seats in fours, are skipped when a test needs more).
 */
export async function someShowtime(page: Page, longest: number): Promise<string> {
  await page.goto(`${await firstFilm(page)}?date=${tomorrow()}`);
  const links = page.getByRole('list', { name: 'Cinemas' }).locator('a[href^="/showtimes/"]');
  await links.first().waitFor();
  const hrefs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).sort(
    () => Math.random() - 0.5,
  );
  for (const url of hrefs) {
    if ((await freeBlocks(page, url)).some((b) => b.length >= longest)) return url;
  }
  throw new Error('no showtime tomorrow has a free block long enough');
}

/** `count` free seats in the middle of a long block (two free on each side): never strands a seat. */
export async function middleSeats(page: Page, url: string, count: number): Promise<MapSeat[]> {
  const block = (await freeBlocks(page, url)).find((b) => b.length >= count + 4);
  if (!block) throw new Error('no block of free seats long enough on this showtime');
  return block.slice(2, 2 + count);
}

/** Clicks each seat on the open seat picker, as a user would, and waits until it is theirs. */
export async function chooseSeats(page: Page, seats: MapSeat[]) {
  for (const s of seats) {
    await page
      .getByRole('button', { name: new RegExp(`^Row ${s.row}, seat ${s.number},.*available$`) })
      .click();
    await expect(
      page.getByRole('button', { name: new RegExp(`^Row ${s.row}, seat ${s.number},.*selected by you$`) }),
    ).toBeVisible();
  }
}

// ─── The quality bar: axe-core and sideways scrolling ──────────────────────────

const BLOCKING: ImpactValue[] = ['serious', 'critical'];
const IMPACTS: ImpactValue[] = ['critical', 'serious', 'moderate', 'minor'];

async function runAxe(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  return page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, { resultTypes: ['violations'] }),
  );
}

/** One line per page and viewport, then one per rule broken: what CI's log shows of axe. */
function summarize(name: string, results: AxeResults): string {
  const counts = IMPACTS.map(
    (impact) => `${impact} ${results.violations.filter((v) => v.impact === impact).length}`,
  ).join(', ');
  const rules = results.violations.map(
    (v) =>
      `    ${v.impact ?? 'n/a'} ${v.id} (${v.nodes.length}×): ${v.help} — ${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(' '))
        .join(' | ')}`,
  );
  return [`axe ${name}: ${results.violations.length ? counts : 'no violations'}`, ...rules].join('\n');
}

/**
 * Runs axe-core on the page as it is now, logs and attaches what it found, and (softly) expects
 * no serious or critical violation. The page's CSP must be bypassed (context `bypassCSP`) so
 * axe's inline script can be injected.
 */
export async function expectAxeClean(page: Page, testInfo: TestInfo, label: string) {
  const results = await runAxe(page);
  console.log(summarize(label, results));
  await testInfo.attach(`axe-${label}.json`, {
    body: JSON.stringify(
      {
        url: page.url(),
        viewport: page.viewportSize(),
        violations: results.violations,
        // Rules axe could not decide alone (contrast over a translucent header, say).
        needsReview: results.incomplete.map((v) => v.id),
      },
      null,
      2,
    ),
    contentType: 'application/json',
  });
  const blocking = results.violations.filter((v) => v.impact && BLOCKING.includes(v.impact));
  expect
    .soft(
      blocking.map((v) => `${v.impact} ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`),
      `serious or critical axe violations on ${label}`,
    )
    .toEqual([]);
}

/** Waits until fonts are in and a layout after a viewport change has been painted (two frames). */
export async function settle(page: Page) {
  await page.evaluate(() => document.fonts.ready);
  await page.evaluate(
    () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))),
  );
}

/** Expects (softly) that the page does not scroll sideways, naming what widens it if it does. */
export async function expectNoSidewaysScroll(page: Page, label: string) {
  const overflow = await page.evaluate(() => {
    const root = document.scrollingElement as Element;
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > root.clientWidth + 1;
    // What widens the page: the outermost elements past the right edge that no scrolling or
    // clipping box of their own contains (a seat map scrolling inside its frame is fine).
    const contained = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') return true;
      }
      return false;
    };
    const wide = [...document.querySelectorAll('body *')]
      .filter((el) => sticksOut(el) && !contained(el))
      .filter((el) => !el.parentElement || !sticksOut(el.parentElement))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].slice(0, 4).join('.')}`);
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, wide };
  });
  expect
    .soft(
      overflow.scrollWidth,
      `${label} scrolls sideways (widest offenders: ${overflow.wide.join(', ') || 'none found'})`,
    )
    .toBeLessThanOrEqual(overflow.clientWidth + 1);
}
