import { type BrowserContext, expect, type Page, test } from '@playwright/test';

// Two people on one showtime's seat map: what one does, the other sees within a second.

async function signIn(page: Page, email = 'customer@marquee.test') {
  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('marquee-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
}

/** A showtime tomorrow (so the whole day is ahead) from the first film's page. */
async function someShowtime(page: Page): Promise<string> {
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('en-CA', {
    timeZone: 'Asia/Kolkata',
  });
  await page.goto('/');
  const film = page.getByRole('list', { name: 'Films now showing' }).getByRole('link').first();
  const href = await film.getAttribute('href');
  await page.goto(`${href}?date=${tomorrow}`);
  const links = page.getByRole('list', { name: 'Cinemas' }).getByRole('link');
  const n = await links.count();
  // A different showtime for each test, so tests do not see each other's holds.
  const pick = links.nth(Math.floor(Math.random() * n));
  return (await pick.getAttribute('href')) as string;
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

  const started = Date.now();
  await seat(pa, 'E', 5, /available/).click();
  await seat(pa, 'E', 6, /available/).click();
  await expect(seat(pb, 'E', 5, /held by someone else/)).toBeVisible({ timeout: 1_000 });
  await expect(seat(pb, 'E', 6, /held by someone else/)).toBeVisible({ timeout: 1_000 });
  expect(Date.now() - started).toBeLessThan(3_000);
  await expect(pa.getByText(/held for \d+:\d{2}/)).toBeVisible();
  await expect(seat(pa, 'E', 5)).toHaveAttribute('aria-pressed', 'true');

  // B cannot take A's seat.
  await expect(seat(pb, 'E', 5)).toHaveAttribute('aria-disabled', 'true');

  await pa.getByRole('button', { name: 'Clear' }).click();
  await expect(seat(pb, 'E', 5, /available/)).toBeVisible({ timeout: 1_000 });
  await expect(seat(pb, 'E', 6, /available/)).toBeVisible({ timeout: 1_000 });
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
  await seat(pa, 'D', 3, /available/).click();
  await seat(pa, 'D', 4, /available/).click();
  await expect(seat(pb, 'D', 3, /held by someone else/)).toBeVisible({ timeout: 2_000 });
  await pa.goto('/');
  await expect(seat(pb, 'D', 3, /available/)).toBeVisible({ timeout: 3_000 });
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
  const first = seat(page, 'C', 4, /available/);
  await expect(first).toHaveAttribute(
    'aria-label',
    /^Row C, seat 4, (Standard|Premium|Recliner), ₹[\d,]+, available$/,
  );
  await first.focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Space');
  await expect(seat(page, 'C', 5)).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await expect(seat(page, 'C', 6)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Continue to payment' })).toBeEnabled();
  await page.getByRole('button', { name: 'Clear' }).click();
});

test('a selection that would strand a single seat is refused with an explanation', async ({ page }) => {
  await signIn(page);
  const url = await someShowtime(page);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();
  // Row B from its first seat: taking seats 2 and 3 leaves seat 1 alone at the row end.
  await seat(page, 'B', 2, /available/).click();
  await expect(page.getByRole('alert')).toContainText(/leave seat B1 on its own/);
  await expect(seat(page, 'B', 2)).toHaveAttribute('aria-pressed', 'false');
});

test('a signed-out visitor sees the live map and is asked to sign in to choose', async ({ page }) => {
  const url = await someShowtime(page);
  await page.goto(url);
  await expect(page.getByText('Live').first()).toBeVisible();
  await seat(page, 'C', 4, /available/).click();
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
  await seat(pa, 'F', 7, /available/).click();
  await seat(pa, 'F', 8, /available/).click();
  await expect(seat(pb, 'F', 7, /held by someone else/)).toBeVisible({ timeout: 2_000 });
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
  await expect(seat(pb, 'F', 7, /available/)).toBeVisible({ timeout: 3_000 });
  await expect(seat(pa, 'F', 7, /available/)).toBeVisible({ timeout: 3_000 });
  await a.close();
  await b.close();
});
