import { expect, test } from '@playwright/test';

test('a wrong password is refused with a message that does not reveal whether the account exists', async ({
  page,
}) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('customer@marquee.test');
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );

  await page.getByLabel('Email').fill('nobody-here@marquee.test');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );
});

test('the demo customer signs in and out', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Email').fill('customer@marquee.test');
  await page.getByLabel('Password').fill('marquee-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText('Hi, Priya')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('a new moviegoer creates an account and is signed in; a taken email is refused', async ({ page }) => {
  const email = `new-${Date.now()}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Arjun Mehta');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();

  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Hi, Arjun')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Someone Else');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('another-long-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('already exists');
});
