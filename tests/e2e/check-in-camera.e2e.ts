import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  type APIRequestContext,
  type Browser,
  chromium,
  expect,
  type Page,
  request,
  test,
} from '@playwright/test';
import QRCode from 'qrcode';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './chromium';
import { withE2eDb } from './db';
import { DEMO_PASSWORD, expectAxeClean, expectNoSidewaysScroll, settle, signIn } from './support';

// The door with a camera: a ticket's real QR code (its signed payload, as the booking API gives
// it) is drawn into a video file that Chromium's fake camera plays, and the check-in page reads it
// through getUserMedia and the barcode reader (the polyfill's WebAssembly, served by our own
// origin, under the page's real CSP: these browsers are launched without bypassing it). Then the
// same ticket again ("already used"), and a door that loses the network: tickets checked against
// the downloaded door list, kept on the device, synced when it is back, with the conflict of a
// ticket that another door let in meanwhile reported.

const STAFF = 'staff@marquee.test';
const CUSTOMER = 'customer@marquee.test';
const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://localhost:${port}`;

type Ticket = { id: string; qr: string; seat: { label: string } };
type Show = { id: string; movie: string; screen: string };

/** A Y4M video (what --use-file-for-fake-video-capture plays, looping) of one QR code on white. */
function qrVideo(text: string): string {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const [W, H, quiet] = [640, 480, 4];
  const scale = Math.floor(440 / (size + 2 * quiet));
  const x0 = Math.floor((W - (size + 2 * quiet) * scale) / 2) + quiet * scale;
  const y0 = Math.floor((H - (size + 2 * quiet) * scale) / 2) + quiet * scale;
  const luma = Buffer.alloc(W * H, 235);
  for (let r = 0; r < size; r++)
    for (let c = 0; c < size; c++)
      if (qr.modules.get(r, c))
        for (let y = 0; y < scale; y++)
          luma.fill(
            16,
            (y0 + r * scale + y) * W + x0 + c * scale,
            (y0 + r * scale + y) * W + x0 + (c + 1) * scale,
          );
  const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
  const frame = Buffer.concat([Buffer.from('FRAME\n'), luma, chroma, chroma]);
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'marquee-camera-')), 'ticket.y4m');
  writeFileSync(
    file,
    Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), frame, frame]),
  );
  return file;
}

