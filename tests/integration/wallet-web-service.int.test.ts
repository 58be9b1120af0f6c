import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '@/server/api/registry';
import { apiRouter, servedByApiRouter } from '@/server/api/router';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { db } from '@/server/db';
import { refundDeskBooking } from '@/server/desk/refund-booking';
import { refreshEnv } from '@/server/env';
import { apiRouteTable, refuseMalformed } from '@/server/http/request-gate';
import { applySecurityHeaders } from '@/server/http/security-headers';
import { WALLET_LOGS_PER_MINUTE } from '@/server/security/limits';
import { passAuthenticationToken, ticketWalletPass } from '@/server/tickets/wallet-pass';
import { deliverWalletPushes } from '@/server/wallet/deliver-wallet-pushes';
import { type ApnsStandIn, startApnsStandIn } from '../support/apns-stand-in';
import { book, createShowAt } from '../support/bookings';
import { createCinema, createUser } from '../support/factories';
import { customerViewer, managerOf } from '../support/viewers';
import { makeTestWalletCertificates, TEST_PASS_TYPE_ID } from '../support/wallet-certificates';

// Apple's PassKit web service (server/wallet/), called over HTTP through the custom server's own
// request path (server/main.ts: security headers, the request gate, then the API router), so a
// path the gate does not know would be a 404 here as in production. Against the real database: registrations, the
// triggers that date a pass's changes and queue its pushes, and a local HTTP/2 stand-in for APNs.

const certs = makeTestWalletCertificates();
const saved = { ...process.env };
let server: Server;
let base: string;
let apns: ApnsStandIn;

beforeAll(async () => {
  Object.assign(process.env, certs.env, { NEXTAUTH_URL: 'http://marquee.test' });
  refreshEnv();
  // What server/main.ts does with a request under /api, minus Next.
  const routes = apiRouteTable(API_OPERATIONS);
  const api = await apiRouter();
  server = createServer((req, res) => {
    req.headers['x-marquee-client-ip'] = req.socket.remoteAddress ?? '';
    if (applySecurityHeaders(req, res, { dev: false, production: true, corsOrigins: [], stripe: false }))
      return;
    if (refuseMalformed(req, res, routes)) return;
    if (servedByApiRouter(req.url ?? '/')) return api.handle(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/wallet/v1`;
  apns = await startApnsStandIn();
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await apns?.close();
  for (const name of Object.keys(certs.env)) delete process.env[name];
  Object.assign(process.env, saved);
  refreshEnv();
  rmSync(certs.dir, { recursive: true, force: true });
});

const device = () => randomBytes(10).toString('hex');
const pushToken = () => randomBytes(32).toString('hex');
const auth = (serial: string) => ({ authorization: `ApplePass ${passAuthenticationToken(serial)}` });

async function aBooking(seats = 2) {
  const cinema = await createCinema({ orphanSeatRule: false });
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  const { showtime, seats: all } = await createShowAt({ cinemaId: cinema.id, seats: 4, startsAt });
  const user = await createUser({ name: 'Nisha Patel' });
  const booking = await book({
    showtimeId: showtime.id,
    seatIds: all.slice(0, seats).map((s) => s.id),
    user,
  });
  return { cinema, showtime, user, booking, serials: booking.tickets.map((t) => t.id) };
}

async function staffOf(cinemaId: string): Promise<Viewer> {
  const user = await createUser({ role: 'STAFF' });
  await db().cinemaStaff.create({ data: { userId: user.id, cinemaId, role: 'STAFF' } });
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: 'STAFF',
    staffCinemaIds: [cinemaId],
    managedCinemaIds: [],
  };
}

function register(
  deviceId: string,
  serial: string,
  token: string,
  headers: Record<string, string> = auth(serial),
) {
  return fetch(`${base}/devices/${deviceId}/registrations/${TEST_PASS_TYPE_ID}/${serial}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ pushToken: token }),
  });
}

