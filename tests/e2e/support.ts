import { expect, type Page } from '@playwright/test';

// What several browser tests do the same way: sign in or up as a user would, and find a
// showtime and seats that suit the test from the live seat map.

export const DEMO_PASSWORD = 'marquee-demo';

/** Signs in through the form; the header's "Sign out" shows it worked. */
export async function signIn(page: Page, email = 'customer@marquee.test', password = DEMO_PASSWORD) {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** Signs up a new account and verifies it with the code from /dev/mail; ends signed in. */
export async function signUpVerified(page: Page, name: string): Promise<{ email: string; password: string }> {
  const email = `${name.toLowerCase().replace(/\W/g, '')}-${Date.now()}@example.com`;
  const password = 'a-long-enough-password';
  await page.goto('/signup');
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
