import { type Browser, expect, type FrameLocator, type Page, test } from '@playwright/test';
import { type AppServer, freePort, startAppServer } from '../../bench/lib/server';
import { middleSeats, signIn, someShowtime } from './support';

// Stripe's real Payment Element in Chromium, against Stripe's test mode. It needs Stripe's test
// keys and the internet, which CI machines do not have, so it runs only when asked:
//   STRIPE_E2E_SECRET_KEY=sk_test_… STRIPE_E2E_PUBLISHABLE_KEY=pk_test_… npm run test:e2e -- stripe
// It starts its own server with PAYMENT_PROVIDER=stripe (the suite's server uses the sandbox), pays
// with Stripe's 4242 card and with its 3-D Secure card (passing the challenge), and checks the
// bookings. Without the keys it is skipped, and says why.

const secretKey = process.env.STRIPE_E2E_SECRET_KEY;
const publishableKey = process.env.STRIPE_E2E_PUBLISHABLE_KEY;
const reason =
  'Stripe Payment Element e2e skipped: set STRIPE_E2E_SECRET_KEY and STRIPE_E2E_PUBLISHABLE_KEY (Stripe test mode) and give the machine internet access to run it';

test.describe('Stripe Payment Element (Stripe test mode)', () => {
  test.skip(!secretKey || !publishableKey, reason);
  if (!secretKey || !publishableKey) process.stdout.write(`${reason}\n`);

  let server: AppServer;
  test.beforeAll(async () => {
    const port = await freePort(3180);
    server = await startAppServer({
      port,
      logFile: `/tmp/marquee-e2e-stripe-${Date.now()}.log`,
      env: {
        NODE_ENV: 'production',
        PAYMENT_PROVIDER: 'stripe',
        STRIPE_SECRET_KEY: secretKey ?? '',
        STRIPE_PUBLISHABLE_KEY: publishableKey ?? '',
        SEED_ON_START: 'true',
        DATA_DIR: `/tmp/marquee-e2e-stripe-data-${Date.now()}`,
        EMBEDDED_PG_PORT: String(port + 20000),
        LOG_LEVEL: 'warn',
      },
    });
  });
  test.afterAll(async () => {
    await server?.stop();
  });

  /** A page on this test's own server, signed in, at the checkout of two held seats. */
  async function toCheckout(browser: Browser): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url });
    const page = await context.newPage();
    await signIn(page);
    const showtime = await someShowtime(page, 6);
    const seats = await middleSeats(page, showtime, 2);
    const res = await page.request.post(`/api/v1${showtime}/holds`, {
      data: { seatIds: seats.map((s) => s.id) },
    });
    expect(res.status()).toBe(201);
    const { holdId } = (await res.json()) as { holdId: string };
    await page.goto(`/checkout/${holdId}`);
    await expect(page.getByRole('heading', { name: 'Checkout' })).toBeVisible();
    return page;
  }

  async function fillCard(page: Page, number: string) {
    const element: FrameLocator = page.frameLocator('iframe[title*="payment" i]').first();
    await element.getByLabel(/card number/i).fill(number);
    await element.getByLabel(/expiration|expiry/i).fill('12 / 34');
    await element.getByLabel(/cvc|security code/i).fill('123');
  }

  test('pays with 4242 in the Payment Element and books', async ({ browser }) => {
    const page = await toCheckout(browser);
    await fillCard(page, '4242 4242 4242 4242');
    await page.getByRole('button', { name: /^Pay / }).click();
    await expect(page).toHaveURL(/\/bookings\/MQ-/, { timeout: 60_000 });
    await expect(page.getByText(/confirmed/i).first()).toBeVisible();
  });

  test('3-D Secure: the bank challenge is passed, then the booking is made', async ({ browser }) => {
    const page = await toCheckout(browser);
    await fillCard(page, '4000 0027 6000 3184');
    await page.getByRole('button', { name: /^Pay / }).click();
    const challenge = page
      .frameLocator('iframe[name*="stripe-challenge" i], iframe[src*="three-ds" i]')
      .first();
    await challenge.getByRole('button', { name: /complete/i }).click({ timeout: 60_000 });
    await expect(page).toHaveURL(/\/bookings\/MQ-/, { timeout: 60_000 });
  });
});
