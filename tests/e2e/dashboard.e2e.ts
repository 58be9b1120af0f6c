import { type BrowserContextOptions, expect, type Page, test } from '@playwright/test';
import { withE2eDb } from './db';
import {
  chooseSeats,
  DEMO_MANAGER,
  demoManagerSession,
  expectAxeClean,
  expectNoSidewaysScroll,
  forgetDemoManagerTwoFactor,
  freeBlocks,
  middleSeats,
  settle,
  signIn,
  tomorrow,
} from './support';

// The live dashboard and the admin area on a phone: the numbers move when a customer books on the
// public site in another browser (no reload), every admin page fits 375 px with its menu
// reachable, axe finds nothing serious in light or dark mode, and cancelling a show says what it
// refunds before it is confirmed.

let session: BrowserContextOptions['storageState'];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  session = await demoManagerSession(browser);
});

test.afterAll(async () => {
  await forgetDemoManagerTwoFactor();
});

/**
 * A show tomorrow at one of the demo manager's cinemas, the least sold first, with a free block
 * long enough for `count` seats in its middle (small-block rooms, seats in fours, are skipped).
 */
async function managersShowTomorrow(page: Page, count: number) {
  const rows = await withE2eDb(async (db) => {
    const { rows } = await db.query<{ id: string; cinema_id: string; movie_id: string }>(
      `SELECT sh.id::text, sc.cinema_id::text, sh.movie_id::text
       FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id
       JOIN cinema_staff cs ON cs.cinema_id = sc.cinema_id AND cs.role = 'MANAGER'
       JOIN users u ON u.id = cs.user_id AND u.email = $1
       WHERE sh.status = 'SCHEDULED' AND (sh.starts_at AT TIME ZONE 'Asia/Kolkata')::date = $2::date
       ORDER BY (SELECT count(*) FROM seat_claims c WHERE c.showtime_id = sh.id), random()
       LIMIT 20`,
      [DEMO_MANAGER, tomorrow()],
    );
    return rows;
  });
  for (const row of rows) {
    if ((await freeBlocks(page, `/showtimes/${row.id}`)).some((b) => b.length >= count + 4)) {
      return { id: row.id, cinemaId: row.cinema_id, movieId: row.movie_id };
    }
  }
  throw new Error('no show tomorrow at the demo manager’s cinemas has room');
}

const showStatus = (id: string) =>
  withE2eDb(
    async (db) =>
      (await db.query<{ status: string }>('SELECT status::text FROM showtimes WHERE id = $1::uuid', [id]))
        .rows[0]?.status,
  );

const ticketsSold = async (page: Page) =>
  Number(((await page.getByTestId('tickets-sold').textContent()) ?? '').replace(/[^\d]/g, ''));

