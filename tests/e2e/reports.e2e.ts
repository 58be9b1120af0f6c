import { readFile } from 'node:fs/promises';
import {
  type APIRequestContext,
  type BrowserContextOptions,
  expect,
  type Page,
  test,
} from '@playwright/test';
import ExcelJS from 'exceljs';
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
import { DEMO_PASSWORD, expectAxeClean, expectNoSidewaysScroll, settle } from './support';

// A customer books two seats at one of the demo manager's cinemas (through the REST API, as an
// app would); the manager opens Reports, brings them up to date, and downloads the revenue report
// as CSV and XLSX: the totals in both files are what the database says about those bookings.
// Axe in light and dark, no sideways scroll at 768 and 375 px.

let session: BrowserContextOptions['storageState'];

test.beforeAll(async ({ browser }) => {
  session = await enrolledManager(browser);
});

test.afterAll(forgetManagerTwoFactor);

const localDay = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Kolkata',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

/** Two seats at a show tomorrow or later at a cinema the demo manager runs, booked and paid. */
async function bookAtManagersCinema(
  request: APIRequestContext,
): Promise<{ showtimeId: string; reference: string; auth: Record<string, string> }> {
  const showtimeId = await withE2eDb(async (db) => {
    const { rows } = await db.query<{ id: string }>(
      `SELECT s.id FROM showtimes s JOIN screens sc ON sc.id = s.screen_id
       JOIN cinema_staff cs ON cs.cinema_id = sc.cinema_id AND cs.role = 'MANAGER'
       JOIN users u ON u.id = cs.user_id AND u.email = $1
       WHERE s.status = 'SCHEDULED' AND s.starts_at > now() + interval '1 day' AND s.starts_at < now() + interval '5 days'
       ORDER BY random() LIMIT 1`,
      [MANAGER],
    );
    return rows[0]?.id;
  });
  expect(showtimeId, 'a show at the manager’s cinema in the coming days').toBeTruthy();
  const token = await request.post('/api/v1/auth/token', {
    data: { email: 'customer@marquee.test', password: DEMO_PASSWORD },
  });
  expect(token.status()).toBe(200);
  const auth = { authorization: `Bearer ${(await token.json()).accessToken as string}` };
  const best = await request.get(`/api/v1/showtimes/${showtimeId}/best-seats?count=2`, { headers: auth });
  expect(best.status()).toBe(200);
  const hold = await request.post(`/api/v1/showtimes/${showtimeId}/holds`, {
    headers: auth,
    data: { seatIds: (await best.json()).seatIds },
  });
  expect(hold.status()).toBe(201);
  const checkout = await request.post(`/api/v1/holds/${(await hold.json()).holdId as string}/checkout`, {
    headers: { ...auth, 'idempotency-key': crypto.randomUUID() },
    data: {
      payment: {
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
      },
    },
  });
  expect(checkout.status()).toBe(201);
  const { reference } = (await checkout.json()) as { reference: string };
  return { showtimeId: showtimeId as string, reference, auth };
}

/** What the database says about the bookings of the manager's cinemas for shows from..to (local dates). */
async function databaseTotals(from: string, to: string) {
  return withE2eDb(async (db) => {
    const { rows } = await db.query<{
      bookings: string;
      total: string;
      fee: string;
      tax: string;
      refunded: string;
    }>(
      `SELECT count(*) AS bookings, coalesce(sum(b.total_minor), 0) AS total, coalesce(sum(b.fee_minor), 0) AS fee,
              coalesce(sum(b.tax_minor), 0) AS tax,
              coalesce((SELECT sum(r.amount_minor) FROM refunds r WHERE r.booking_id = ANY(array_agg(b.id)) AND r.status = 'SUCCEEDED'), 0) AS refunded
       FROM bookings b JOIN showtimes s ON s.id = b.showtime_id JOIN screens sc ON sc.id = s.screen_id
       JOIN cinemas c ON c.id = sc.cinema_id
       WHERE sc.cinema_id IN (SELECT cs.cinema_id FROM cinema_staff cs JOIN users u ON u.id = cs.user_id
                              WHERE u.email = $1 AND cs.role = 'MANAGER')
         AND (s.starts_at AT TIME ZONE c.time_zone)::date BETWEEN $2::date AND $3::date`,
      [MANAGER, from, to],
    );
    const r = rows[0]!;
    // In rupees, as the files write money.
    return {
      bookings: Number(r.bookings),
      paid: Number(r.total) / 100,
      tax: Number(r.tax) / 100,
      net: (Number(r.total) - Number(r.fee) - Number(r.tax)) / 100,
      refunded: Number(r.refunded) / 100,
    };
  });
}

