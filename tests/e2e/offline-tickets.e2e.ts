import { expect, type Page, test } from '@playwright/test';
import { expectAxeClean, expectNoSidewaysScroll, middleSeats, settle, signIn, someShowtime } from './support';

// Installable Marquee (16.6): the manifest and its icons, and the service worker (public/sw.js)
// that keeps the signed-in customer's upcoming tickets for the door. The network is cut with
// Playwright's offline emulation, which also cuts the worker's own fetches: a page never saved
// answers with the offline page, which shows the cut is real.

test.use({ viewport: { width: 375, height: 812 }, bypassCSP: true });

/** Books two seats of a showtime tomorrow (held through the API, paid by card); its reference. */
async function bookTwoSeats(page: Page): Promise<string> {
  const url = await someShowtime(page, 6);
  const seats = await middleSeats(page, url, 2);
  const res = await page.request.post(`/api/v1${url}/holds`, { data: { seatIds: seats.map((s) => s.id) } });
  expect(res.status(), await res.text()).toBe(201);
  const { holdId } = (await res.json()) as { holdId: string };
  await page.goto(`/checkout/${holdId}`);
  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByRole('button', { name: /^Pay ₹/ }).click();
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  return /\/bookings\/(MQ-[0-9A-Z]+)/.exec(page.url())?.[1] ?? '';
}

const offlineHeading = (page: Page) => page.getByRole('heading', { level: 1, name: 'You are offline' });

test('the web app manifest names the app, its start page and icons that exist', async ({ page }) => {
  const res = await page.request.get('/manifest.webmanifest');
  expect(res.status()).toBe(200);
  const manifest = (await res.json()) as {
    name: string;
    start_url: string;
    display: string;
    theme_color: string;
    icons: { src: string; sizes: string; purpose: string }[];
  };
  expect(manifest).toMatchObject({
    name: 'Marquee — cinema tickets',
    start_url: '/bookings',
    display: 'standalone',
  });
  expect(manifest.icons.map((i) => `${i.sizes} ${i.purpose}`)).toEqual([
    '192x192 any',
    '512x512 any',
    '512x512 maskable',
  ]);
  for (const icon of manifest.icons) {
    const png = await page.request.get(icon.src);
    expect(png.status(), icon.src).toBe(200);
    expect(png.headers()['content-type']).toBe('image/png');
  }
  await page.goto('/');
  await expect(page.locator('link[rel="manifest"]')).toHaveAttribute('href', '/manifest.webmanifest');
});