test('the dashboard’s numbers move when a customer books on the public site, without a reload', async ({
  browser,
}) => {
  const managerContext = await browser.newContext({
    storageState: session,
    viewport: { width: 1280, height: 900 },
  });
  const dashboard = await managerContext.newPage();
  await dashboard.goto('/admin');
  await expect(dashboard.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(dashboard.locator('[data-live-state="live"]')).toBeVisible();
  const before = await ticketsSold(dashboard);
  const netBefore = await dashboard.getByTestId('revenue-net').textContent();
  // Set on this very document: still there afterwards means the page was never reloaded.
  await dashboard.evaluate(() => {
    (window as unknown as { stillHere: boolean }).stillHere = true;
  });

  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await signIn(customer);
  const show = await managersShowTomorrow(customer, 2);
  const url = `/showtimes/${show.id}`;
  await customer.goto(url);
  await chooseSeats(customer, await middleSeats(customer, url, 2));
  await customer.getByRole('button', { name: 'Continue to payment' }).click();
  await expect(customer.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
  await customer.getByLabel('Expiry (MM/YY)').fill('12/34');
  await customer.getByLabel('Security code (CVC)').fill('123');
  const sentAt = Date.now();
  await customer.getByRole('button', { name: /^Pay ₹/ }).click();
  await customer.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);

  await expect.poll(() => ticketsSold(dashboard), { timeout: 10_000 }).toBe(before + 2);
  console.log(`dashboard moved ${Date.now() - sentAt} ms after the customer pressed Pay`);
  await expect(dashboard.getByTestId('revenue-net')).not.toHaveText(netBefore ?? '');
  expect(await dashboard.evaluate(() => (window as unknown as { stillHere?: boolean }).stillHere)).toBe(true);
  await expect(dashboard.getByText(/last change/)).toBeVisible();
  await customerContext.close();
  await managerContext.close();
});

test('every admin page fits a phone, with the admin menu reachable', async ({ browser }) => {
  test.setTimeout(300_000);
  const ids = await withE2eDb(async (db) => {
    const one = async (sql: string, params: unknown[] = []) =>
      ((await db.query<{ id: string }>(sql, params)).rows[0]?.id ?? null) as string | null;
    const cinema = await one(
      `SELECT cs.cinema_id::text AS id FROM cinema_staff cs JOIN users u ON u.id = cs.user_id
       WHERE u.email = $1 AND cs.role = 'MANAGER' ORDER BY cs.cinema_id LIMIT 1`,
      [DEMO_MANAGER],
    );
    return {
      cinema,
      screen: await one(`SELECT id::text FROM screens WHERE cinema_id = $1::uuid ORDER BY name LIMIT 1`, [
        cinema,
      ]),
      film: await one(`SELECT id::text FROM movies ORDER BY title LIMIT 1`),
      // A code of the manager's own cinema (others' are not theirs to open).
      promo: await one(
        `SELECT pc.promo_code_id::text AS id FROM promo_code_cinemas pc WHERE pc.cinema_id = $1::uuid
         ORDER BY pc.promo_code_id LIMIT 1`,
        [cinema],
      ),
      showtime: await one(
        `SELECT sh.id::text FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id
         WHERE sc.cinema_id = $1::uuid AND sh.starts_at > now() ORDER BY sh.starts_at LIMIT 1`,
        [cinema],
      ),
    };
  });
  const c = `/admin/cinemas/${ids.cinema}`;
  const pages = [
    '/admin',
    `/admin?date=${tomorrow()}`,
    '/admin/check-in',
    '/admin/audit',
    '/admin/refunds',
    '/admin/films',
    '/admin/films/new',
    `/admin/films/${ids.film}`,
    '/admin/promos',
    '/admin/promos/new',
    ...(ids.promo ? [`/admin/promos/${ids.promo}`] : []),
    '/admin/cinemas',
    c,
    `${c}/prices`,
    `${c}/programme`,
    `${c}/screens`,
    `${c}/screens/new`,
    `${c}/screens/${ids.screen}`,
    `${c}/screens/${ids.screen}/layout`,
    `${c}/staff`,
    `/admin/showtimes/${ids.showtime}/door`,
  ];
  const context = await browser.newContext({ storageState: session, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  for (const path of pages) {
    const res = await page.goto(path);
    expect.soft(res?.status(), `${path} answers`).toBe(200);
    await settle(page);
    await expectNoSidewaysScroll(page, `${path} at 375 px`);
    const nav = page.getByRole('navigation', { name: 'Admin' });
    const menu = nav.getByRole('button', { name: /Admin menu/ });
    await expect.soft(menu, `${path} has the admin menu`).toBeVisible({ timeout: 2_000 });
    if (!(await menu.isVisible())) continue;
    await menu.click();
    await expect.soft(nav.getByRole('link', { name: 'Dashboard' }), `${path}: the menu opens`).toBeVisible();
    await expectNoSidewaysScroll(page, `${path} at 375 px, menu open`);
  }
  // /admin/cinemas/new is for admins only (a manager gets the admin area's 404).
  // From the menu to another page, on a phone.
  await page.goto('/admin/films');
  await page.getByRole('button', { name: /Admin menu/ }).click();
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Audit log' })).toBeHidden();
  await context.close();
});

test('the dashboard and the audit log are axe-clean, in light and dark mode', async ({
  browser,
}, testInfo) => {
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const viewport of [
      { width: 1280, height: 900 },
      { width: 375, height: 800 },
    ]) {
      const context = await browser.newContext({ storageState: session, viewport, colorScheme });
      const page = await context.newPage();
      for (const path of ['/admin', '/admin/audit']) {
        await page.goto(path);
        await settle(page);
        expect(await page.evaluate(() => document.documentElement.classList.contains('dark'))).toBe(
          colorScheme === 'dark',
        );
        if (path === '/admin') await page.getByText('Sales per hour as a table').click();
        await expectAxeClean(page, testInfo, `${path} ${colorScheme} ${viewport.width}px`);
      }
      await context.close();
    }
  }
});

test('cancelling a show says how many bookings and how much money it refunds, before it is confirmed', async ({
  browser,
}) => {
  // A booking on a show, through the REST API as a customer would.
  const customerContext = await browser.newContext();
  const customer = await customerContext.newPage();
  await signIn(customer);
  const show = await managersShowTomorrow(customer, 3);
  const seats = await middleSeats(customer, `/showtimes/${show.id}`, 3);
  const hold = await customer.request.post(`/api/v1/showtimes/${show.id}/holds`, {
    data: { seatIds: seats.map((s) => s.id) },
  });
  expect(hold.status()).toBe(201);
  const { holdId } = (await hold.json()) as { holdId: string };
  await customer.goto(`/checkout/${holdId}`);
  await customer.getByLabel('Card number').fill('4242 4242 4242 4242');
  await customer.getByLabel('Expiry (MM/YY)').fill('12/34');
  await customer.getByLabel('Security code (CVC)').fill('123');
  await customer.getByRole('button', { name: /^Pay ₹/ }).click();
  await customer.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  await customerContext.close();

  const expected = await withE2eDb(async (db) => {
    const { rows } = await db.query<{ n: number; tickets: number; total: string }>(
      `SELECT count(DISTINCT b.id)::int AS n, count(t.id)::int AS tickets,
              (SELECT sum(total_minor) FROM bookings WHERE showtime_id = $1::uuid AND status = 'CONFIRMED')::text AS total
       FROM bookings b JOIN tickets t ON t.booking_id = b.id WHERE b.showtime_id = $1::uuid AND b.status = 'CONFIRMED'`,
      [show.id],
    );
    return rows[0]!;
  });
  expect(expected.n).toBeGreaterThan(0);
  const context = await browser.newContext({ storageState: session, viewport: { width: 375, height: 800 } });
  const page = await context.newPage();
  await page.goto(`/admin?cinemaId=${show.cinemaId}&movieId=${show.movieId}&date=${tomorrow()}`);
  const row = page.getByRole('listitem').filter({ has: page.locator(`a[href="/showtimes/${show.id}"]`) });
  await row.getByRole('button', { name: /^Cancel show/ }).click();
  const dialog = page.getByRole('dialog');
  const preview = dialog.getByTestId('cancel-preview');
  await expect(preview).toHaveText(
    new RegExp(
      `^${expected.n} bookings? \\(${expected.tickets} tickets?\\) will be cancelled and ₹[\\d,.]+ refunded in full\\.$`,
    ),
  );
  const text = (await preview.textContent()) ?? '';
  const refunded = Math.round(Number(/₹([\d,.]+)/.exec(text)?.[1]?.replace(/,/g, '')) * 100);
  expect(refunded).toBe(Number(expected.total));
  const money = /₹[\d,.]+/.exec(text)?.[0] ?? '';
  await expectNoSidewaysScroll(page, 'the cancel dialog at 375 px');
  // Nothing is cancelled by looking.
  expect(await showStatus(show.id)).toBe('SCHEDULED');
  await dialog.getByLabel('Why? Customers will see this.').fill('Projector failure');
  await dialog.getByRole('button', { name: `Cancel and refund ${money}` }).click();
  await expect(row.getByText('Cancelled', { exact: true })).toBeVisible();
  expect(await showStatus(show.id)).toBe('CANCELLED');
  await context.close();
});