/** The net of the GST documents of the manager's cinemas issued on `day` (cinema time), in rupees. */
async function gstDatabaseTotals(day: string) {
  return withE2eDb(async (db) => {
    const { rows } = await db.query<{ documents: string; taxable: string; tax: string; total: string }>(
      `SELECT count(*) AS documents, coalesce(sum(d.taxable), 0) AS taxable, coalesce(sum(d.tax), 0) AS tax,
              coalesce(sum(d.total), 0) AS total
       FROM (SELECT cinema_id, issued_at, taxable_minor AS taxable, cgst_minor + sgst_minor AS tax, total_minor AS total
             FROM invoices
             UNION ALL
             SELECT cinema_id, issued_at, -taxable_minor, -(cgst_minor + sgst_minor), -total_minor FROM credit_notes) d
       JOIN cinemas c ON c.id = d.cinema_id
       WHERE d.cinema_id IN (SELECT cs.cinema_id FROM cinema_staff cs JOIN users u ON u.id = cs.user_id
                             WHERE u.email = $1 AND cs.role = 'MANAGER')
         AND (d.issued_at AT TIME ZONE c.time_zone)::date = $2::date`,
      [MANAGER, day],
    );
    const r = rows[0]!;
    return {
      documents: Number(r.documents),
      taxable: Number(r.taxable) / 100,
      tax: Number(r.tax) / 100,
      total: Number(r.total) / 100,
    };
  });
}

async function download(page: Page, name: string): Promise<string> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const at = await file.path();
  expect(at).toBeTruthy();
  return at as string;
}

test('a manager brings the reports up to date and downloads revenue as CSV and XLSX matching the database', async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  await bookAtManagersCinema(request);
  const from = localDay(new Date());
  const to = localDay(new Date(Date.now() + 7 * 86_400_000));

  const page = await managerPage(browser, session);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
  await page.getByLabel('Report').selectOption('revenue');
  await page.getByLabel('From', { exact: true }).fill(from);
  await page.getByLabel('to', { exact: true }).fill(to);
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page).toHaveURL(/kind=revenue/);
  await page.getByRole('button', { name: 'Refresh now' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Up to date' })).toBeVisible();
  await expect(page.getByTestId('report-as-of')).toContainText('As of');
  const table = page.getByRole('region', { name: 'Table: Revenue (net of fee and tax)' });
  await expect(table.getByRole('row').last()).toContainText('Total');
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-reports');
  await screenshot(page, 'admin-reports');

  const expected = await databaseTotals(from, to);
  expect(expected.bookings).toBeGreaterThan(0);

  const csv = (await readFile(await download(page, 'Download CSV'), 'utf8')).trim().split('\r\n');
  const header = csv[0]!.split(',');
  const total = csv[csv.length - 1]!.split(',');
  const csvCell = (label: string) => Number(total[header.indexOf(label)]);
  expect(total[0]).toBe('Total');
  expect(csvCell('Bookings')).toBe(expected.bookings);
  expect(csvCell('Paid')).toBeCloseTo(expected.paid, 2);
  expect(csvCell('Tax')).toBeCloseTo(expected.tax, 2);
  expect(csvCell('Net (paid − fees − tax)')).toBeCloseTo(expected.net, 2);
  expect(csvCell('Refunded')).toBeCloseTo(expected.refunded, 2);

  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(await download(page, 'Download XLSX'));
  const sheet = book.worksheets[0]!;
  const rows: ExcelJS.Row[] = [];
  sheet.eachRow((row) => rows.push(row));
  const headerRow = rows.find((r) => r.getCell(1).value === 'Show date')!;
  const totalRow = rows.find((r) => r.getCell(1).value === 'Total')!;
  const labels = (headerRow.values as unknown[]).map((v) => String(v ?? ''));
  const xlsxCell = (label: string) => Number(totalRow.getCell(labels.indexOf(label)).value);
  expect(xlsxCell('Bookings')).toBe(expected.bookings);
  expect(xlsxCell('Paid')).toBeCloseTo(expected.paid, 2);
  expect(xlsxCell('Tax')).toBeCloseTo(expected.tax, 2);
  expect(xlsxCell('Net (paid − fees − tax)')).toBeCloseTo(expected.net, 2);

  await page.emulateMedia({ colorScheme: 'dark' });
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-reports-dark');
  await page.setViewportSize(TABLET);
  await expectNoSidewaysScroll(page, 'admin-reports-768');
  await page.setViewportSize(PHONE);
  await settle(page);
  await expectNoSidewaysScroll(page, 'admin-reports-375');
  await expectAxeClean(page, testInfo, 'admin-reports-375');
  await page.setViewportSize(DESKTOP);
  await page.context().close();
});

