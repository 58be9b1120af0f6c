import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, type BrowserContextOptions, expect, test } from '@playwright/test';
import { withE2eDb } from './db';
import {
  demoManagerSession,
  expectAxeClean,
  expectNoSidewaysScroll,
  forgetDemoManagerTwoFactor,
  settle,
} from './support';

// Accessible showings on the home page and in rolling programmes, on the seeded demo, at 375 px:
// a moviegoer narrows the home page's films to relaxed screenings (the filter in a shareable URL,
// working without JavaScript too, and saying so when nothing is left); the demo manager gives a
// screen's rolling programme an accessible showing with the keyboard, and the sessions it then
// makes carry it.

const PHONE = { width: 375, height: 800 };
const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');

test.use({ bypassCSP: true, viewport: PHONE });

type Film = { slug: string; title: string };

/** The demo's cities' films with an upcoming relaxed screening in the home page's fortnight. */
async function relaxedFilms(city: string): Promise<Film[]> {
  return withE2eDb(
    async (c) =>
      (
        await c.query<Film>(
          `SELECT DISTINCT m.slug, m.title FROM showtimes sh
           JOIN movies m ON m.id = sh.movie_id
           JOIN screens sc ON sc.id = sh.screen_id
           JOIN cinemas ci ON ci.id = sc.cinema_id
           JOIN cities city ON city.id = ci.city_id
           WHERE city.slug = $1 AND 'RELAXED' = ANY (sh.accessibility) AND sh.status = 'SCHEDULED'
             AND sh.starts_at > now() AND sh.starts_at < now() + interval '13 days'
             AND m.release_date <= now()`,
          [city],
        )
      ).rows,
  );
}

test('the home page filters films to relaxed screenings, shareable and without JavaScript', async ({
  page,
  browser,
}, testInfo) => {
  // The city of the next relaxed screening, chosen as a visitor would (the city cookie).
  const slug = await withE2eDb(
    async (c) =>
      (
        await c.query<{ slug: string }>(
          `SELECT city.slug FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id
           JOIN cinemas ci ON ci.id = sc.cinema_id JOIN cities city ON city.id = ci.city_id
           WHERE 'RELAXED' = ANY (sh.accessibility) AND sh.status = 'SCHEDULED' AND sh.starts_at > now()
           ORDER BY sh.starts_at LIMIT 1`,
        )
      ).rows[0]?.slug,
  );
  expect(slug, 'the seed runs relaxed screenings every Sunday').toBeDefined();
  const relaxed = await relaxedFilms(slug ?? '');
  expect(relaxed.length).toBeGreaterThan(0);
  await page.context().addCookies([{ name: 'marquee_city', value: slug ?? '', url: 'http://localhost' }]);
  await page.goto('/');
  const films = page.getByRole('list', { name: 'Films now showing' });
  const cards = films.getByRole('listitem');
  const everything = await cards.count();

  await page.getByRole('checkbox', { name: 'Relaxed screening' }).check();
  await expect(page).toHaveURL(/[?&]access=relaxed(&|$)/);
  await expect.poll(() => cards.count()).toBe(relaxed.length);
  expect(relaxed.length).toBeLessThanOrEqual(everything);
  for (const f of relaxed)
    await expect(films.getByRole('link', { name: new RegExp(f.title) }).first()).toBeVisible();
  await settle(page);
  await expectNoSidewaysScroll(page, 'home filtered to relaxed screenings at 375 px');
  await expectAxeClean(page, testInfo, 'home filtered to relaxed screenings, 375 px');

  // Nothing is both relaxed and audio described in the demo: the page says so, and how to go on.
  await page.getByRole('checkbox', { name: 'Audio described' }).check();
  await expect(page).toHaveURL(/[?&]access=audio-described%2Crelaxed|access=audio-described,relaxed/);
  await expect(
    page.getByText(/has an upcoming showing that is Audio described and Relaxed screening\. Try fewer/),
  ).toBeVisible();
  await expect(films).toHaveCount(0);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await expectAxeClean(page, testInfo, 'home with no accessible film, dark, 375 px');
  await page.emulateMedia({ colorScheme: 'light' });

  // Without JavaScript: the shared URL shows the same, and the form's Apply sends it again.
  const plain = await browser.newContext({ javaScriptEnabled: false, viewport: PHONE, bypassCSP: true });
  await plain.addCookies([{ name: 'marquee_city', value: slug ?? '', url: 'http://localhost' }]);
  const noJs = await plain.newPage();
  await noJs.goto(page.url().replace(/access=[^&]*/, 'access=relaxed'));
  const boxes = noJs.getByRole('group', { name: 'Accessible showings' });
  await expect(boxes.getByRole('checkbox', { name: 'Relaxed screening' })).toBeChecked();
  await expect(noJs.getByRole('list', { name: 'Films now showing' }).getByRole('listitem')).toHaveCount(
    relaxed.length,
  );
  await boxes.getByRole('checkbox', { name: 'Relaxed screening' }).uncheck();
  await noJs.getByRole('button', { name: 'Apply accessible showings' }).click();
  await expect(noJs).not.toHaveURL(/access=/);
  await expect(noJs.getByRole('list', { name: 'Films now showing' }).getByRole('listitem')).toHaveCount(
    everything,
  );
  await plain.close();
});

