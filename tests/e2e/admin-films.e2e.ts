import { type BrowserContextOptions, expect, test } from '@playwright/test';
import { pngImage } from '../support/images';
import {
  DESKTOP,
  enrolledManager,
  forgetManagerTwoFactor,
  MANAGER,
  managerPage,
  PHONE,
  screenshot,
  TABLET,
} from './admin-support';
import { withE2eDb } from './db';
import { expectAxeClean, expectNoSidewaysScroll, settle } from './support';

// The demo manager runs the catalogue from /admin/films: a new film typed in with a mistake or
// two (shown at their fields, nothing typed lost), a poster too small for the site (refused by the
// server, at the poster field) and then a good one (previewed), saved, and found on the public
// film page with the poster in its stored sizes. Then the film is edited and archived and brought
// back, and a film with showtimes to come is refused archiving, with the showtimes listed. Axe in
// light and dark, no sideways scroll at 768 px, screenshots at 1280 px in
// test-results/screenshots/admin-film-*.png.

let session: BrowserContextOptions['storageState'];

test.beforeAll(async ({ browser }) => {
  session = await enrolledManager(browser);
});

test.afterAll(forgetManagerTwoFactor);

test('a manager adds a film with a poster, and it is on the public film page', async ({
  browser,
}, testInfo) => {
  test.setTimeout(180_000);
  const page = await managerPage(browser, session);
  const title = `Harbour Lights ${Date.now().toString(36)}`;

  await page.goto('/admin');
  await page.getByRole('navigation', { name: 'Admin' }).getByRole('link', { name: 'Films' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Films' })).toBeVisible();
  await expect(page.getByRole('table').getByRole('rowheader').first()).toBeVisible();
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-films-list');
  await screenshot(page, 'admin-films-list');

  await page.getByRole('link', { name: 'New film' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New film' })).toBeVisible();

  // Nothing filled in: each field says what it needs, and focus goes to the first.
  await page.getByRole('button', { name: 'Add film' }).click();
  await expect(page.getByText('Give the film’s title.')).toBeVisible();
  await expect(page.getByLabel('Title')).toBeFocused();
  await expect(page.getByText('Choose at least one genre.')).toBeVisible();

  const form = page.getByRole('form', { name: 'New film' });
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Director').fill('Kabir Malhotra');
  await page
    .getByLabel('Synopsis')
    .fill('A railway cop has one night to stop a hijacked express before it reaches Mumbai in the rain.');
  await page.getByLabel('Running time (minutes)').fill('152');
  await page.getByLabel('Release date').fill('2026-12-18');
  await page.getByLabel('Certificate (CBFC)').selectOption('UA 13+');
  // Not a host trailers are linked to: refused at the field.
  await page.getByLabel('Trailer (optional)').fill('https://example.com/trailer');
  const genres = form.getByRole('group', { name: 'Genres' });
  await genres.getByLabel('Action').check();
  await genres.getByLabel('Thriller').check();
  await page.getByLabel('Original language').selectOption('Hindi');
  await form.getByRole('group', { name: 'Languages' }).getByLabel('Tamil').check();
  await form.getByRole('group', { name: 'Formats it is released in' }).getByLabel('IMAX').check();
  await page.getByRole('button', { name: 'Add a person' }).click();
  await expect(page.getByLabel('Name 1')).toBeFocused();
  await page.keyboard.type('Vikrant Sethi');
  await page.getByLabel('Character 1 (optional)').fill('Inspector Aryan Rathod');
  await page.getByRole('button', { name: 'Add a person' }).click();
  await page.getByLabel('Name 2').fill('Meher Kapoor');
  // Billing order: the second person first, by keyboard.
  await page.getByRole('button', { name: 'Move Meher Kapoor up' }).press('Enter');
  await expect(page.getByLabel('Name 1')).toHaveValue('Meher Kapoor');

  // A poster smaller than the site's largest size: the server refuses it, at the poster field.
  const upload = page.getByLabel('Upload a poster');
  await upload.setInputFiles({ name: 'tiny.png', mimeType: 'image/png', buffer: await pngImage(100, 150) });
  const posterSection = page.getByRole('region', { name: 'Poster' });
  await expect(
    posterSection.getByText('The image is 100 × 150 pixels: a poster needs at least 300 × 450.'),
  ).toBeVisible();
  await expect(upload).toHaveAttribute('aria-invalid', 'true');
  // A good one: uploaded, resized, previewed from the stored sizes.
  await upload.setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: await pngImage(600, 900) });
  await expect(posterSection.getByText('Uploaded “poster.png”')).toBeVisible();
  const preview = posterSection.getByRole('img', { name: `Poster of ${title}` });
  await expect(preview).toHaveAttribute('src', /^\/api\/media\/posters\/[0-9a-f]{32}-320\.webp$/);
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  await page.getByRole('button', { name: 'Add film' }).click();
  await expect(page.getByText('Link to the trailer on YouTube or Vimeo.')).toBeVisible();
  await expect(page.getByLabel('Trailer (optional)')).toBeFocused();
  // Nothing typed was lost.
  await expect(page.getByLabel('Title')).toHaveValue(title);
  await expect(page.getByLabel('Name 2')).toHaveValue('Vikrant Sethi');
  await expect(preview).toBeVisible();
  await page.getByLabel('Trailer (optional)').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-film-new');
  await screenshot(page, 'admin-film-new');
  await page.setViewportSize(TABLET);
  await expectNoSidewaysScroll(page, 'admin-film-new-768');
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page, 'admin-film-new-375');
  await page.setViewportSize(DESKTOP);

  await page.getByRole('button', { name: 'Add film' }).click();
  await expect(page).toHaveURL(/\/admin\/films\/[0-9a-f-]{36}\?created=1$/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(`“${title}” is in the catalogue.`)).toBeVisible();
  const editUrl = page.url().replace(/\?.*$/, '');

  // Dark mode, on the film's page in the admin.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-film-edit-dark');
  await screenshot(page, 'admin-film-edit-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // The public page: title, cast in order, the poster in its sizes (served for a year).
  await page.getByRole('link', { name: 'its public page' }).click();
  await expect(page).toHaveURL(/\/movies\/harbour-lights-/);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText('Meher Kapoor')).toBeVisible();
  const poster = page.locator('img[src^="/api/media/posters/"]').first();
  await expect(poster).toHaveAttribute('srcset', /-160\.webp 160w, .*-320\.webp 320w, .*-640\.webp 640w/);
  const image = await page.request.get((await poster.getAttribute('src')) as string);
  expect(image.status()).toBe(200);
  expect(image.headers()['content-type']).toBe('image/webp');
  expect(image.headers()['cache-control']).toContain('immutable');

  // Edit one field; then archive it (no showtimes, so allowed) and bring it back.
  await page.goto(editUrl);
  // The form fills its fields once it runs in the browser.
  await expect(page.getByLabel('Running time (minutes)')).toHaveValue('152');
  await page.getByLabel('Running time (minutes)').fill('149');
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Saved “${title}”.` })).toBeVisible();
  await page.getByRole('button', { name: 'Archive film' }).click();
  await expect(page.getByText(`“${title}” is archived: it is off the public site.`)).toBeVisible();
  await page.getByRole('button', { name: 'Bring it back' }).click();
  await expect(page.getByText(`“${title}” is back on the public site.`)).toBeVisible();

  // The list finds it by part of its title, and only it.
  await page.goto('/admin/films');
  await page.getByLabel('Title').fill(title.split(' ').at(-1) as string);
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByRole('table').getByRole('rowheader')).toHaveCount(1);
  await expect(page.getByRole('table').getByRole('link', { name: title })).toBeVisible();
  await page.getByLabel('Status').selectOption('archived');
  await page.getByRole('button', { name: 'Filter' }).click();
  await expect(page.getByText('No film matches these filters.')).toBeVisible();
  await page.setViewportSize(TABLET);
  await expectNoSidewaysScroll(page, 'admin-films-list-768');
  await page.setViewportSize(PHONE);
  await expectNoSidewaysScroll(page, 'admin-films-list-375');
});

test('archiving a film with showtimes to come is refused, naming them', async ({ browser }, testInfo) => {
  const page = await managerPage(browser, session);
  // A film with shows to come at one of the manager's cinemas (the one they may edit).
  const film = await withE2eDb(async (db) => {
    const found = await db.query<{ title: string }>(
      `SELECT m.title FROM movies m
         JOIN showtimes s ON s.movie_id = m.id AND s.status = 'SCHEDULED' AND s.starts_at > now()
         JOIN screens sc ON sc.id = s.screen_id
         JOIN cinema_staff cs ON cs.cinema_id = sc.cinema_id AND cs.role = 'MANAGER'
         JOIN users u ON u.id = cs.user_id AND u.email = $1
       ORDER BY m.title LIMIT 1`,
      [MANAGER],
    );
    return found.rows[0]?.title ?? '';
  });
  expect(film).not.toBe('');
  await page.goto(`/admin/films?q=${encodeURIComponent(film)}`);
  await page.getByRole('table').getByRole('link', { name: film, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: film })).toBeVisible();
  await expect(page.getByText(/to come, so it cannot be archived until/)).toBeVisible();
  await page.getByRole('button', { name: 'Archive film' }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'before archiving the film' });
  await expect(alert).toContainText(`“${film}” still has`);
  await expect(alert.getByRole('listitem').first()).toBeVisible();
  await expect(alert.getByRole('link').first()).toHaveAttribute('href', /^\/showtimes\//);
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-film-archive-refused');
  await screenshot(page, 'admin-film-archive-refused');
  // Still on the site.
  await page.goto('/admin/films?status=archived');
  await expect(page.getByRole('table').getByRole('link', { name: film, exact: true })).toHaveCount(0);
});
