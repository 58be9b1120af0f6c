import { expect, test } from '@playwright/test';
import { expectAxeClean, expectNoSidewaysScroll, settle, signIn } from './support';

// The door: a member of staff checks tickets in and opens a show's door list. (Admitting a
// ticket end to end needs a show within 90 minutes: tests/integration/admin.int.test.ts.)

test.use({ bypassCSP: true });

test('door staff see today’s door lists, and a code that is no ticket is refused with what to type', async ({
  page,
}, testInfo) => {
  await signIn(page, 'staff@marquee.test');
  await page.goto('/admin/check-in');
  await expect(page.getByRole('heading', { name: 'Ticket check-in' })).toBeVisible();

  await page.getByLabel('This door').fill('Door 2');
  await page.getByLabel('Ticket code').fill('hello-this-is-not-a-ticket');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toContainText(
    'Type the code under the QR code',
  );
  // A well-formed code for no booking.
  await page.getByLabel('Ticket code').fill('MQ-0000000-A1');
  await page.getByRole('button', { name: 'Check in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: /\S/ })).toContainText('No such ticket');
  // The door is remembered on this device.
  await page.reload();
  await expect(page.getByLabel('This door')).toHaveValue('Door 2');
  await expectAxeClean(page, testInfo, 'check-in');

  const doorLists = page.getByRole('region', { name: 'Door lists' });
  const first = doorLists.getByRole('link').first();
  await expect(first).toBeVisible();
  await first.click();
  await expect(page.getByRole('heading', { name: /^Door list: / })).toBeVisible();
  await expect(page.getByText(/tickets checked in/)).toBeVisible();
  await expectAxeClean(page, testInfo, 'door-list');
  await page.setViewportSize({ width: 375, height: 800 });
  await settle(page);
  await expectNoSidewaysScroll(page, 'door-list-375');
  await page.getByRole('link', { name: 'Not in yet' }).click();
  await expect(page).toHaveURL(/show=waiting/);
});
