import { expect, type Request, test } from '@playwright/test';
import { expectAxeClean, expectNoSidewaysScroll, settle, signIn } from './support';
import { reopen, soldOutShowtime } from './waitlist-support';

// A waiter's place in line, live, in a real browser against the production server: on a sold-out
// showtime B joins the waitlist, then A (on a 375 px phone) joins behind B and reads "2nd in line".
// B leaves; A's page, without a reload and without sending a single request, now reads "1st in
// line": the new place came over the seat map's socket (`waitlist:position`), into the same
// polite live region, which a screen reader reads out.

test.use({ bypassCSP: true });

test('a waiter’s place in line moves up on their page the moment someone ahead leaves', async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const bContext = await browser.newContext({ bypassCSP: true });
  const b = await bContext.newPage();
  await signIn(b, 'staff@marquee.test');
  const aContext = await browser.newContext({ bypassCSP: true, viewport: { width: 375, height: 800 } });
  const a = await aContext.newPage();
  await signIn(a, 'customer@marquee.test');
  const { showtimeId } = await soldOutShowtime();
  try {
    await b.goto(`/showtimes/${showtimeId}`);
    const bWaitlist = b.getByRole('region', { name: 'Waitlist' });
    await bWaitlist.getByLabel('Seats needed together').fill('2');
    await bWaitlist.getByRole('button', { name: 'Join the waitlist' }).click();
    await expect(bWaitlist.getByRole('status')).toHaveText(/^You.re 1st in line for 2 seats$/);

    // A's page, watched from outside: what its socket hears.
    const frames: string[] = [];
    a.on('websocket', (ws) => ws.on('framereceived', (f) => frames.push(String(f.payload))));
    await a.goto(`/showtimes/${showtimeId}`);
    // The page has asked to follow its waitlist (the answer of `waitlist:watch` came back): from
    // here on its socket is in A's room, before A has even joined.
    await expect.poll(() => frames.some((f) => /"ok":true,"entry":/.test(f))).toBe(true);
    const waitlist = a.getByRole('region', { name: 'Waitlist' });
    await waitlist.getByLabel('Seats needed together').fill('2');
    await waitlist.getByRole('button', { name: 'Join the waitlist' }).click();
    const place = waitlist.getByRole('status');
    await expect(place).toHaveText(/^You.re 2nd in line for 2 seats$/);
    await expect(place).toHaveAttribute('aria-live', 'polite');
    await settle(a);
    await expectAxeClean(a, testInfo, 'waitlist place at 375 px');
    await expectNoSidewaysScroll(a, 'waitlist place at 375 px');

    // From here on A's page is not reloaded (the marker would be lost) and asks nothing.
    await a.evaluate(() => {
      const w = window as unknown as { __noReload: boolean; __firstAt?: number };
      w.__noReload = true;
      const status = document.querySelector('section[aria-label="Waitlist"] [role="status"]');
      if (!status) throw new Error('no place in line on the page');
      // The same element changes its text (updated in place, so the live region announces it).
      new MutationObserver(() => {
        if (w.__firstAt === undefined && status.textContent?.includes('1st')) w.__firstAt = Date.now();
      }).observe(status, { childList: true, characterData: true, subtree: true });
    });
    const requests: Request[] = [];
    a.on('request', (r) => requests.push(r));

    const clickedAt = Date.now();
    await bWaitlist.getByRole('button', { name: 'Leave the waitlist' }).click();
    await expect(
      b.getByRole('region', { name: 'Waitlist' }).getByRole('button', { name: 'Join the waitlist' }),
    ).toBeVisible();

    await expect(place).toHaveText(/^You.re 1st in line for 2 seats$/);
    const firstAt = await a.evaluate(() => (window as unknown as { __firstAt?: number }).__firstAt);
    expect(firstAt, 'the same status element changed its text').toBeDefined();
    expect(await a.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload)).toBe(true);
    expect(frames.some((f) => f.includes('"waitlist:position"'))).toBe(true);
    expect(
      requests.map((r) => `${r.method()} ${r.url()}`),
      'A’s page asked nothing: the place was pushed',
    ).toEqual([]);
    await expectAxeClean(a, testInfo, 'waitlist place moved up at 375 px');
    // For the report: B's click → A's page reads 1st (includes B's server action and the 100 ms debounce).
    console.log(`waitlist place in the browser: ${(firstAt as number) - clickedAt} ms from B's click`);
  } finally {
    await reopen(showtimeId);
    await aContext.close();
    await bContext.close();
  }
});
