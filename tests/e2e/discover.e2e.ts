import { expect, type Page, test } from '@playwright/test';
import { tomorrow } from './support';

// Discovering films and cinemas on the seeded demo data: typo-tolerant search from the header,
// filters that narrow the home page through the URL, cinemas near a typed place, and a cinema's
// programme.

const films = (page: Page) => page.getByRole('list', { name: 'Films now showing' }).getByRole('listitem');

test('the header search finds a film despite a typo, and Enter opens it', async ({ page }) => {
  await page.goto('/');
  const box = page.getByRole('combobox', { name: 'Search films and cast' });
  await box.fill('madurai thundr');
  const listbox = page.getByRole('listbox', { name: 'Suggestions' });
  const first = listbox.getByRole('option').first();
  await expect(first).toContainText('Madurai Thunder');
  await expect(box).toHaveAttribute('aria-expanded', 'true');
  // The best suggestion is selected automatically, so Enter opens it.
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await expect(box).toHaveAttribute('aria-activedescendant', (await first.getAttribute('id')) as string);

  // Arrow keys move through the options (wrapping), Escape closes the list.
  await box.press('ArrowUp');
  await expect(listbox.getByRole('option').last()).toHaveAttribute('aria-selected', 'true');
  await expect(listbox.getByRole('option').last()).toContainText('See all results');
  await box.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');
  await box.press('Escape');
  await expect(box).toHaveAttribute('aria-expanded', 'false');
  await expect(listbox).toBeHidden();
  await box.press('ArrowDown');
  await expect(first).toHaveAttribute('aria-selected', 'true');

  await box.press('Enter');
  await expect(page).toHaveURL(/\/movies\/madurai-thunder$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Madurai Thunder' })).toBeVisible();
});

test('a cast member’s partial name finds their films on the results page', async ({ page }) => {
  await page.goto('/search?q=vikrant');
  const results = page.getByRole('list', { name: 'Search results' });
  await expect(results.getByRole('heading', { name: 'Monsoon Express', exact: true })).toBeVisible();
  await expect(results.getByText('Starring Vikrant Sethi').first()).toBeVisible();
  await page.goto('/search?q=zzzzqqqq');
  await expect(page.getByText('No films match “zzzzqqqq”.')).toBeVisible();
});

test('filters narrow the home list, live in the URL, and clear', async ({ page }) => {
  await page.goto('/');
  const all = await films(page).count();
  expect(all).toBeGreaterThanOrEqual(9);

  await page.getByLabel('Genre').selectOption({ label: 'Horror (1)' });
  await expect(page).toHaveURL(/[?&]genre=Horror/);
  await expect(films(page)).toHaveCount(1);
  await expect(films(page).first()).toContainText('Haveli No. 13');

  // Every film in release plays every day, so tomorrow (index 2, after "Any day" and today) keeps it.
  await page.getByLabel('Date').selectOption({ index: 2 });
  await expect(page).toHaveURL(/genre=Horror&date=\d{4}-\d{2}-\d{2}/);
  await expect(films(page)).toHaveCount(1);

  // The URL is the state: shared, it renders the same list on the server.
  await page.goto(page.url());
  await expect(films(page)).toHaveCount(1);
  await expect(page.getByLabel('Genre')).toHaveValue('Horror');

  await page.getByRole('link', { name: 'Remove filter: Horror' }).click();
  await expect(page).not.toHaveURL(/genre=/);
  await page.goto('/?genre=Horror&format=IMAX');
  await expect(page.getByText('No films match')).toBeVisible();
  await page.getByRole('link', { name: 'clear filters', exact: true }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(films(page)).toHaveCount(all);
});

test('cinemas near a typed place are listed nearest first', async ({ page }) => {
  await page.goto('/cinemas');
  await page.getByLabel('Area or city').fill('Koramangla');
  await page.getByRole('button', { name: 'Find cinemas' }).click();
  await expect(page.getByText(/within 50 km of Koramangala, Bengaluru/)).toBeVisible();
  const cinemas = page.getByRole('list', { name: 'Cinemas, nearest first' }).locator(':scope > li');
  await expect(cinemas).toHaveCount(2);
  await expect(cinemas.first()).toContainText('Marquee Koramangala');
  await expect(cinemas.nth(1)).toContainText('Marquee Whitefield');

  await page.getByLabel('Area or city').fill('Bandra');
  await page.getByLabel('Within', { exact: true }).selectOption('25');
  await page.getByRole('button', { name: 'Find cinemas' }).click();
  await expect(page.getByText(/within 25 km of Bandra, Mumbai/)).toBeVisible();
  const distances = (await cinemas.getByText(/^\d+\.\d km/).allTextContents()).map((t) =>
    Number.parseFloat(t),
  );
  expect(distances.length).toBe(2);
  expect([...distances].sort((a, b) => a - b)).toEqual(distances);
});

test('“Use my location” lists the cinemas nearest the browser’s position', async ({ browser }) => {
  const context = await browser.newContext({
    geolocation: { latitude: 28.6315, longitude: 77.2167 }, // Connaught Place, Delhi
    permissions: ['geolocation'],
  });
  const page = await context.newPage();
  await page.goto('/cinemas');
  await page.getByRole('button', { name: 'Use my location' }).click();
  await expect(page).toHaveURL(/lat=28\.63\d&lng=77\.21\d/);
  await expect(page.getByText(/of your location/)).toBeVisible();
  const cinemas = page.getByRole('list', { name: 'Cinemas, nearest first' }).locator(':scope > li');
  await expect(cinemas.first()).toContainText('Marquee Regal Arcade');
  await expect(cinemas.nth(1)).toContainText('Marquee Saket');
  await context.close();
});

test('a cinema page shows its screens and the day’s programme grouped by film', async ({ page }) => {
  await page.goto('/cinemas?place=Saket');
  await page.getByRole('link', { name: 'Marquee Saket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Marquee Saket' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Amenities' })).toContainText('Recliners');
  await expect(page.getByRole('heading', { name: 'Screens' })).toBeVisible();
  await expect(page.getByRole('list', { name: 'Seats in Audi 1' })).toBeVisible();

  // Tomorrow always has a full day of shows.
  const dates = page.getByRole('navigation', { name: 'Choose a date' }).getByRole('link');
  await dates.nth(1).click();
  await expect(dates.nth(1)).toHaveAttribute('aria-current', 'date');
  const programme = page.getByRole('list', { name: 'Films' }).locator(':scope > li');
  expect(await programme.count()).toBeGreaterThanOrEqual(3);
  const firstShow = programme
    .first()
    .getByRole('link', { name: /\d{1,2}:\d{2}\s?(am|pm).*seats? left/i })
    .first();
  await expect(firstShow).toBeVisible();
  await firstShow.click();
  await expect(page).toHaveURL(/\/showtimes\/[0-9a-f-]{36}$/);
});

test('a signed-in moviegoer reviews a film with the keyboard, then edits the review', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('customer@marquee.test');
  await page.getByLabel('Password').fill('marquee-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await page.goto('/movies/haveli-no-13');
  const form = page.getByRole('form', { name: /Write a review|Your review/ });
  await form.getByRole('radio', { name: /^3 stars/ }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(form.getByRole('radio', { name: /^4 stars/ })).toBeChecked();
  await form.getByLabel('Headline').fill('Properly spooky');
  await form.getByRole('button', { name: /Post review|Update review/ }).click();
  await expect(form.getByRole('status')).toContainText(/posted|updated/);
  await expect(page.getByRole('form', { name: 'Your review' })).toBeVisible();

  await form.getByRole('radio', { name: /^2 stars/ }).check();
  await form.getByRole('button', { name: 'Update review' }).click();
  await expect(form.getByRole('status')).toContainText('updated');
});

test('without JavaScript, filters and search are plain GET forms that still work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByLabel('Genre').selectOption({ label: 'Horror (1)' });
  // The accessible-showings form has an Apply of its own.
  await page.getByRole('form', { name: 'Filter films' }).getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/genre=Horror/);
  await expect(films(page)).toHaveCount(1);

  const box = page.getByRole('combobox', { name: 'Search films and cast' });
  await box.fill('madurai thundr');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=madurai\+thundr/);
  await expect(
    page.getByRole('list', { name: 'Search results' }).getByRole('heading', { name: 'Madurai Thunder' }),
  ).toBeVisible();

  // The film and cinema pages are not streamed behind a skeleton (it would never be revealed
  // without JavaScript): their showtimes, date links and programme are in the first response.
  await page
    .getByRole('list', { name: 'Search results' })
    .getByRole('link', { name: /Madurai Thunder/ })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Madurai Thunder' })).toBeVisible();
  await page
    .getByRole('navigation', { name: 'Choose a date' })
    .locator(`a[href*="date=${tomorrow()}"]`)
    .click();
  await expect(page).toHaveURL(new RegExp(`date=${tomorrow()}`));
  const cinemas = page.getByRole('list', { name: 'Cinemas' });
  await expect(cinemas.locator('a[href^="/showtimes/"]').first()).toBeVisible();
  await cinemas
    .getByRole('link', { name: /^Screens and amenities/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/cinemas\/[a-z0-9-]+/);
  await expect(page.getByRole('heading', { name: 'Screens' })).toBeVisible();
  await context.close();
});