test('a manager opens the GST register of today and downloads it as CSV matching the documents', async ({
  browser,
  request,
}, testInfo) => {
  test.setTimeout(120_000);
  // A booking whose invoice the customer downloads, then cancels: a tax invoice and a credit note.
  const { reference, auth } = await bookAtManagersCinema(request);
  expect((await request.get(`/api/v1/bookings/${reference}/invoice.pdf`, { headers: auth })).status()).toBe(
    200,
  );
  const cancel = await request.post(`/api/v1/bookings/${reference}/cancel`, { headers: auth, data: {} });
  expect(cancel.status()).toBe(200);
  const today = localDay(new Date());

  const page = await managerPage(browser, session);
  await page.goto('/admin/reports');
  await page.getByLabel('Report').selectOption('gst');
  await page.getByLabel('From', { exact: true }).fill(today);
  await page.getByLabel('to', { exact: true }).fill(today);
  await page.getByRole('button', { name: 'Show report' }).click();
  await expect(page).toHaveURL(/kind=gst/);
  await expect(
    page.getByRole('heading', { level: 2, name: 'GST register (tax invoices and credit notes)' }),
  ).toBeVisible();
  await expect(page.getByText('by the date it was issued')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Refresh now' })).toHaveCount(0);
  const documents = page.getByRole('region', { name: 'Table: GST register (tax invoices and credit notes)' });
  const ours = documents.getByRole('row').filter({ hasText: reference });
  await expect(ours).toHaveCount(2);
  await expect(ours.filter({ hasText: 'Tax invoice' })).toHaveCount(1);
  await expect(ours.filter({ hasText: 'Credit note' })).toHaveCount(1);
  await expect(page.getByRole('region', { name: /^Table: Summary per cinema/ })).toBeVisible();
  // GSTR-1 Table 12: admission under its SAC code, with its own caption and header cells.
  const sac = page.getByRole('region', { name: /^Table: Summary per SAC code and GST rate/ });
  await expect(sac.getByRole('columnheader', { name: 'SAC' })).toBeVisible();
  await expect(sac.getByRole('row').filter({ hasText: '999615' }).first()).toBeVisible();
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-reports-gst');
  await screenshot(page, 'admin-reports-gst');

  // The server's mail job may issue another booking's invoice meanwhile (the confirmation mail
  // issues it): the file matches the documents as they were just before or just after it.
  const before = await gstDatabaseTotals(today);
  const csv = (await readFile(await download(page, 'Download CSV'), 'utf8')).trim().split('\r\n');
  const after = await gstDatabaseTotals(today);
  const expected = csv.length === 1 + before.documents + 1 ? before : after;
  expect(expected.documents).toBeGreaterThanOrEqual(2);
  const header = csv[0]!.split(',');
  expect(header.slice(0, 3)).toEqual(['Cinema', 'Document', 'Number']);
  // Cinema names may hold a comma (quoted): count the rows and read the Total line only.
  expect(csv.length).toBe(1 + expected.documents + 1);
  expect(csv.filter((line) => line.includes(reference))).toHaveLength(2);
  const total = csv[csv.length - 1]!.split(',');
  const cell = (label: string) => Number(total[header.indexOf(label)]);
  expect(total[0]).toBe('Total');
  expect(cell('Taxable value')).toBeCloseTo(expected.taxable, 2);
  expect(cell('CGST') + cell('SGST')).toBeCloseTo(expected.tax, 2);
  expect(cell('Total')).toBeCloseTo(expected.total, 2);

  await page.emulateMedia({ colorScheme: 'dark' });
  await settle(page);
  await expectAxeClean(page, testInfo, 'admin-reports-gst-dark');
  await page.setViewportSize(PHONE);
  await settle(page);
  await expectNoSidewaysScroll(page, 'admin-reports-gst-375');
  await expectAxeClean(page, testInfo, 'admin-reports-gst-375');
  await page.setViewportSize(DESKTOP);
  await page.context().close();
});
