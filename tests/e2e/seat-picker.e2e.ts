import { type BrowserContext, expect, type Page, test } from '@playwright/test';

// Two people on one showtime's seat map: what one does, the other sees within a second.

async function signIn(page: Page, email = 'customer@marquee.test') {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('marquee-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/**
 * A showtime tomorrow (so the whole day is ahead) from the first film's page, picked at random so
 * tests do not see each other's holds, among those with a free block long enough for any test
 * here (small-block rooms such as 4DX, seats in fours, are skipped).
 */
async function someShowtime(page: Page): Promise<string> {
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', {
    timeZone: 'Asia/Kolkata',
  });
  await page.goto('/');
  const film = page.getByRole('list', { name: 'Films now showing' }).getByRole('link').first();
  const href = await film.getAttribute('href');
  await page.goto(`${href}?date=${tomorrow}`);
  const links = page.getByRole('list', { name: 'Cinemas' }).locator('a[href^="/showtimes/"]');
  await links.first().waitFor();
  const hrefs = (await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))).sort(
    () => Math.random() - 0.5,
  );
  for (const url of hrefs) {
    if ((await freeBlocks(page, url)).some((b) => b.length >= LONGEST_NEEDED)) return url;
  }
  throw new Error('no showtime tomorrow has a free block long enough');
}

/** middleSeats(…, 3) needs 3 seats with 2 free on each side. */
const LONGEST_NEEDED = 7;

type MapSeat = {
  id: string;
  row: string;
  number: number;
  rowIndex: number;
  col: number;
  kind: string;
  state: string;
};