let session: BrowserContextOptions['storageState'];

async function managerPage(browser: Browser) {
  session ??= await demoManagerSession(browser);
  const context = await browser.newContext({ viewport: PHONE, bypassCSP: true, storageState: session });
  return context.newPage();
}

test.afterAll(forgetDemoManagerTwoFactor);

test("a manager makes a rolling programme's shows captioned with the keyboard, at 375 px", async ({
  browser,
}, testInfo) => {
  test.setTimeout(120_000);
  const page = await managerPage(browser);
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Programme of / })
    .first()
    .click();
  const grid = page.getByRole('table', { name: /^Sessions of / });
  await expect(grid).toBeVisible();
  const cinemaId = /\/admin\/cinemas\/([^/]+)\/programme/.exec(page.url())?.[1];
  expect(cinemaId).toBeDefined();
  // The second screen (another browser test changes the first one's).
  const change = grid.getByRole('button', { name: /^Change the rolling programme of / }).nth(1);
  const screenName = ((await change.textContent()) ?? '').replace(/^Change the rolling programme of /, '');
  await change.focus();
  await page.keyboard.press('Enter');
  const rolling = page.getByRole('dialog', { name: /^Rolling programme of / });
  await expect(rolling.getByText('No accessible showings yet.')).toBeVisible();

  // Keyboard only: add a slot, keep every day, widen the window to the whole day, tick captions.
  const add = rolling.getByRole('button', { name: 'Add an accessible showing' });
  await add.focus();
  await page.keyboard.press('Enter');
  const slot = rolling.getByRole('group', { name: 'Slot 1', exact: true });
  await expect(slot.getByRole('checkbox', { name: 'Tuesday' })).toBeChecked();
  await slot.getByLabel('Starting from').fill('00:00');
  await slot.getByLabel('Until').fill('23:55');
  // Saving without a feature is refused at the slot.
  await rolling.getByRole('button', { name: 'Save rolling programme' }).click();
  await expect(slot.getByText('Tick at least one feature.')).toBeVisible();
  const captions = slot
    .getByRole('group', { name: 'Features' })
    .getByRole('checkbox', { name: 'Open captions (CC)' });
  await captions.focus();
  await page.keyboard.press('Space');
  await expect(captions).toBeChecked();
  await settle(page);
  await expectNoSidewaysScroll(page, 'rolling programme with a slot at 375 px');
  mkdirSync(SCREENSHOTS, { recursive: true });
  await rolling.screenshot({ path: path.join(SCREENSHOTS, 'rolling-access-slots-375.png') });
  await expectAxeClean(page, testInfo, 'rolling programme with an accessible showing, 375 px');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.evaluate(() => document.documentElement.classList.add('dark'));
  await expectAxeClean(page, testInfo, 'rolling programme with an accessible showing, dark, 375 px');

  // Three more days ahead, so saving makes sessions at once: each of them captioned. (Not two:
  // programme.e2e.ts takes the first screen to 16 days and looks for that line alone.)
  const days = rolling.getByLabel('Days ahead');
  const ahead = Number(await days.inputValue()) + 3;
  await days.fill(String(ahead));
  const before = await withE2eDb(
    async (c) => (await c.query<{ at: string }>(`SELECT now()::text AS at`)).rows[0]?.at,
  );
  await rolling.getByRole('button', { name: 'Save rolling programme' }).click();
  await expect(rolling).toBeHidden();
  await expect(
    page.getByRole('status').filter({ hasText: /^Rolling programme of .* saved: \d+ new sessions?/ }),
  ).toBeVisible();
  await expect(grid.getByText(`, ${ahead} days ahead, 1 accessible showing`)).toBeVisible();

  const made = await withE2eDb(
    async (c) =>
      (
        await c.query<{ accessibility: string }>(
          `SELECT sh.accessibility::text FROM showtimes sh JOIN screens sc ON sc.id = sh.screen_id
           WHERE sc.cinema_id = $1 AND sc.name = $2 AND sh.created_at > $3::timestamptz`,
          [cinemaId, screenName, before],
        )
      ).rows,
  );
  expect(made.length).toBeGreaterThan(0);
  for (const r of made) expect(r.accessibility).toBe('{CAPTIONED}');
});
