import { type APIResponse, expect, type Page, test } from '@playwright/test';
import { signIn, tomorrow } from './support';

// The moviegoer's journey after the seat picker: checkout (countdown, promo code, card payment
// and its failures), the ticket page (QR codes, PDF, calendar, cancellation with its refund), and
// "My bookings". Holds are made through the REST API with the browser's session cookie, so
// these tests do not depend on the seat picker's UI.

type Seat = {
  id: string;
  label: string;
  rowIndex: number;
  col: number;
  kind: 'STANDARD' | 'WHEELCHAIR' | 'COMPANION';
  state: 'available' | 'held' | 'sold' | 'blocked';
};
type Hold = { holdId: string; showtimeId: string; seatIds: string[]; labels: string[] };

const CARD_OK = '4242 4242 4242 4242';
const CARD_DECLINED = '4000000000000002';

/** How the app shows rupees (lib/format.ts formatMoney), for comparing text with API amounts. */
function rupees(minor: number): string {
  const whole = minor % 100 === 0;
  return new Intl.NumberFormat('en-IN', {
    style: 'currency',
    currency: 'INR',
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(minor / 100);
}

/** "Pay ₹1,234.50" → 1234.5 */
function amount(text: string): number {
  return Number(text.replace(/[^\d.]/g, ''));
}

async function ok(res: APIResponse, status = 200): Promise<unknown> {
  expect(res.status(), await res.text()).toBe(status);
  return res.status() === 204 ? null : res.json();
}

let showtimeIds: string[] | null = null;

/** Tomorrow's showtimes of the first film (tomorrow always has a full day of shows). */
async function findShowtimes(page: Page): Promise<string[]> {
  if (showtimeIds) return showtimeIds;
  await page.goto('/');
  const film = await page
    .getByRole('list', { name: 'Films now showing' })
    .getByRole('link')
    .first()
    .getAttribute('href');
  expect(film).toMatch(/^\/movies\//);
  await page.goto(`${film}?date=${tomorrow()}`);
  const hrefs = await page
    .locator('a[href^="/showtimes/"]')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  const ids = [...new Set(hrefs.map((h) => h.split('/')[2] ?? ''))].filter((id) =>
    /^[0-9a-f-]{36}$/.test(id),
  );
  expect(ids.length).toBeGreaterThan(0);
  showtimeIds = ids;
  return ids;
}

/** Free seats side by side that leave no single seat stranded (the server's orphan-seat rule). */
function pickSeats(seats: Seat[], count: number): Seat[] {
  const rows = new Map<number, Seat[]>();
  for (const s of seats) rows.set(s.rowIndex, [...(rows.get(s.rowIndex) ?? []), s]);
  for (const row of [...rows.values()].reverse()) {
    row.sort((a, b) => a.col - b.col);
    let run: Seat[] = [];
    const runs: Seat[][] = [];
    for (const s of row) {
      const free = s.kind === 'STANDARD' && s.state === 'available';
      const prev = run.at(-1);
      if (!free || (prev && s.col !== prev.col + 1)) {
        if (run.length) runs.push(run);
        run = free ? [s] : [];
      } else run.push(s);
    }
    if (run.length) runs.push(run);
    // Starting at a run's edge and leaving none or at least two free beside the selection.
    const fit = runs.find((r) => r.length === count || r.length >= count + 2);
    if (fit) return fit.slice(0, count);
  }
  throw new Error('no free seats side by side');
}

async function seatStates(page: Page, showtimeId: string): Promise<Seat[]> {
  const map = (await ok(await page.request.get(`/api/v1/showtimes/${showtimeId}/seats`))) as {
    seats: Seat[];
  };
  return map.seats;
}

let nextShowtime = 0;

/** Holds seats through the REST API with the page's session cookie; each call a new showtime. */
async function holdSeats(page: Page, count = 2): Promise<Hold> {
  const ids = await findShowtimes(page);
  const showtimeId = ids[nextShowtime++ % ids.length] as string;
  const chosen = pickSeats(await seatStates(page, showtimeId), count);
  const hold = (await ok(
    await page.request.post(`/api/v1/showtimes/${showtimeId}/holds`, {
      data: { seatIds: chosen.map((s) => s.id) },
    }),
    201,
  )) as { holdId: string };
  return {
    holdId: hold.holdId,
    showtimeId,
    seatIds: chosen.map((s) => s.id),
    labels: chosen.map((s) => s.label),
  };
}

async function fillCard(page: Page, number: string) {
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await page.getByLabel('Name on card (optional)').fill('Priya Sharma');
}

const payButton = (page: Page) => page.getByRole('button', { name: /^Pay ₹/ });

async function book(page: Page): Promise<{ hold: Hold; reference: string }> {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  await fillCard(page, CARD_OK);
  await payButton(page).click();
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  const reference = /\/bookings\/(MQ-[0-9A-Z]+)/.exec(page.url())?.[1] ?? '';
  return { hold, reference };
}

test.beforeEach(async ({ page }) => {
  await signIn(page);
});

test('paying with 4242 books the seats: tickets with a QR code each, PDF, calendar, My bookings', async ({
  page,
}) => {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^[0-9]{1,2}:[0-5][0-9]$/);
  await expect(page.getByRole('list', { name: 'Seats' })).toContainText(hold.labels[0] as string);
  await expect(page.getByRole('heading', { name: 'Test cards' })).toBeVisible();
  const number = page.getByLabel('Card number');
  await expect(number).toHaveAttribute('autocomplete', 'cc-number');
  await expect(number).toHaveAttribute('inputmode', 'numeric');
  await expect(page.getByLabel('Expiry (MM/YY)')).toHaveAttribute('autocomplete', 'cc-exp');
  await expect(page.getByLabel('Security code (CVC)')).toHaveAttribute('autocomplete', 'cc-csc');
  await expect(page.getByLabel('Name on card (optional)')).toHaveAttribute('autocomplete', 'cc-name');

  await fillCard(page, CARD_OK);
  await payButton(page).click();
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  const reference = /\/bookings\/(MQ-[0-9A-Z]+)/.exec(page.url())?.[1] ?? '';

  await expect(page.getByText('Booking confirmed')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Booking ${reference}`);
  await expect(page.getByRole('img', { name: /^QR code for seat / })).toHaveCount(hold.seatIds.length);
  for (const label of hold.labels) {
    await expect(page.getByRole('img', { name: `QR code for seat ${label}` })).toBeVisible();
  }
  await expect(page.getByText(/Paid by card •••• 4242/)).toBeVisible();

  const pdfHref = await page.getByRole('link', { name: 'Download tickets (PDF)' }).getAttribute('href');
  expect(pdfHref).toBe(`/api/v1/bookings/${reference}/tickets.pdf`);
  const pdf = await page.request.get(pdfHref as string);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');

  const invoiceHref = await page.getByRole('link', { name: 'Tax invoice (PDF)' }).getAttribute('href');
  expect(invoiceHref).toBe(`/api/v1/bookings/${reference}/invoice.pdf`);
  const invoice = await page.request.get(invoiceHref as string);
  expect(invoice.status()).toBe(200);
  expect(invoice.headers()['content-disposition']).toMatch(
    /filename="invoice-[A-Z0-9]{1,4}-\d{4}-\d{5,6}\.pdf"/,
  );
  expect((await invoice.body()).subarray(0, 5).toString()).toBe('%PDF-');

  const icsHref = await page.getByRole('link', { name: 'Add to calendar' }).getAttribute('href');
  const ics = await page.request.get(icsHref as string);
  expect(ics.status()).toBe(200);
  expect(ics.headers()['content-type']).toMatch(/^text\/calendar/);
  expect(await ics.text()).toContain('BEGIN:VCALENDAR');

  // The seats are sold now.
  const seats = await seatStates(page, hold.showtimeId);
  for (const id of hold.seatIds) expect(seats.find((s) => s.id === id)?.state).toBe('sold');

  // Reloading the checkout of a paid hold points to the booking.
  await page.goto(`/checkout/${hold.holdId}`);
  await expect(page.getByRole('link', { name: `View booking ${reference}` })).toBeVisible();

  await page.getByRole('banner').getByRole('link', { name: 'My bookings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'My bookings' })).toBeVisible();
  const card = page
    .getByRole('list', { name: 'Upcoming bookings' })
    .getByRole('link')
    .filter({ hasText: reference });
  await expect(card).toBeVisible();
  await expect(card).toContainText('Confirmed');
  await expect(card).toContainText(hold.labels.join(', '));
  await card.click();
  await expect(page).toHaveURL(new RegExp(`/bookings/${reference}$`));
  await expect(page.getByText('Booking confirmed')).toHaveCount(0);
});

test('a promo code applies live and changes the total; an unknown one says why', async ({ page }) => {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  const before = (await payButton(page).textContent()) ?? '';

  await page.getByLabel('Promo code').fill('NOPE123');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText('NOPE123 is not a valid promo code.')).toBeVisible();
  await expect(page.getByLabel('Promo code')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Promo code').fill('welcome10');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/^WELCOME10 applied: you save ₹[\d,.]+$/)).toBeVisible();
  await expect(page.getByText('Discount WELCOME10')).toBeVisible();
  await expect(payButton(page)).not.toHaveText(before);
  const after = (await payButton(page).textContent()) ?? '';
  expect(amount(after)).toBeLessThan(amount(before));
  // The button charges what the breakdown says.
  await expect(page.getByRole('definition').last()).toHaveText(after.replace('Pay ', ''));

  await page.getByRole('button', { name: /Remove/ }).click();
  await expect(payButton(page)).toHaveText(before);

  await ok(await page.request.delete(`/api/v1/holds/${hold.holdId}`), 204);
});

test('a declined card says so and keeps the seats held; another card then books them', async ({ page }) => {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  await fillCard(page, CARD_DECLINED);
  await payButton(page).click();

  const alert = page.getByRole('alert').filter({ hasText: 'Your card was declined' });
  await expect(alert).toContainText('Your seats are still held for you');
  // The refused number is cleared and focused for the next card; the seats are still this hold's.
  await expect(page.getByLabel('Card number')).toHaveValue('');
  await expect(page.getByLabel('Card number')).toBeFocused();
  const seats = await seatStates(page, hold.showtimeId);
  for (const id of hold.seatIds) expect(seats.find((s) => s.id === id)?.state).not.toBe('available');

  await fillCard(page, CARD_OK);
  await payButton(page).click();
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
});

test('a hold that ended before paying gives HOLD_EXPIRED with a way back to the seat map', async ({
  page,
}) => {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  await expect(page.getByRole('timer')).toBeVisible();
  // No test-only clock: release the hold behind the page's back, as the expiry sweep would.
  await ok(await page.request.delete(`/api/v1/holds/${hold.holdId}`), 204);

  await fillCard(page, CARD_OK);
  await payButton(page).click();
  const alert = page.getByRole('alert').filter({ hasText: 'Your hold expired' });
  await expect(alert).toContainText('Your hold on these seats has ended. Choose your seats again.');
  await expect(alert.getByRole('link', { name: 'Choose seats again' })).toHaveAttribute(
    'href',
    `/showtimes/${hold.showtimeId}`,
  );
  await expect(payButton(page)).toBeDisabled();

  // Coming back later, the page says so straight away.
  await page.reload();
  await expect(page.getByRole('heading', { name: 'These seats were released' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Choose seats again' })).toBeVisible();
});

test('the countdown follows the server clock, and when it runs out paying stops', async ({ page }) => {
  const hold = await holdSeats(page);
  // A browser clock two hours fast: the countdown must still show the hold's real time left.
  await page.clock.install({ time: new Date(Date.now() + 2 * 60 * 60_000) });
  await page.goto(`/checkout/${hold.holdId}`);
  await expect(page.getByRole('timer')).toHaveText(/^[5-8]:[0-5]\d$/);
  await expect(payButton(page)).toBeEnabled();

  await page.clock.fastForward('08:30'); // past the 8-minute hold
  const alert = page.getByRole('alert').filter({ hasText: 'Your hold expired' });
  await expect(alert.getByRole('link', { name: 'Choose seats again' })).toHaveAttribute(
    'href',
    `/showtimes/${hold.showtimeId}`,
  );
  await expect(page.getByRole('timer')).toHaveCount(0);
  await expect(payButton(page)).toBeDisabled();
  await expect(page.getByLabel('Card number')).toBeDisabled();
  await ok(await page.request.delete(`/api/v1/holds/${hold.holdId}`), 204);
});

test('a payment whose answer is lost is retried with the same idempotency key: one booking', async ({
  page,
}) => {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  // The first payment reaches the server and succeeds, but its answer never reaches the browser.
  const keys: string[] = [];
  await page.route(`**/checkout/${hold.holdId}`, async (route) => {
    const request = route.request();
    const key = /"idempotencyKey":"([^"]+)"/.exec(request.postData() ?? '')?.[1];
    if (request.method() !== 'POST' || !key) return route.continue();
    keys.push(key);
    if (keys.length > 1) return route.continue();
    await route.fetch();
    return route.abort('connectionreset');
  });
  await fillCard(page, CARD_OK);
  await payButton(page).click();
  await expect(page.getByRole('alert').filter({ hasText: 'you will not be charged twice' })).toBeVisible();

  await payButton(page).click();
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  expect(keys).toHaveLength(2);
  expect(keys[1]).toBe(keys[0]);
  const list = (await ok(await page.request.get('/api/v1/bookings?scope=upcoming&limit=100'))) as {
    bookings: { reference: string; showtime: { id: string } }[];
  };
  const mine = list.bookings.filter((b) => b.showtime.id === hold.showtimeId);
  expect(mine.map((b) => b.reference)).toEqual([/\/bookings\/(MQ-[0-9A-Z]+)/.exec(page.url())?.[1]]);
});

test('card details the server refuses are shown on their fields', async ({ page }) => {
  const hold = await holdSeats(page);
  await page.goto(`/checkout/${hold.holdId}`);
  await page.getByLabel('Card number').fill('4242');
  await page.getByLabel('Expiry (MM/YY)').fill('13/30');
  await page.getByLabel('Security code (CVC)').fill('12');
  await payButton(page).click();
  await expect(page.getByText('Card numbers have 12–19 digits.')).toBeVisible();
  await expect(page.getByText('Enter a valid expiry date as MM/YY.')).toBeVisible();
  await expect(page.getByText('The security code has 3 or 4 digits.')).toBeVisible();
  await expect(page.getByLabel('Card number')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Card number')).toBeFocused();
  await ok(await page.request.delete(`/api/v1/holds/${hold.holdId}`), 204);
});

test('cancelling shows the refund before confirming, then the refund and the cancelled tickets', async ({
  page,
}) => {
  const { hold, reference } = await book(page);
  const booking = (await ok(await page.request.get(`/api/v1/bookings/${reference}`))) as {
    totalMinor: number;
    cancellation: { allowed: boolean; refundMinor: number };
  };
  expect(booking.cancellation.allowed).toBe(true);
  const refund = rupees(booking.cancellation.refundMinor);

  await page.getByRole('button', { name: 'Cancel booking', exact: true }).click();
  const confirm = page.getByRole('region', { name: `Cancel booking ${reference}?` });
  await expect(confirm).toContainText(`You will get ${refund} back`);
  await expect(confirm).toContainText('is not refundable');
  await confirm.getByLabel('Reason (optional)').fill('Plans changed');
  await confirm.getByRole('button', { name: `Cancel and refund ${refund}` }).click();

  await expect(page.getByRole('status').filter({ hasText: 'Booking cancelled' })).toContainText(
    `Refund of ${refund}: Refunded`,
  );
  await expect(page.getByRole('img', { name: /^QR code for seat / })).toHaveCount(0);
  await expect(page.getByText('Ticket cancelled')).toHaveCount(hold.seatIds.length);
  await expect(page.getByRole('link', { name: 'Download tickets (PDF)' })).toHaveCount(0);
  // The invoice stays: the sale happened, the refund is documented apart from it.
  await expect(page.getByRole('link', { name: 'Tax invoice (PDF)' })).toHaveCount(1);

  const seats = await seatStates(page, hold.showtimeId);
  for (const id of hold.seatIds) expect(seats.find((s) => s.id === id)?.state).toBe('available');

  await page.reload();
  await expect(page.getByText(/^Booking cancelled on /)).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Refunds' })).toBeVisible();
  await expect(page.getByText(`${refund} · Refunded`)).toBeVisible();
  // The refund reduced the tax invoice by a GST credit note of its own, downloadable here.
  const creditNote = page.getByRole('link', { name: /^Credit note [A-Z0-9]{1,4}CN\d{4}\/\d{5,6} \(PDF\)$/ });
  await expect(creditNote).toHaveCount(1);
  const noteFile = await page.request.get((await creditNote.getAttribute('href')) as string);
  expect(noteFile.status(), await noteFile.text()).toBe(200);
  expect(noteFile.headers()['content-disposition']).toMatch(
    /filename="credit-note-[A-Z0-9]{1,4}CN\d{4}-\d{5,6}\.pdf"/,
  );
  expect((await noteFile.body()).subarray(0, 5).toString()).toBe('%PDF-');

  // Not "upcoming" any more: it is listed apart, as cancelled, until the show.
  await page.goto('/bookings');
  await expect(
    page.getByRole('list', { name: 'Cancelled bookings' }).getByRole('link').filter({ hasText: reference }),
  ).toContainText('Cancelled');
  await expect(
    page.getByRole('list', { name: 'Upcoming bookings' }).getByRole('link').filter({ hasText: reference }),
  ).toHaveCount(0);
});

test('signed-out visitors are sent to sign in; another user’s or an unknown hold is not found', async ({
  page,
  browser,
}) => {
  const hold = await holdSeats(page);
  const anonymous = await browser.newContext();
  const stranger = await anonymous.newPage();
  await stranger.goto(`/checkout/${hold.holdId}`);
  await expect(stranger).toHaveURL(/\/signin\?callbackUrl=%2Fcheckout%2F/);

  // Someone else, signed in (a demo account with no bookings): the hold is "not found", not "forbidden".
  await stranger.goto('/signin');
  await stranger.getByLabel('Email').fill('staff@marquee.test');
  await stranger.getByLabel('Password').fill('marquee-demo');
  await stranger.getByRole('button', { name: 'Sign in' }).click();
  await expect(stranger.getByRole('banner').getByRole('link', { name: 'My bookings' })).toBeVisible();
  // (Streamed behind loading.tsx, so the page says it rather than the status code.)
  await stranger.goto(`/checkout/${hold.holdId}`);
  await expect(stranger.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  await stranger.goto('/bookings');
  await expect(stranger.getByText('No upcoming shows booked.')).toBeVisible();
  await expect(stranger.getByRole('link', { name: 'Browse films' })).toBeVisible();
  await anonymous.close();

  await page.goto('/checkout/00000000-0000-4000-8000-000000000000');
  await expect(page.getByRole('heading', { level: 1, name: 'Not found' })).toBeVisible();
  await ok(await page.request.delete(`/api/v1/holds/${hold.holdId}`), 204);
});