/** Runs of side-by-side free ordinary seats (what the orphan rule calls a block), longest first. */
async function freeBlocks(page: Page, url: string): Promise<MapSeat[][]> {
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

/** `count` free seats in the middle of a long block: choosing them never strands a seat. */
async function middleSeats(page: Page, url: string, count: number): Promise<MapSeat[]> {
  const block = (await freeBlocks(page, url)).find((b) => b.length >= count + 4);
  if (!block) throw new Error('no block of free seats long enough on this showtime');
  return block.slice(2, 2 + count);
}

const seat = (page: Page, row: string, n: number, state?: RegExp) =>
  page.getByRole('button', {
    name: new RegExp(`^Row ${row}, seat ${n},${state ? `.*${state.source}` : ''}`),
  });

async function openPicker(context: BrowserContext, url: string) {
  const page = await context.newPage();
  await page.goto(url);
  await expect(page.getByText('Live', { exact: false }).first()).toBeVisible();
  return page;
}

test('a hold by one viewer appears on another’s map within a second, and disappears when released', async ({
  browser,
}) => {
  const a = await browser.newContext();
  const b = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const pa = await a.newPage();
  await signIn(pa);
  const url = await someShowtime(pa);
  await pa.goto(url);
  await expect(pa.getByText('Live').first()).toBeVisible();
  const pb = await openPicker(b, url);

  const [s1, s2] = (await middleSeats(pa, url, 2)) as [MapSeat, MapSeat];
  const started = Date.now();
  await seat(pa, s1.row, s1.number, /available/).click();
  await seat(pa, s2.row, s2.number, /available/).click();
  await expect(seat(pb, s1.row, s1.number, /held by someone else/)).toBeVisible({ timeout: 1_000 });
  await expect(seat(pb, s2.row, s2.number, /held by someone else/)).toBeVisible({ timeout: 1_000 });
  expect(Date.now() - started).toBeLessThan(3_000);
  await expect(pa.getByText(/held for \d+:\d{2}/)).toBeVisible();
  await expect(seat(pa, s1.row, s1.number)).toHaveAttribute('aria-pressed', 'true');

  // B cannot take A's seat.
  await expect(seat(pb, s1.row, s1.number)).toHaveAttribute('aria-disabled', 'true');

  await pa.getByRole('button', { name: 'Clear' }).click();
  await expect(seat(pb, s1.row, s1.number, /available/)).toBeVisible({ timeout: 1_000 });
  await expect(seat(pb, s2.row, s2.number, /available/)).toBeVisible({ timeout: 1_000 });
  await a.close();
  await b.close();
});

test('when a viewer leaves the page, their seats go back on sale for the others', async ({ browser }) => {
  const a = await browser.newContext();
  const pa = await a.newPage();
  await signIn(pa);
  const url = await someShowtime(pa);
  const b = await browser.newContext();
  const pb = await openPicker(b, url);
  await pa.goto(url);
  const [s1, s2] = (await middleSeats(pa, url, 2)) as [MapSeat, MapSeat];
  await seat(pa, s1.row, s1.number, /available/).click();
  await seat(pa, s2.row, s2.number, /available/).click();
  await expect(seat(pb, s1.row, s1.number, /held by someone else/)).toBeVisible({ timeout: 2_000 });
  await pa.goto('/');
  await expect(seat(pb, s1.row, s1.number, /available/)).toBeVisible({ timeout: 3_000 });
  await a.close();
  await b.close();
});

test('seats can be chosen with the keyboard alone, with labels a screen reader can read', async ({
  page,
}) => {
  await signIn(page);
  const url = await someShowtime(page);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();
  const [a, b, c] = (await middleSeats(page, url, 3)) as [MapSeat, MapSeat, MapSeat];
  const first = seat(page, a.row, a.number, /available/);
  await expect(first).toHaveAttribute(
    'aria-label',
    new RegExp(`^Row ${a.row}, seat ${a.number}, (Standard|Premium|Recliner), ₹[\\d,]+, available$`),
  );
  await first.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(seat(page, b.row, b.number)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(seat(page, c.row, c.number)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue to payment' })).toBeEnabled();
  await page.getByRole('button', { name: 'Clear' }).click();
});

test('a selection that would strand a single seat is refused with an explanation', async ({ page }) => {
  await signIn(page);
  const url = await someShowtime(page);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();
  // The second seat of a block alone would leave the first one stranded at the block's end.
  const block = (await freeBlocks(page, url)).find((b) => b.length >= 4) as MapSeat[];
  const [end, second] = block as [MapSeat, MapSeat];
  await seat(page, second.row, second.number, /available/).click();
  await expect(
    page.getByRole('alert').filter({ hasText: `leave seat ${end.row}${end.number} on its own` }),
  ).toBeVisible();
  await expect(seat(page, second.row, second.number)).toHaveAttribute('aria-pressed', 'false');
});

test('a signed-out visitor sees the live map and is asked to sign in to choose', async ({ page }) => {
  const url = await someShowtime(page);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();
  const [s1] = (await middleSeats(page, url, 1)) as [MapSeat];
  await seat(page, s1.row, s1.number, /available/).click();
  await expect(page.getByRole('status').filter({ hasText: 'Sign in to choose seats.' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Sign in' }).last()).toHaveAttribute('href', /callbackUrl=/);
});

test('when a hold expires, every viewer sees the seats free again', async ({ browser }) => {
  const { withE2eDb } = await import('./db');
  const a = await browser.newContext();
  const pa = await a.newPage();
  await signIn(pa);
  const url = await someShowtime(pa);
  await pa.goto(url);
  await expect(pa.getByText('Live').first()).toBeVisible();
  const b = await browser.newContext();
  const pb = await openPicker(b, url);
  const [s1, s2] = (await middleSeats(pa, url, 2)) as [MapSeat, MapSeat];
  await seat(pa, s1.row, s1.number, /available/).click();
  await seat(pa, s2.row, s2.number, /available/).click();
  await expect(seat(pb, s1.row, s1.number, /held by someone else/)).toBeVisible({ timeout: 2_000 });
  await expect(seat(pa, s2.row, s2.number)).toHaveAttribute('aria-pressed', 'true');
  // Eight minutes is long for a test: end the hold now, as its expiry would.
  const showtimeId = url.split('/').pop();
  await withE2eDb(async (db) => {
    await db.query(`UPDATE seat_holds SET expires_at = now() WHERE showtime_id = $1 AND status = 'ACTIVE'`, [
      showtimeId,
    ]);
    await db.query(`UPDATE seat_claims SET expires_at = now() WHERE showtime_id = $1 AND state = 'HELD'`, [
      showtimeId,
    ]);
  });
  await expect(seat(pb, s1.row, s1.number, /available/)).toBeVisible({ timeout: 3_000 });
  await expect(seat(pa, s1.row, s1.number, /available/)).toBeVisible({ timeout: 3_000 });
  await expect(pa.getByRole('status').filter({ hasText: 'Your hold on these seats ended' })).toBeVisible();
  await a.close();
  await b.close();
});
