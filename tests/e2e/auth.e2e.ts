import { expect, test } from '@playwright/test';
import { enrolTwoFactor, type MapSeat, middleSeats, signUpVerified, someShowtime, totp } from './support';

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
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('a new moviegoer signs up, verifies their email with the code from /dev/mail, and is signed in; a taken email is refused', async ({
  page,
  context,
}) => {
  const email = `new-${Date.now()}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Arjun Mehta');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('short');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText('Use at least 10 characters')).toBeVisible();

  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`We emailed a 6-digit code to ${email}`)).toBeVisible();

  // No SMTP server in this run: the mail is in the local mailbox, readable at /dev/mail.
  const mailbox = await context.newPage();
  await mailbox.goto('/dev/mail');
  const message = mailbox
    .getByRole('article', { name: 'Your Marquee verification code' })
    .filter({ hasText: `To ${email}` });
  await expect(message).toHaveCount(1);
  const code = /\b(\d{6})\b/.exec((await message.locator('pre').textContent()) ?? '')?.[1];
  expect(code).toMatch(/^\d{6}$/);
  await mailbox.close();

  await page.getByLabel('Verification code').fill('000000' === code ? '000001' : '000000');
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('not right');
  await page.getByLabel('Verification code').fill(code as string);
  await page.getByRole('button', { name: 'Verify email' }).click();
  await expect(page.getByText('Hi, Arjun')).toBeVisible();

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Someone Else');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('another-long-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('already exists');
});

test('an unverified account is told to verify only after the right password, and can get a new code', async ({
  page,
}) => {
  const email = `unverified-${Date.now()}@example.com`;
  await page.goto('/signup');
  await page.getByLabel('Name').fill('Zoya Khan');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await expect(page.getByText(`We emailed a 6-digit code to ${email}`)).toBeVisible();

  await page.goto('/signin');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toHaveText(
    'That email and password do not match an account.',
  );

  await page.getByLabel('Password').fill('a-long-enough-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('Verify your email first');
  await expect(page.getByRole('button', { name: 'Email me a verification code' })).toBeVisible();
});

test('a forgotten password gets the same answer for any address', async ({ page }) => {
  await page.goto('/signin');
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page.getByRole('heading', { name: 'Forgot your password?' })).toBeVisible();
  const email = page.getByLabel('Email');
  await email.fill('nobody-at-all@example.com');
  await expect(email).toHaveValue('nobody-at-all@example.com');
  await page.getByRole('button', { name: 'Email me a reset link' }).click();
  await expect(page.getByText('If nobody-at-all@example.com belongs to a Marquee account')).toBeVisible();
});

test('two-factor authentication: enrol with the setup key, then sign in with password and a code', async ({
  page,
}) => {
  const { email, password } = await signUpVerified(page, 'Tara Singh');
  const key = await enrolTwoFactor(page);

  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.goto('/signin?callbackUrl=%2Fbookings');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/signin\/2fa\?callbackUrl=%2Fbookings/);
  // The password alone is no session: the header still offers to sign in.
  await expect(page.getByRole('link', { name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Authentication code').fill('000000' === totp(key) ? '111111' : '000000');
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page.locator('form').getByRole('alert')).toContainText('not right');
  // The enrolment used this step's code; the next step's is within the window and not a replay.
  await page.getByLabel('Authentication code').fill(totp(key, Date.now() + 30_000));
  await page.getByRole('button', { name: 'Continue' }).click();
  await expect(page).toHaveURL(/\/bookings$/);
  await expect(page.getByText('Hi, Tara')).toBeVisible();
});

test('creating an account from a seat map brings the new customer back to that seat map, signed in', async ({
  page,
}) => {
  // A block of six: the two seats chosen below keep two free on each side (middleSeats). With 2,
  // a 4DX room (seats in fours) could be picked at random and then have no such block.
  const url = await someShowtime(page, 6);
  await page.goto(url);
  // A signed-out tap on a seat asks them to sign in, or to create an account.
  await page
    .getByRole('button', { name: /^Row [A-Z], seat \d+, .*available$/ })
    .first()
    .click();
  await page.getByRole('status').getByRole('link', { name: 'create an account' }).click();
  await expect(page).toHaveURL(/\/signup\?callbackUrl=/);

  await signUpVerified(page, 'Ishaan Roy', { onPage: true });

  await page.waitForURL((u) => u.pathname === url);
  // Signed in on the map: seats can be chosen now (two with free seats around, so no single-seat
  // gap is left whichever they are).
  const [s1, s2] = (await middleSeats(page, url, 2)) as [MapSeat, MapSeat];
  for (const s of [s1, s2]) {
    await page
      .getByRole('button', { name: new RegExp(`^Row ${s.row}, seat ${s.number},.*available`) })
      .click();
  }
  await expect(page.getByText(/held for \d+:\d{2}/)).toBeVisible();
});
