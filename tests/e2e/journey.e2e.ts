import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { chooseSeats, freeBlocks, signUpVerified, tomorrow } from './support';

// The whole journey of someone who has never used Marquee, in one browser session and only
// through what the pages show: sign up, find a film by searching with a typo, choose a date and a
// showtime, pick seats on the live map, apply a promo code, pay with the sandbox's success card,
// get the tickets (QR codes and the PDF), cancel, and see the refund. The REST API is used only
// to choose a showtime with free seats side by side, as a person would by looking at the map.

test('a new moviegoer goes from sign-up to a ticket and back to a refund', async ({ page }) => {
  test.setTimeout(120_000);
  const { email } = await signUpVerified(page, 'Asha Journey');

  // Search from the header, with a typo; Enter opens the best suggestion.
  await page.goto('/');
  const search = page.getByRole('combobox', { name: 'Search films and cast' });
  await search.fill('madurai thundr');
  await expect(page.getByRole('listbox', { name: 'Suggestions' }).getByRole('option').first()).toContainText(
    'Madurai Thunder',
  );
  await search.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Madurai Thunder' })).toBeVisible();

  // Tomorrow (always a full day of shows), then a showtime with room for two in the middle of a row.
  const date = tomorrow();
  await page.getByRole('navigation', { name: 'Choose a date' }).locator(`a[href*="date=${date}"]`).click();
  await expect(page).toHaveURL(new RegExp(`date=${date}`));
  const chips = page.getByRole('list', { name: 'Cinemas' }).locator('a[href^="/showtimes/"]');
  await chips.first().waitFor();
  const hrefs = await chips.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''));
  let showtime = '';
  for (const href of hrefs.sort(() => Math.random() - 0.5)) {
    if ((await freeBlocks(page, href)).some((b) => b.length >= 6)) {
      showtime = href;
      break;
    }
  }
  expect(showtime, 'a showtime tomorrow with six free seats side by side').not.toBe('');
  await page.getByRole('list', { name: 'Cinemas' }).locator(`a[href="${showtime}"]`).first().click();
  await expect(page).toHaveURL(new RegExp(`${showtime}$`));
  await expect(page.getByText('Live').first()).toBeVisible();

  // Two seats in the middle of a free block, so no single seat is stranded.
  const block = (await freeBlocks(page, showtime)).find((b) => b.length >= 6);
  const seats = (block ?? []).slice(2, 4);
  await chooseSeats(page, seats);
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();
  await page.getByRole('button', { name: 'Continue to payment' }).click();

  // Checkout: the promo code lowers what the pay button charges.
  await expect(page.getByRole('heading', { level: 1, name: 'Checkout' })).toBeVisible();
  const pay = page.getByRole('button', { name: /^Pay ₹/ });
  const before = Number(((await pay.textContent()) ?? '').replace(/[^\d.]/g, ''));
  await page.getByLabel('Promo code').fill('WELCOME10');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByText(/^WELCOME10 applied: you save ₹[\d,.]+$/)).toBeVisible();
  const charged = (await pay.textContent()) ?? '';
  expect(Number(charged.replace(/[^\d.]/g, ''))).toBeLessThan(before);

  await page.getByLabel('Card number').fill('4242 4242 4242 4242');
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('Security code (CVC)').fill('123');
  await pay.click();

  // The confirmation: reference, one QR code per seat, the PDF as a download.
  await page.waitForURL(/\/bookings\/MQ-[0-9A-Z]+\?new=1$/);
  const reference = /\/bookings\/(MQ-[0-9A-Z]+)/.exec(page.url())?.[1] ?? '';
  await expect(page.getByText('Booking confirmed')).toBeVisible();
  await expect(page.getByRole('img', { name: /^QR code for seat / })).toHaveCount(seats.length);
  await expect(page.getByText(/Paid by card •••• 4242/)).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download tickets (PDF)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`marquee-${reference}.pdf`);
  const pdf = await readFile(await download.path());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

  // My bookings lists it; the booking page cancels it, showing the refund before and after.
  await page.getByRole('banner').getByRole('link', { name: 'My bookings' }).click();
  const card = page
    .getByRole('list', { name: 'Upcoming bookings' })
    .getByRole('link')
    .filter({ hasText: reference });
  await expect(card).toContainText('Confirmed');
  await card.click();
  await page.getByRole('button', { name: 'Cancel booking', exact: true }).click();
  const confirm = page.getByRole('region', { name: `Cancel booking ${reference}?` });
  const refund = /You will get (₹[\d,.]+) back/.exec((await confirm.textContent()) ?? '')?.[1];
  expect(refund, 'the refund is shown before confirming').toBeTruthy();
  await confirm.getByRole('button', { name: `Cancel and refund ${refund}` }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Booking cancelled' })).toContainText(
    `Refund of ${refund}: Refunded`,
  );
  await expect(page.getByRole('img', { name: /^QR code for seat / })).toHaveCount(0);

  // The seats are back on sale for everyone, and the account is the one that signed up.
  await page.goto(showtime);
  for (const s of seats) {
    await expect(
      page.getByRole('button', { name: new RegExp(`^Row ${s.row}, seat ${s.number},.*available$`) }),
    ).toBeVisible();
  }
  await page.goto('/account');
  await expect(page.getByText(email).first()).toBeVisible();
});