async function updatedSince(deviceId: string, tag?: string) {
  const res = await fetch(
    `${base}/devices/${deviceId}/registrations/${TEST_PASS_TYPE_ID}${tag ? `?passesUpdatedSince=${tag}` : ''}`,
  );
  return {
    status: res.status,
    body:
      res.status === 200 ? ((await res.json()) as { serialNumbers: string[]; lastUpdated: string }) : null,
  };
}

function latest(serial: string, headers: Record<string, string> = auth(serial)) {
  return fetch(`${base}/passes/${TEST_PASS_TYPE_ID}/${serial}`, { headers });
}

type PassJson = {
  webServiceURL?: string;
  authenticationToken?: string;
  voided?: boolean;
  relevantDate: string;
  barcodes: unknown[];
  eventTicket: Record<string, { key: string; value: string }[]>;
};

async function passJson(pass: Buffer | ArrayBuffer): Promise<PassJson> {
  const zip = await JSZip.loadAsync(pass);
  return JSON.parse(await zip.file('pass.json')!.async('string')) as PassJson;
}

const field = (json: PassJson, key: string) =>
  Object.values(json.eventTicket)
    .flat()
    .find((f) => f.key === key)?.value;

/** Waits until the database clock is past a pass's change's second, so Last-Modified is given. */
const nextSecond = () => new Promise((r) => setTimeout(r, 1_100));