test('an upcoming ticket opens with the network cut; signing out forgets it', async ({
  page,
  context,
}, testInfo) => {
  await signIn(page);
  const reference = await bookTwoSeats(page);
  const qr = page.getByRole('img', { name: /^QR code for seat / });
  await expect(qr).toHaveCount(2);
  // The page asked the service worker to keep this booking, and it says so once it has.
  await expect(page.getByRole('status').filter({ hasText: 'Saved on this device' })).toBeVisible({
    timeout: 30_000,
  });
  const codes = await page.locator('li', { has: qr }).locator('.font-mono').allTextContents();
  expect(codes).toHaveLength(2);
  for (const code of codes) expect(code).toMatch(new RegExp(`^${reference}-[A-Z]+\\d+$`));
  // No signing certificate in this run: no Wallet button.
  await expect(page.getByRole('link', { name: /Add to Apple Wallet/ })).toHaveCount(0);
  // What the worker keeps: the shell, build files, and this customer's ticket page; nothing else.
  const cached = await page.evaluate(async () => {
    const out: string[] = [];
    for (const name of await caches.keys()) {
      for (const r of await (await caches.open(name)).keys()) out.push(`${name} ${new URL(r.url).pathname}`);
    }
    return out;
  });
  const unexpected = cached.filter(
    (c) =>
      !/^marquee-static-v1 \/_next\/static\//.test(c) &&
      !/^marquee-shell-v1 \/(offline|manifest\.webmanifest|icons\/[\w-]+\.png)$/.test(c) &&
      !new RegExp(`^marquee-tickets-[\\w-]+ /bookings/${reference}$`).test(c),
  );
  expect(unexpected).toEqual([]);
  expect(cached.filter((c) => c.startsWith('marquee-tickets-'))).toHaveLength(1);

  // A show that has ended is pruned, and another customer's tickets on this device are deleted,
  // the next time a page of this customer's bookings syncs.
  const planted = await page.evaluate(async () => {
    const mine = (await caches.keys()).find((n) => n.startsWith('marquee-tickets-')) as string;
    const ended = new Response('<p>old show</p>', {
      headers: { 'x-marquee-offline-until': String(Date.now() - 60_000), 'content-type': 'text/html' },
    });
    await (await caches.open(mine)).put('/bookings/MQ-ENDED01', ended);
    const theirs = new Response('<p>someone else</p>', {
      headers: { 'x-marquee-offline-until': String(Date.now() + 86_400_000), 'content-type': 'text/html' },
    });
    await (await caches.open('marquee-tickets-someone-else')).put('/bookings/MQ-THEIRS1', theirs);
    return (await caches.keys()).filter((n) => n.startsWith('marquee-tickets-')).length;
  });
  expect(planted).toBe(2);
  await page.goto('/bookings');
  await expect(page.getByRole('status').filter({ hasText: 'saved on this device' })).toBeVisible({
    timeout: 30_000,
  });
  const afterSync = await page.evaluate(async () => {
    const out: string[] = [];
    for (const name of (await caches.keys()).filter((n) => n.startsWith('marquee-tickets-'))) {
      for (const r of await (await caches.open(name)).keys()) out.push(new URL(r.url).pathname);
    }
    return out;
  });
  // (Other e2e files may have booked for the demo customer too: those are kept as well.)
  expect(afterSync).toContain(`/bookings/${reference}`);
  expect(afterSync.filter((u) => u === '/bookings/MQ-ENDED01' || u === '/bookings/MQ-THEIRS1')).toEqual([]);
  expect(
    await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('marquee-tickets-'))),
  ).toHaveLength(1);
  await page.goto(`/bookings/${reference}`);
  await expect(page.getByRole('status').filter({ hasText: 'Saved on this device' })).toBeVisible({
    timeout: 30_000,
  });
  await settle(page);
  await expectAxeClean(page, testInfo, 'ticket-375');
  await expectNoSidewaysScroll(page, 'ticket-375');

  await context.setOffline(true);
  await page.reload();
  for (const code of codes) await expect(page.getByText(code, { exact: true })).toBeVisible();
  await expect(qr).toHaveCount(2);

  // A page never saved: the offline page, listing the tickets kept on this device.
  await page.goto('/cinemas');
  await expect(offlineHeading(page)).toBeVisible();
  const saved = page
    .getByRole('region', { name: 'Tickets on this device' })
    .getByRole('link')
    .filter({ hasText: reference });
  await expect(saved).toHaveCount(1);
  await settle(page);
  await expectAxeClean(page, testInfo, 'offline-375');
  await expectNoSidewaysScroll(page, 'offline-375');
  await saved.click();
  await expect(page.getByText(codes[0] as string, { exact: true })).toBeVisible();

  // Back online, sign out (at 375 px, from the account menu); then offline the ticket is gone.
  await context.setOffline(false);
  await page.goto('/bookings');
  await page.getByRole('button', { name: 'Account menu' }).click();
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' }).first()).toBeVisible();
  // The worker's own forget (on the sign-out request) may still be finishing as the next page
  // paints; it must be done within moments, before anyone could take the phone offline.
  await expect
    .poll(() => page.evaluate(async () => (await caches.keys()).filter((n) => n.includes('tickets'))), {
      timeout: 10_000,
    })
    .toEqual([]);

  await context.setOffline(true);
  await page.goto(`/bookings/${reference}`);
  await expect(offlineHeading(page)).toBeVisible();
  await expect(page.getByText(codes[0] as string, { exact: true })).toHaveCount(0);
  await expect(page.getByRole('region', { name: 'Tickets on this device' })).toHaveCount(0);
  await context.setOffline(false);
});
