import { expect, test } from '@playwright/test';
import { withE2eDb } from './db';
import { expectAxeClean, expectNoSidewaysScroll, settle } from './support';

// Accessible showings (issue 16.3) on the seeded demo: the seed runs a relaxed screening at every
// cinema each Sunday morning. A moviegoer filters a cinema's programme to relaxed showings (the
// filter is in the URL, so the page can be shared), sees the chip on the showtime and its full
// name on the seat-map page, and finds the same show from the shared film-page link.

test.use({ bypassCSP: true });

type Relaxed = { id: string; movie: string; cinema: string; city: string; day: string };

async function nextRelaxedShow(): Promise<Relaxed> {
  const rows = await withE2eDb(
    async (c) =>
      (
        await c.query<Relaxed>(`
          SELECT sh.id::text, m.slug AS movie, ci.slug AS cinema, city.slug AS city,
                 to_char(sh.starts_at AT TIME ZONE 'Asia/Kolkata', 'YYYY-MM-DD') AS day
          FROM showtimes sh
          JOIN movies m ON m.id = sh.movie_id
          JOIN screens sc ON sc.id = sh.screen_id
          JOIN cinemas ci ON ci.id = sc.cinema_id
          JOIN cities city ON city.id = ci.city_id
          WHERE 'RELAXED' = ANY (sh.accessibility) AND sh.status = 'SCHEDULED'
            AND sh.starts_at > now() + interval '30 minutes'
          ORDER BY sh.starts_at LIMIT 1`)
      ).rows,
  );
  const show = rows[0];
  expect(show, 'the seed makes a weekly relaxed screening at every cinema').toBeDefined();
  return show as Relaxed;
}

test('a moviegoer filters to relaxed showings, sees the chip, and shares the filtered page', async ({
  page,
  context,
}, testInfo) => {
  const show = await nextRelaxedShow();
  await page.goto(`/cinemas/${show.cinema}?date=${show.day}`);
  const programme = page.getByRole('list', { name: 'Films' });
  const showLinks = programme.getByRole('link', { name: /seats? left|almost full/ });
  const everything = await showLinks.count();
  expect(everything).toBeGreaterThan(1);

  // Ticking the box filters at once; the URL says so.
  await page.getByRole('checkbox', { name: 'Relaxed screening' }).check();
  await expect(page).toHaveURL(/[?&]access=relaxed(&|$)/);
  const link = page.locator(`a[href="/showtimes/${show.id}"]`);
  await expect(link).toBeVisible();
  await expect.poll(() => showLinks.count()).toBeLessThan(everything);
  // Every showtime left is relaxed: its accessible name says so, and the chip shows.
  for (const name of await showLinks.evaluateAll((links) => links.map((l) => l.getAttribute('aria-label')))) {
    expect(name).toContain('Relaxed screening');
  }
  // The chip under the showtime shows the short label; it is hidden from assistive technology,
  // whose name for the link (checked above) spells the feature out.
  const chip = page.locator('li', { has: link }).locator('[data-access="RELAXED"]');
  await expect(chip).toHaveText('Relaxed');
  await expect(chip).toHaveAttribute('title', 'Relaxed screening');
  await expectAxeClean(page, testInfo, 'cinema programme filtered to relaxed showings');

  // Phones: the filter and the chips wrap, nothing scrolls sideways.
  await page.setViewportSize({ width: 375, height: 800 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'cinema programme filtered to relaxed showings at 375 px');
  await expectAxeClean(page, testInfo, 'cinema programme filtered, 375 px');
  await page.setViewportSize({ width: 1280, height: 800 });

  // The shared link opens the same filtered programme, the box already ticked.
  const shared = await context.newPage();
  await shared.goto(page.url());
  await expect(shared.getByRole('checkbox', { name: 'Relaxed screening' })).toBeChecked();
  await expect(shared.locator(`a[href="/showtimes/${show.id}"]`)).toBeVisible();
  await shared.close();

  // The seat-map page names it in full.
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/showtimes/${show.id}$`));
  const details = page.getByRole('list', { name: 'Accessible showing' });
  await expect(details).toContainText('Relaxed screening');
  await expectAxeClean(page, testInfo, 'seat map of a relaxed showing');

  // The film page takes the same filter in its URL (in the show's city).
  await context.addCookies([{ name: 'marquee_city', value: show.city, url: new URL(page.url()).origin }]);
  await page.goto(`/movies/${show.movie}?date=${show.day}&access=relaxed`);
  await expect(page.getByRole('checkbox', { name: 'Relaxed screening' })).toBeChecked();
  await expect(page.locator(`a[href="/showtimes/${show.id}"]`)).toBeVisible();
  await expectAxeClean(page, testInfo, 'film page filtered to relaxed showings');

  // Unticking shows every showtime again and takes the filter out of the URL.
  await page.getByRole('checkbox', { name: 'Relaxed screening' }).uncheck();
  await expect(page).not.toHaveURL(/access=/);
});
