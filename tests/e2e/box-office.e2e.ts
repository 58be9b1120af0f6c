import { expect, type Page, test } from '@playwright/test';
import { pdfPagesText } from '../support/pdf-text';
import { expectAxeClean, expectNoSidewaysScroll, settle, signIn } from './support';

// The box office as a seller works it: open the till, sell two seats for cash with the keyboard
// (timed, from the page loaded to the printed tickets' link on screen), print the 80 mm tickets,
// sell one seat on the card terminal, and cash up. The demo's staff member works at one cinema.

test.use({ bypassCSP: true });

/** Rupees as the page prints them ("₹1,234" or "₹1,234.50") → paise. */
function paise(text: string): number {
  const m = /₹\s?([\d,]+(?:\.\d{1,2})?)/.exec(text);
  if (!m) throw new Error(`no amount in "${text}"`);
  return Math.round(Number((m[1] as string).replace(/,/g, '')) * 100);
}

async function openTillIfClosed(page: Page) {
  const open = page.getByRole('button', { name: 'Open till' });
  if (await open.isVisible()) {
    await open.click();
    await expect(page.getByRole('heading', { name: 'Your till' })).toBeVisible();
  }
}

test('a two-seat cash sale by keyboard with printed 80 mm tickets, a card-terminal sale, and the cash-up', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  await signIn(page, 'staff@marquee.test');
  await page.goto('/admin/box-office');
  await expect(page.getByRole('heading', { name: 'Box office', level: 1 })).toBeVisible();
  await openTillIfClosed(page);
  const firstShow = page.getByRole('region', { name: 'Shows' }).getByRole('link').first();
  await firstShow.click();
  await expect(page).toHaveURL(/show=/);
  const saleUrl = page.url();

  // ── The timed sale: page loaded → "2", Enter → cash amount, Enter → printed-ticket link. ──
  await page.goto(saleUrl);
  const started = Date.now();
  const count = page.getByLabel('How many seats?');
  await expect(count).toBeFocused();
  await page.keyboard.type('2');
  await page.keyboard.press('Enter');
  const tendered = page.getByLabel('Cash tendered (₹)');
  await expect(tendered).toBeFocused();
  const total = paise((await page.getByTestId('sale-total').textContent()) ?? '');
  // What the customer hands over: the next ₹500 above the total, typed as the seller reads it.
  const given = Math.ceil((total + 1) / 50_000) * 50_000;
  await page.keyboard.type(String(given / 100));
  await page.keyboard.press('Enter');
  const print80 = page.getByRole('link', { name: 'Print tickets (80 mm)' });
  await expect(print80).toBeVisible();
  const elapsed = Date.now() - started;
  console.log(
    `box office: 2-seat cash sale took ${(elapsed / 1000).toFixed(2)} s (page loaded → printed-ticket link)`,
  );
  testInfo.annotations.push({ type: 'two-seat cash sale (ms)', description: String(elapsed) });
  expect(elapsed).toBeLessThan(15_000);

  const sold = page.getByRole('region', { name: /^Sold MQ-/ });
  const reference = ((await sold.getByRole('heading').textContent()) ?? '').replace('Sold ', '').trim();
  expect(reference).toMatch(/^MQ-[0-9A-Z]{7}$/);
  const change = (await page.getByTestId('change-due').textContent()) ?? '';
  expect(change).toMatch(/^Change due: /);
  expect(paise(change)).toBe(given - total);
  const seats = ((await sold.getByRole('status').textContent()) ?? '').match(
    /seats: ([A-Z]+\d+), ([A-Z]+\d+)/,
  );
  expect(seats).not.toBeNull();
  const [, seatA, seatB] = seats as RegExpMatchArray;

  // The 80 mm tickets: a PDF, one page per seat, each with its seat and ticket code.
  const href = await print80.getAttribute('href');
  expect(href).toBe(`/api/v1/bookings/${reference}/tickets.pdf?layout=thermal`);
  const pdf = await page.request.get(href as string);
  expect(pdf.status()).toBe(200);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  const bytes = await pdf.body();
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const pages = await pdfPagesText(bytes);
  expect(pages).toHaveLength(2);
  expect(pages.join('\n')).toContain(`${reference}-${seatA}`);
  expect(pages.join('\n')).toContain(`${reference}-${seatB}`);
  const a4 = await page.request.get(`/api/v1/bookings/${reference}/tickets.pdf?layout=a4`);
  expect((await a4.body()).subarray(0, 5).toString()).toBe('%PDF-');
  await expectAxeClean(page, testInfo, 'box-office-sold');

  // ── A card-terminal sale: Next sale (focused), one seat, the slip's reference. ──
  await expect(page.getByRole('button', { name: 'Next sale' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(count).toBeFocused();
  await page.keyboard.type('1');
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Cash tendered (₹)')).toBeFocused();
  await page.getByRole('radio', { name: 'Card terminal' }).check();
  await expect(page.getByLabel('Terminal slip reference')).toBeFocused();
  await expectAxeClean(page, testInfo, 'box-office-payment');
  await page.keyboard.type('SLIP-4711');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: /^Sold MQ-/ })).toContainText('by card terminal');
  await expect(page.getByTestId('change-due')).toHaveCount(0);

  // ── Phones: no sideways scroll at 375 px. ──
  await page.getByRole('button', { name: 'Next sale' }).click();
  await page.setViewportSize({ width: 375, height: 800 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'box-office-375');
  await page.setViewportSize({ width: 1280, height: 900 });

  // ── Cash-up: the drawer should hold the float plus the cash sale. ──
  await page.reload();
  const till = page.getByRole('region', { name: 'Your till' });
  const expected = paise(
    (await till.getByText('Expected in the drawer').locator('xpath=following-sibling::dd').textContent()) ??
      '',
  );
  await till.getByRole('button', { name: 'Cash up and close…' }).click();
  await till.getByLabel('Cash counted in the drawer').fill(String((expected - 10_000) / 100));
  await till.getByRole('button', { name: 'Close till' }).click();
  await expect(page.getByTestId('till-difference')).toContainText('short by ₹100');
  await expectAxeClean(page, testInfo, 'box-office-cash-up');
});