function cameraBrowser(video: string): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      ...CHROMIUM_ARGS,
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-video-capture=${video}`,
    ],
  });
}

/**
 * A show at the demo staff member's cinema whose doors are open now: the next show on one of its
 * screens that nobody has booked is moved to start in 30 minutes, after the unbooked shows in its
 * way are cancelled (the demo programme runs back to back, at any hour the tests run).
 */
async function showWithDoorsOpen(): Promise<Show> {
  return withE2eDb(async (db) => {
    const screens = await db.query<{ id: string; name: string }>(
      `SELECT sc.id, sc.name FROM screens sc
         JOIN cinema_staff cs ON cs.cinema_id = sc.cinema_id
         JOIN users u ON u.id = cs.user_id
        WHERE u.email = $1 ORDER BY sc.name`,
      [STAFF],
    );
    const unbooked = `NOT EXISTS (SELECT 1 FROM seat_claims c WHERE c.showtime_id = s.id)`;
    for (const screen of screens.rows) {
      const inTheWay = await db.query<{ id: string; free: boolean }>(
        `SELECT s.id, ${unbooked} AS free FROM showtimes s
          WHERE s.screen_id = $1 AND s.status = 'SCHEDULED'
            AND s.busy_until > now() - interval '1 hour' AND s.starts_at < now() + interval '5 hours'`,
        [screen.id],
      );
      if (inTheWay.rows.some((s) => !s.free)) continue;
      const next = await db.query<{ id: string; title: string }>(
        `SELECT s.id, m.title FROM showtimes s JOIN movies m ON m.id = s.movie_id
          WHERE s.screen_id = $1 AND s.status = 'SCHEDULED' AND s.starts_at >= now() + interval '5 hours'
            AND ends_at - starts_at < interval '4 hours' AND ${unbooked}
          ORDER BY s.starts_at LIMIT 1`,
        [screen.id],
      );
      const show = next.rows[0];
      if (!show) continue;
      await db.query('BEGIN');
      await db.query(
        `UPDATE showtimes SET status = 'CANCELLED', cancelled_at = now() WHERE id = ANY($1::uuid[])`,
        [inTheWay.rows.map((s) => s.id)],
      );
      await db.query(
        `UPDATE showtimes SET starts_at = date_trunc('minute', now()) + interval '30 minutes',
                ends_at = date_trunc('minute', now()) + interval '30 minutes' + (ends_at - starts_at),
                busy_until = date_trunc('minute', now()) + interval '30 minutes' + (busy_until - starts_at)
          WHERE id = $1`,
        [show.id],
      );
      await db.query('COMMIT');
      return { id: show.id, movie: show.title, screen: screen.name };
    }
    throw new Error('no screen at the staff member’s cinema can take a show starting now');
  });
}

async function tokenFor(api: APIRequestContext, email: string): Promise<string> {
  const r = await api.post('/api/v1/auth/token', { data: { email, password: DEMO_PASSWORD } });
  expect(r.status()).toBe(200);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** Books `count` side-by-side seats in the middle of a free run, as the demo customer, over REST. */
async function buyTickets(api: APIRequestContext, showId: string, count: number): Promise<Ticket[]> {
  const auth = { authorization: `Bearer ${await tokenFor(api, CUSTOMER)}` };
  const { seats } = (await (await api.get(`/api/v1/showtimes/${showId}/seats`)).json()) as {
    seats: { id: string; rowIndex: number; col: number; kind: string; state: string }[];
  };
  const free = seats
    .filter((s) => s.kind === 'STANDARD' && s.state === 'available')
    .sort((a, b) => a.rowIndex - b.rowIndex || a.col - b.col);
  const run = free.find((s, i) =>
    Array.from({ length: count + 4 }, (_, k) => free[i + k]).every(
      (x, k) => x && x.rowIndex === s.rowIndex && x.col === s.col + k,
    ),
  );
  if (!run) throw new Error('no run of free seats long enough');
  const start = free.indexOf(run) + 2;
  const seatIds = free.slice(start, start + count).map((s) => s.id);
  const hold = await api.post(`/api/v1/showtimes/${showId}/holds`, { headers: auth, data: { seatIds } });
  expect(hold.status()).toBe(201);
  const { holdId } = (await hold.json()) as { holdId: string };
  const paid = await api.post(`/api/v1/holds/${holdId}/checkout`, {
    headers: { ...auth, 'idempotency-key': randomUUID() },
    data: {
      payment: {
        method: 'card',
        card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
      },
    },
  });
  expect(paid.status()).toBe(201);
  const { reference } = (await paid.json()) as { reference: string };
  const booking = await api.get(`/api/v1/bookings/${reference}`, { headers: auth });
  const { tickets } = (await booking.json()) as { tickets: Ticket[] };
  return tickets.map((t) => ({ ...t, reference }));
}

const ticketState = (id: string) =>
  withE2eDb(async (db) => {
    const r = await db.query<{ status: string; checked_in_door: string | null }>(
      'SELECT status, checked_in_door FROM tickets WHERE id = $1',
      [id],
    );
    return r.rows[0];
  });

async function openCheckIn(
  browser: Browser,
  door: string,
  options: { bypassCSP?: boolean; fromAdmin?: boolean } = {},
) {
  const context = await browser.newContext({ baseURL, bypassCSP: options.bypassCSP ?? false });
  const page = await context.newPage();
  const elsewhere: string[] = [];
  // The QR reader's wasm, as fetched: the page loads it as it opens (so the camera keeps working
  // offline), which can be before a test gets to wait for it.
  const scanner: number[] = [];
  page.on('response', (r) => {
    if (r.url().includes('/api/media/scanner/zxing_reader-')) scanner.push(r.status());
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(baseURL) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
      elsewhere.push(r.url());
  });
  await signIn(page, STAFF);
  if (options.fromAdmin) {
    // A client-side navigation keeps /admin's document, whose policy denies the camera: the page
    // must load itself as a document to be allowed it.
    await page.goto('/admin');
    await page.getByRole('link', { name: 'Ticket check-in' }).click();
    await expect(page.getByRole('heading', { name: 'Ticket check-in' })).toBeVisible();
  } else await page.goto('/admin/check-in');
  await page.getByLabel('This door').fill(door);
  return { context, page, elsewhere, scanner };
}

const result = (page: Page) =>
  page.getByRole('status').or(page.getByRole('alert')).filter({ hasText: /[✓✗]/ });

let show: Show;
let tickets: (Ticket & { reference: string })[];
let api: APIRequestContext;

test.beforeAll(async () => {
  show = await showWithDoorsOpen();
  api = await request.newContext({ baseURL });
  tickets = (await buyTickets(api, show.id, 4)) as (Ticket & { reference: string })[];
});
test.afterAll(async () => api?.dispose());
// Each test launches a browser of its own with a fake camera and waits for the reader to load: on
// a busy CI box that alone can take most of the default minute.
test.describe.configure({ timeout: 150_000 });

test('the camera reads a ticket’s QR code and admits it; the same ticket again is “already used”', async () => {
  const [a] = tickets;
  const browser = await cameraBrowser(qrVideo(a!.qr));
  try {
    const { page, elsewhere, scanner } = await openCheckIn(browser, 'Door 1', { fromAdmin: true });
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect(page.getByText('Camera on: hold the QR code up to it.')).toBeVisible();
    await expect(result(page)).toContainText(`Admit · seat ${a!.seat.label}`, { timeout: 20_000 });
    await expect(result(page)).toContainText(show.movie);
    // Headless Chromium on Linux has no native BarcodeDetector: the polyfill read it, with the
    // reader from our origin.
    await expect.poll(() => scanner).toContain(200);
    expect(await ticketState(a!.id)).toEqual({ status: 'CHECKED_IN', checked_in_door: 'Door 1' });

    // Still held up to the camera: a few seconds later it is read again, and refused.
    await expect(page.getByRole('alert').filter({ hasText: 'already used' })).toContainText(
      new RegExp(`Already used at \\d{1,2}:\\d{2} [ap]m by Door 1, seat ${a!.seat.label}\\.`),
      { timeout: 20_000 },
    );
    await page.getByRole('button', { name: 'Stop the camera' }).click();
    expect(elsewhere, 'requests to other origins').toEqual([]);
  } finally {
    await browser.close();
  }
});

test('offline: checked against the downloaded list, kept on the device, synced when back, conflicts reported', async () => {
  const [, b, c, d] = tickets;
  const browser = await cameraBrowser(qrVideo(b!.qr));
  try {
    const { context, page } = await openCheckIn(browser, 'Door 3');
    const connection = page.getByRole('status', { name: 'Connection' });
    await expect(connection).toContainText('Online');
    await page
      .getByRole('button', { name: new RegExp(`^Download: .*${show.movie}.*${show.screen}`) })
      // The same film may play on this screen again later today (which "today" is depends on the
      // hour the test runs, in the cinema's time zone); the list is in time order and nothing on
      // this screen starts before ours (showWithDoorsOpen cancelled what was in the way).
      .first()
      .click();
    await expect(page.getByText('Door list downloaded: 4 tickets.')).toBeVisible();

    await context.setOffline(true);
    await expect(connection).toContainText('Offline');

    // The camera, offline.
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect(result(page)).toContainText(`Admit · seat ${b!.seat.label}`, { timeout: 20_000 });
    await expect(result(page)).toContainText('offline, to be synced');
    await expect(connection).toContainText('1 check-in waiting to sync');
    await page.getByRole('button', { name: 'Stop the camera' }).click();

    // A typed code, and the booking reference with the seat.
    await page.getByLabel('Ticket code').fill(`${c!.reference}-${c!.seat.label}`);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(result(page)).toContainText(`Admit · seat ${c!.seat.label}`);
    await page.getByText('Find by booking reference and seat').click();
    await page.getByLabel('Booking reference').fill(d!.reference.toLowerCase());
    await page.getByLabel('Seat').fill(d!.seat.label);
    await page.getByRole('button', { name: 'Check this seat' }).click();
    await expect(result(page)).toContainText(`Admit · seat ${d!.seat.label}`);
    await expect(connection).toContainText('3 check-ins waiting to sync');
    // The same ticket again on this device: already used, offline too.
    await page.getByLabel('Ticket code').fill(`${c!.reference}-${c!.seat.label}`);
    await page.getByRole('button', { name: 'Check in', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'already used' })).toContainText(
      `by Door 3, seat ${c!.seat.label}`,
    );
    expect((await ticketState(b!.id))?.status).toBe('VALID');

    // Meanwhile Door 2, online, let ticket D in too.
    const staff = await tokenFor(api, STAFF);
    const other = await api.post('/api/v1/tickets/check-in', {
      headers: { authorization: `Bearer ${staff}` },
      data: { qr: d!.qr, door: 'Door 2' },
    });
    expect(other.status()).toBe(200);

    await context.setOffline(false);
    await expect(connection).toContainText('Online');
    await expect(connection).toContainText('nothing waiting to sync', { timeout: 15_000 });
    const problems = page.getByRole('region', { name: /did not accept/ });
    await expect(problems).toContainText(`Let in twice (${d!.reference}-${d!.seat.label})`);
    await expect(problems).toContainText('but already used at');
    await expect(problems).toContainText('by Door 2');
    expect(await ticketState(b!.id)).toEqual({ status: 'CHECKED_IN', checked_in_door: 'Door 3' });
    expect(await ticketState(c!.id)).toEqual({ status: 'CHECKED_IN', checked_in_door: 'Door 3' });
    expect(await ticketState(d!.id)).toEqual({ status: 'CHECKED_IN', checked_in_door: 'Door 2' });
  } finally {
    await browser.close();
  }
});

test('the check-in page is axe-clean and fits a 375 px phone', async ({
  browserName: _browserName,
}, testInfo) => {
  const browser = await cameraBrowser(qrVideo(tickets[0]!.qr));
  try {
    // axe's script is injected, so this context bypasses the CSP (the tests above do not).
    const { page } = await openCheckIn(browser, 'Door 1', { bypassCSP: true });
    await page.getByRole('button', { name: 'Scan with the camera' }).click();
    await expect(result(page)).toBeVisible({ timeout: 20_000 });
    await page.getByText('Find by booking reference and seat').click();
    await expectAxeClean(page, testInfo, 'check-in-camera');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.reload();
    await expect(page.locator('html')).toHaveClass(/\bdark\b/);
    await settle(page);
    await expectAxeClean(page, testInfo, 'check-in-camera-dark');
    await page.setViewportSize({ width: 375, height: 800 });
    await settle(page);
    await expectNoSidewaysScroll(page, 'check-in-375');
  } finally {
    await browser.close();
  }
});
