import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  type Browser,
  type BrowserContextOptions,
  expect,
  type Locator,
  type Page,
  test,
} from '@playwright/test';
import {
  demoManagerSession,
  expectAxeClean,
  expectNoSidewaysScroll,
  forgetDemoManagerTwoFactor,
  settle,
} from './support';

// The demo manager draws a new screen in the seat-layout editor: a template to start from, a
// wheelchair space and its companion marked with the keyboard (a validation problem on the way,
// fixed), a block made Premium with a mouse drag, undo and redo, a reload that loses nothing, a
// refused name that loses nothing either, then Save, and the screen is listed with the seats drawn.
// Along the way: axe in light and dark, no sideways scroll at 768 px (a tablet), and screenshots
// at 1280 px in test-results/screenshots/layout-editor-*.png. A second test draws on a touch
// screen and uses the numbering and labelling dialogs.

const SCREENSHOTS = path.resolve(import.meta.dirname, '../../test-results/screenshots');
const DESKTOP = { width: 1280, height: 800 };
const TABLET = { width: 768, height: 1024 };

/** The Studio template (prisma/seed-data/screens.ts): 122 seats, 14 of them Premium, 2 wheelchair spaces. */
const STUDIO = { seats: 122, premium: 14, wheelchair: 2 };

const cell = (page: Page, name: RegExp) => page.getByRole('gridcell', { name });

async function dragBetween(page: Page, from: Locator, to: Locator) {
  const a = await from.boundingBox();
  const b = await to.boundingBox();
  if (!a || !b) throw new Error('cells not on screen');
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 8 });
  await page.mouse.up();
}

async function screenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  await test.info().attach(`${name}.png`, { path: file, contentType: 'image/png' });
}

// The demo manager, signed in with two-factor authentication turned on (the admin area asks for
// it): the session is kept for each test's own browser context.
let session: BrowserContextOptions['storageState'];

test.beforeAll(async ({ browser }) => {
  session = await demoManagerSession(browser);
});

test.afterAll(forgetDemoManagerTwoFactor);

async function managerPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await browser.newContext({
    viewport: DESKTOP,
    reducedMotion: 'reduce',
    bypassCSP: true,
    storageState: session,
    ...options,
  });
  return context.newPage();
}

/** From /admin to the first managed cinema's screens. */
async function openScreens(page: Page) {
  await page.goto('/admin');
  await page
    .getByRole('link', { name: /^Screens of / })
    .first()
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Screens' })).toBeVisible();
}