describe('Apple Wallet web service', () => {
  it('each pass names the web service and a token of its own, derived from its serial number', async () => {
    const { user, booking, serials } = await aBooking();
    const jsons = await Promise.all(
      serials.map(async (ticketId) =>
        passJson(
          (await ticketWalletPass({ reference: booking.reference, ticketId, viewer: customerViewer(user) }))
            .pass,
        ),
      ),
    );
    expect(jsons[0]!.webServiceURL).toBe('http://marquee.test/api/wallet');
    expect(jsons[0]!.authenticationToken).toBe(passAuthenticationToken(serials[0]!));
    expect(jsons[0]!.authenticationToken!.length).toBeGreaterThanOrEqual(16);
    expect(jsons[1]!.authenticationToken).not.toBe(jsons[0]!.authenticationToken);
    expect(jsons[0]!.voided).toBeUndefined();
  });

  it('registers (201, then 200), lists, unregisters; 401 without the pass’s own token', async () => {
    const { serials } = await aBooking();
    const [serial, other] = serials as [string, string];
    const d = device();
    const token = pushToken();
    // No token, another pass's token, another scheme: 401, and nothing stored.
    expect((await register(d, serial, token, {})).status).toBe(401);
    expect((await register(d, serial, token, auth(other))).status).toBe(401);
    expect(
      (await register(d, serial, token, { authorization: `Bearer ${passAuthenticationToken(serial)}` }))
        .status,
    ).toBe(401);
    expect((await register(d, serial, token, { authorization: 'ApplePass short' })).status).toBe(401);
    expect(await db().walletRegistration.count({ where: { deviceLibraryId: d } })).toBe(0);

    expect((await register(d, serial, token)).status).toBe(201);
    const again = await register(d, serial, token.toUpperCase().replace(/^../, 'ff'));
    expect(again.status).toBe(200);
    const rows = await db().walletRegistration.findMany({ where: { deviceLibraryId: d } });
    expect(rows).toHaveLength(1);
    expect(rows[0]!.pushToken).toBe(`ff${token.slice(2)}`);
    // Bad input and another pass type.
    expect((await register(d, serial, 'not-hex')).status).toBe(400);
    const elsewhere = await fetch(`${base}/devices/${d}/registrations/pass.other.tickets/${serial}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth(serial) },
      body: JSON.stringify({ pushToken: token }),
    });
    expect(elsewhere.status).toBe(404);

    const all = await updatedSince(d);
    expect(all).toEqual({
      status: 200,
      body: { serialNumbers: [serial], lastUpdated: expect.stringMatching(/^\d+$/) },
    });
    expect((await updatedSince(d, all.body!.lastUpdated)).status).toBe(204);
    expect((await updatedSince(device())).status).toBe(204);

    const url = `${base}/devices/${d}/registrations/${TEST_PASS_TYPE_ID}/${serial}`;
    expect((await fetch(url, { method: 'DELETE', headers: auth(other) })).status).toBe(401);
    expect((await fetch(url, { method: 'DELETE', headers: auth(serial) })).status).toBe(200);
    expect((await fetch(url, { method: 'DELETE', headers: auth(serial) })).status).toBe(200);
    expect((await updatedSince(d)).status).toBe(204);
    // A method the path does not take is the gate's 405, as in production.
    expect((await fetch(url, { method: 'PUT', headers: auth(serial) })).status).toBe(405);
  });

  it('cancelling a booking lists its serials as updated, and the pass fetched again is voided; 304 while unchanged', async () => {
    const { user, booking, serials } = await aBooking();
    const d = device();
    for (const s of serials) expect((await register(d, s, pushToken())).status).toBe(201);
    const { body } = await updatedSince(d);
    expect(body!.serialNumbers.sort()).toEqual([...serials].sort());

    expect((await latest(serials[0]!, {})).status).toBe(401);
    await nextSecond();
    const before = await latest(serials[0]!);
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toBe('application/vnd.apple.pkpass');
    const lastModified = before.headers.get('last-modified');
    expect(lastModified).toBeTruthy();
    expect((await passJson(await before.arrayBuffer())).voided).toBeUndefined();
    const unchanged = await latest(serials[0]!, { ...auth(serials[0]!), 'if-modified-since': lastModified! });
    expect(unchanged.status).toBe(304);
    expect(await unchanged.text()).toBe('');
    expect(
      (await latest(serials[0]!, { ...auth(serials[0]!), 'if-modified-since': new Date(0).toUTCString() }))
        .status,
    ).toBe(200);

    await cancelBooking({ reference: booking.reference, viewer: customerViewer(user) });
    const changed = await updatedSince(d, body!.lastUpdated);
    expect(changed.status).toBe(200);
    expect(changed.body!.serialNumbers.sort()).toEqual([...serials].sort());
    expect(BigInt(changed.body!.lastUpdated)).toBeGreaterThan(BigInt(body!.lastUpdated));

    // The copy the device holds is now out of date: never 304.
    const after = await latest(serials[0]!, { ...auth(serials[0]!), 'if-modified-since': lastModified! });
    expect(after.status).toBe(200);
    const voided = await passJson(await after.arrayBuffer());
    expect(voided.voided).toBe(true);
    expect(field(voided, 'status')).toBe('Cancelled');
    expect(voided.barcodes).toEqual([]);
    expect(voided.authenticationToken).toBe(passAuthenticationToken(serials[0]!));
    // The download for the booking page still has none for a cancelled ticket.
    await expect(
      ticketWalletPass({ reference: booking.reference, ticketId: serials[0]!, viewer: customerViewer(user) }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('a desk refund of one ticket lists only that pass, and voids only it', async () => {
    const { cinema, booking, serials } = await aBooking();
    const [refunded, kept] = serials as [string, string];
    const d = device();
    for (const s of serials) await register(d, s, pushToken());
    const tag0 = (await updatedSince(d)).body!.lastUpdated;
    await refundDeskBooking({
      viewer: await staffOf(cinema.id),
      reference: booking.reference,
      request: { mode: 'tickets', ticketIds: [refunded], reason: 'Friend could not come' },
    });
    const afterRefund = await updatedSince(d, tag0);
    expect(afterRefund.body!.serialNumbers).toEqual([refunded]);
    expect((await passJson(await (await latest(refunded)).arrayBuffer())).voided).toBe(true);
    expect((await passJson(await (await latest(kept)).arrayBuffer())).voided).toBeUndefined();
  });

  it('a moved show moves the pass’s date; a cancelled show voids it', async () => {
    const { cinema, showtime, serials } = await aBooking();
    const d = device();
    for (const s of serials) await register(d, s, pushToken());
    const tag0 = (await updatedSince(d)).body!.lastUpdated;
    // The programme refuses to retime a sold show; the trigger does not depend on which code moves it.
    const later = new Date(showtime.startsAt.getTime() + 2 * 3_600_000);
    await db().showtime.update({
      where: { id: showtime.id },
      data: {
        startsAt: later,
        endsAt: new Date(showtime.endsAt.getTime() + 2 * 3_600_000),
        busyUntil: new Date(showtime.busyUntil.getTime() + 2 * 3_600_000),
      },
    });
    const afterMove = await updatedSince(d, tag0);
    expect(afterMove.body!.serialNumbers.sort()).toEqual([...serials].sort());
    const moved = await passJson(await (await latest(serials[0]!)).arrayBuffer());
    expect(new Date(moved.relevantDate).getTime()).toBe(later.getTime());
    expect(moved.voided).toBeUndefined();

    const { viewer: manager } = await managerOf(cinema.id);
    await cancelShowtime({ showtimeId: showtime.id, viewer: manager, reason: 'Projector failure' });
    const afterCancel = await updatedSince(d, afterMove.body!.lastUpdated);
    expect(afterCancel.body!.serialNumbers.sort()).toEqual([...serials].sort());
    expect((await passJson(await (await latest(serials[1]!)).arrayBuffer())).voided).toBe(true);
  });

  it('logs what Wallet reports, bounded in size and per client address', async () => {
    const res = await fetch(`${base}/log`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ logs: Array.from({ length: 30 }, (_, i) => `message ${i}`) }),
    });
    expect(res.status).toBe(200);
    const big = await fetch(`${base}/log`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        logs: ['x'.repeat(3_000)].concat(Array.from({ length: 30 }, () => 'y'.repeat(3_000))),
      }),
    });
    expect(big.status).toBe(413);
    const statuses: number[] = [];
    for (let i = 0; i < WALLET_LOGS_PER_MINUTE; i++) {
      const r = await fetch(`${base}/log`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ logs: ['again'] }),
      });
      statuses.push(r.status);
    }
    // One post above, then the rest of the minute's allowance, then 429.
    expect(statuses.filter((s) => s === 200)).toHaveLength(WALLET_LOGS_PER_MINUTE - 1);
    expect(statuses.at(-1)).toBe(429);
  });
});

describe('pushes to APNs', () => {
  it('one push per device token per change, with the pass type as topic and the pass certificate; none again once sent', async () => {
    const { user, booking, serials, showtime } = await aBooking();
    const phone = { device: device(), token: pushToken() };
    const watch = { device: device(), token: pushToken() };
    for (const s of serials) await register(phone.device, s, phone.token);
    await register(watch.device, serials[0]!, watch.token);
    await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca });
    const seen = apns.pushes.length;

    await cancelBooking({ reference: booking.reference, viewer: customerViewer(user) });
    // Queued in the cancelling transaction: one row per token, however many of its passes changed.
    const queued = await db().walletPush.findMany({
      where: { pushToken: { in: [phone.token, watch.token] } },
      select: { pushToken: true, passTypeId: true, status: true },
    });
    expect(queued.map((q) => q.pushToken).sort()).toEqual([phone.token, watch.token].sort());

    const result = await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca });
    expect(result.sent).toBeGreaterThanOrEqual(2);
    const mine = apns.pushes.slice(seen).filter((p) => p.token === phone.token || p.token === watch.token);
    expect(mine.map((p) => p.token).sort()).toEqual([phone.token, watch.token].sort());
    for (const p of mine) {
      expect(p).toMatchObject({ method: 'POST', topic: TEST_PASS_TYPE_ID, body: '{}' });
      expect(p.clientCertSubject).toContain(TEST_PASS_TYPE_ID);
    }
    expect(
      await db().walletPush.count({
        where: { pushToken: { in: [phone.token, watch.token] }, status: 'SENT' },
      }),
    ).toBe(2);
    // Nothing left to send: no second push for the same change.
    await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca });
    expect(apns.pushes.filter((p) => p.token === phone.token)).toHaveLength(1);

    // The next change is a push of its own (the show moved, voided passes or not).
    await db().showtime.update({
      where: { id: showtime.id },
      data: {
        startsAt: new Date(showtime.startsAt.getTime() + 3_600_000),
        endsAt: new Date(showtime.endsAt.getTime() + 3_600_000),
        busyUntil: new Date(showtime.busyUntil.getTime() + 3_600_000),
      },
    });
    await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca });
    expect(apns.pushes.filter((p) => p.token === phone.token)).toHaveLength(2);
    expect(apns.pushes.filter((p) => p.token === watch.token)).toHaveLength(2);
  });

  it('410 from APNs deletes the token’s registrations; a 500 is retried later; done rows go after a week', async () => {
    const { cinema, booking, serials } = await aBooking();
    const gone = { device: device(), token: pushToken() };
    const flaky = { device: device(), token: pushToken() };
    await register(gone.device, serials[0]!, gone.token);
    await register(flaky.device, serials[1]!, flaky.token);
    apns.answer.set(gone.token, { status: 410, reason: 'Unregistered' });
    apns.answer.set(flaky.token, { status: 500, reason: 'InternalServerError' });
    await refundDeskBooking({
      viewer: await staffOf(cinema.id),
      reference: booking.reference,
      request: { mode: 'full', reason: 'Customer asked' },
    });
    await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca });
    expect(await db().walletRegistration.count({ where: { pushToken: gone.token } })).toBe(0);
    expect(await db().walletPush.findFirst({ where: { pushToken: gone.token } })).toMatchObject({
      status: 'SKIPPED',
    });
    expect(await db().walletRegistration.count({ where: { pushToken: flaky.token } })).toBe(1);
    const retry = await db().walletPush.findFirstOrThrow({ where: { pushToken: flaky.token } });
    expect(retry).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(retry.availableAt.getTime()).toBeGreaterThan(Date.now());
    expect(retry.lastError).toContain('500');

    const old = await db().walletPush.create({
      data: {
        pushToken: pushToken(),
        passTypeId: TEST_PASS_TYPE_ID,
        status: 'SENT',
        createdAt: new Date(Date.now() - 8 * 86_400_000),
      },
    });
    await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca });
    expect(await db().walletPush.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db().walletPush.findUnique({ where: { id: retry.id } })).not.toBeNull();
  });
});

describe('without Wallet configuration', () => {
  it('every endpoint answers 404, like the .pkpass download', async () => {
    const { serials } = await aBooking(1);
    const serial = serials[0]!;
    const d = device();
    expect((await register(d, serial, pushToken())).status).toBe(201);
    for (const name of Object.keys(certs.env)) delete process.env[name];
    refreshEnv();
    try {
      expect((await register(d, serial, pushToken())).status).toBe(404);
      expect((await updatedSince(d)).status).toBe(404);
      const pass = await latest(serial);
      expect(pass.status).toBe(404);
      expect(await pass.json()).toMatchObject({
        error: { code: 'NOT_FOUND', details: { reason: 'wallet-not-configured' } },
      });
      const url = `${base}/devices/${d}/registrations/${TEST_PASS_TYPE_ID}/${serial}`;
      expect((await fetch(url, { method: 'DELETE', headers: auth(serial) })).status).toBe(404);
      const logged = await fetch(`${base}/log`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ logs: ['x'] }),
      });
      expect(logged.status).toBe(404);
      expect(await deliverWalletPushes({ apnsUrl: apns.url, ca: apns.ca })).toEqual({
        sent: 0,
        unregistered: 0,
        retrying: 0,
        failed: 0,
      });
    } finally {
      Object.assign(process.env, certs.env);
      refreshEnv();
    }
  });
});