test('a manager draws a new screen in the layout editor and saves it', async ({ browser }, testInfo) => {
  test.setTimeout(180_000);
  const page = await managerPage(browser);
  await openScreens(page);
  const screensUrl = page.url();
  const taken = (await page.getByRole('table').getByRole('rowheader').first().textContent())?.trim() ?? '';
  expect(taken).not.toBe('');

  await page.getByRole('link', { name: 'New screen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'New screen' })).toBeVisible();
  // A name this cinema already uses: refused at save, at the field, with nothing lost.
  await page.getByLabel('Name', { exact: true }).fill(taken);

  // Start from a template.
  await page.getByRole('button', { name: 'Templates…' }).click();
  await page
    .getByRole('dialog', { name: 'Start from a template' })
    .getByRole('button', { name: 'Use Studio' })
    .click();
  await expect(page.getByText('Started from the Studio template')).toBeVisible();
  await expect(page.getByText(`${STUDIO.seats} seats · ready to save`)).toBeVisible();

  // Keyboard: into the plan (one tab stop), along row A to its first seat, select it, make it a
  // wheelchair space.
  await page.getByRole('button', { name: 'Help' }).focus();
  await page.keyboard.press('Tab');
  await expect(cell(page, /^Row A, column 1: gap$/)).toBeFocused();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  const a1 = cell(page, /^Row A, column 3: seat 1, /);
  await expect(a1).toBeFocused();
  await page.keyboard.press('Space');
  await expect(a1).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('w');
  await expect(a1).toHaveAccessibleName(/seat 1, Standard, wheelchair space/);

  // Without a companion seat beside it the layout cannot be saved: the problem names the seat
  // and takes you to it.
  const problems = page.getByRole('region', { name: /problem to fix before saving$/ });
  await expect(problems).toContainText(
    'The wheelchair space at seat A1 needs a companion seat right beside it in the same row.',
  );
  await expect(a1).toHaveAttribute('aria-invalid', 'true');
  await problems.getByRole('button', { name: 'Show the cell' }).click();
  await expect(a1).toBeFocused();

  // Fix it: the seat to its right becomes the companion seat.
  await page.keyboard.press('Escape');
  await expect(a1).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowRight');
  const a2 = cell(page, /^Row A, column 4: seat 2, /);
  await expect(a2).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('c');
  await expect(a2).toHaveAccessibleName(/seat 2, Standard, companion seat$/);
  await expect(page.getByRole('region', { name: 'Ready to save' })).toBeVisible();
  await expect(a1).not.toHaveAttribute('aria-invalid', 'true');

  // Mouse: the select tool, a drag over rows B and C, columns 10 to 15, and Premium for all 12.
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  const b9 = cell(page, /^Row B, column 10: seat 9, /);
  await dragBetween(page, b9, cell(page, /^Row C, column 15: seat 14, /));
  await expect(page.locator('td[role="gridcell"][aria-selected="true"]')).toHaveCount(12);
  await page.getByRole('button', { name: 'Premium', exact: true }).click();
  await expect(page.getByText('Made 12 seats Premium')).toBeVisible();
  await expect(b9).toHaveAccessibleName(/seat 9, Premium$/);

  // Undo with the keyboard, redo with the button.
  await page.keyboard.press('Control+z');
  await expect(page.getByText('Undone: Made 12 seats Premium')).toBeVisible();
  await expect(b9).toHaveAccessibleName(/seat 9, Standard$/);
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByText('Redone: Made 12 seats Premium')).toBeVisible();
  await expect(b9).toHaveAccessibleName(/seat 9, Premium$/);

  // The quality bar, light, at 1280 px and on a tablet.
  await settle(page);
  await expectAxeClean(page, testInfo, 'layout-editor-desktop');
  await screenshot(page, 'layout-editor-desktop');
  await page.setViewportSize(TABLET);
  await settle(page);
  await expectNoSidewaysScroll(page, 'layout-editor-768');
  await expectAxeClean(page, testInfo, 'layout-editor-768');
  await screenshot(page, 'layout-editor-768');
  await page.setViewportSize(DESKTOP);

  // A reload loses nothing: the tab kept a copy (sessionStorage), restored here, in dark mode.
  // Row B's cells hold Premium codes (G–L, lib/seat-layout/wire.ts) once the latest change is kept.
  await expect
    .poll(() =>
      page.evaluate(() => {
        const kept = Object.entries(sessionStorage).find(([k]) => k.startsWith('marquee:new-screen:'))?.[1];
        return kept
          ? /[G-L]/.test(
              (JSON.parse(kept) as { draft: { rows: { cells: string }[] } }).draft.rows[1]?.cells ?? '',
            )
          : false;
      }),
    )
    .toBe(true);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.reload();
  await expect(page.locator('html')).toHaveClass(/\bdark\b/);
  await expect(page.getByText('We kept the screen you were drawing in this tab')).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveValue(taken);
  await expect(b9).toHaveAccessibleName(/seat 9, Premium$/);
  await expect(a1).toHaveAccessibleName(/wheelchair space/);
  await settle(page);
  await expectAxeClean(page, testInfo, 'layout-editor-desktop-dark');
  await screenshot(page, 'layout-editor-desktop-dark');

  // The server refuses the name at the field; the drawing stays.
  await page.getByRole('button', { name: 'Save screen' }).click();
  await expect(
    page.getByText(`This cinema already has a screen called “${taken}”.`, { exact: true }),
  ).toBeVisible();
  await expect(page.getByLabel('Name', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByLabel('Name', { exact: true })).toBeFocused();
  await expect(b9).toHaveAccessibleName(/seat 9, Premium$/);

  const name = `Studio ${Date.now().toString(36).slice(-5).toUpperCase()}`;
  await page.getByLabel('Name', { exact: true }).fill(name);
  await page.getByRole('button', { name: 'Save screen' }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
  await expect(page.getByText(`Screen created: ${STUDIO.seats} seats.`)).toBeVisible();
  // The copy in the tab is gone with the save: a new screen starts afresh.
  expect(
    await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('marquee:new-screen:'))),
  ).toEqual([]);

  await expectAxeClean(page, testInfo, 'screen-layout-view-dark');
  await screenshot(page, 'screen-layout-view-desktop-dark');

  // Listed with what was drawn: capacity, Premium seats, wheelchair spaces.
  await page.goto(screensUrl);
  const row = page.getByRole('row', { name: new RegExp(`^${name} `) });
  await expect(row.getByRole('cell')).toHaveText([
    '2D',
    String(STUDIO.seats),
    String(STUDIO.seats - STUDIO.premium - 12),
    String(STUDIO.premium + 12),
    '–',
    String(STUDIO.wheelchair + 1),
    '–',
  ]);
  await expectAxeClean(page, testInfo, 'screens-list-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.reload();
  await expect(page.locator('html')).not.toHaveClass(/\bdark\b/);
  await expectAxeClean(page, testInfo, 'screens-list');
  await page.setViewportSize(TABLET);
  await settle(page);
  await expectNoSidewaysScroll(page, 'screens-list-768');
  await screenshot(page, 'screens-list-768');
  await page.context().close();
});

test('on a touch screen: tap and drag to draw; the numbering and labelling dialogs', async ({
  browser,
}, testInfo) => {
  const page = await managerPage(browser, { viewport: TABLET, hasTouch: true });
  await openScreens(page);
  await page.getByRole('link', { name: 'New screen' }).click();
  // A new screen starts as a blank 8 × 14 grid of standard seats.
  await expect(page.getByText('112 seats · ready to save')).toBeVisible();

  // Tap a tool, tap a cell: the seat goes; tap the seat tool and the cell again: it is back.
  await page.getByRole('button', { name: 'Gap', exact: true }).tap();
  await cell(page, /^Row A, column 1: seat 1, /).tap();
  await expect(cell(page, /^Row A, column 1: gap$/)).toBeVisible();
  await expect(cell(page, /^Row A, column 2: seat 1, /)).toBeVisible();
  await page.getByRole('button', { name: 'Seat', exact: true }).tap();
  await cell(page, /^Row A, column 1: gap$/).tap();
  await expect(cell(page, /^Row A, column 1: seat 1, /)).toBeVisible();

  // A finger dragged over rows B to C, columns 2 to 4 with the Recliner tool: six recliners.
  await page.getByRole('button', { name: 'Recliner', exact: true }).tap();
  const from = await cell(page, /^Row B, column 2: /).boundingBox();
  const to = await cell(page, /^Row C, column 4: /).boundingBox();
  if (!from || !to) throw new Error('cells not on screen');
  const grid = page.getByRole('grid', { name: 'Seat layout' });
  const touch = (type: string, box: { x: number; y: number; width: number; height: number }) =>
    grid.dispatchEvent(type, {
      pointerId: 7,
      pointerType: 'touch',
      isPrimary: true,
      button: 0,
      buttons: type === 'pointerup' ? 0 : 1,
      clientX: box.x + box.width / 2,
      clientY: box.y + box.height / 2,
    });
  await cell(page, /^Row B, column 2: /).dispatchEvent('pointerdown', {
    pointerId: 7,
    pointerType: 'touch',
    isPrimary: true,
    button: 0,
    buttons: 1,
    clientX: from.x + from.width / 2,
    clientY: from.y + from.height / 2,
  });
  await touch('pointermove', to);
  await touch('pointerup', to);
  await expect(page.getByText('Made 6 seats Recliner')).toBeVisible();
  await expect(cell(page, /^Row C, column 4: seat 4, Recliner$/)).toBeVisible();

  // Number every row right to left; a wrong first number is refused at its field.
  await page.getByRole('button', { name: 'Number seats…' }).tap();
  const numbering = page.getByRole('dialog', { name: 'Number seats' });
  await numbering.getByLabel('Every row').check();
  await numbering.getByLabel('Right to left').check();
  await numbering.getByRole('spinbutton', { name: 'First number' }).fill('0');
  await numbering.getByRole('button', { name: 'Number seats' }).click();
  await expect(numbering.getByText('At least 1.')).toBeVisible();
  await expect(numbering.getByRole('spinbutton', { name: 'First number' })).toHaveAttribute(
    'aria-invalid',
    'true',
  );
  await settle(page);
  await expectAxeClean(page, testInfo, 'layout-editor-numbering-dialog');
  await numbering.getByRole('spinbutton', { name: 'First number' }).fill('101');
  await numbering.getByRole('button', { name: 'Number seats' }).click();
  await expect(numbering).toBeHidden();
  await expect(cell(page, /^Row A, column 1: seat 114, /)).toBeVisible();
  await expect(cell(page, /^Row H, column 14: seat 101, /)).toBeVisible();

  // Label rows with numbers from the back, skipping nothing.
  await page.getByRole('button', { name: 'Label rows…' }).tap();
  const labelling = page.getByRole('dialog', { name: 'Label rows' });
  await labelling.getByLabel('Numbers: 1, 2, 3…').check();
  await labelling.getByLabel('The back row').check();
  await labelling.getByRole('button', { name: 'Label rows' }).click();
  await expect(cell(page, /^Row 8, column 1: seat 114, /)).toBeVisible();
  await expect(cell(page, /^Row 1, column 14: seat 101, /)).toBeVisible();
  await expectNoSidewaysScroll(page, 'layout-editor-touch-768');
  await page.context().close();
});
