import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ticketCode } from '@/lib/ticket-code';
import { downloadWalletPassOp } from '@/server/api/operations/bookings';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { parseEnv, refreshEnv } from '@/server/env';
import { verifyTicketQr } from '@/server/tickets/ticket-qr';
import { ticketWalletPass, walletConfig } from '@/server/tickets/wallet-pass';
import { bearerFor, call } from '../support/api';
import { book, createShowAt } from '../support/bookings';
import { createCinema, createUser } from '../support/factories';
import { customerViewer } from '../support/viewers';
import { makeTestWalletCertificates, TEST_PASS_TYPE_ID, TEST_TEAM_ID } from '../support/wallet-certificates';

// Apple Wallet passes (16.6) signed with a self-made certificate chain: the .pkpass is a zip of
// pass.json (the show, the seat, the door's QR payload), the images, manifest.json (the SHA-1 of
// every other file) and a detached PKCS #7 signature of the manifest that openssl verifies
// against the stand-in WWDR authority. Without the configuration there is no pass.

const certs = makeTestWalletCertificates();
const saved = { ...process.env };

beforeAll(() => {
  Object.assign(process.env, certs.env);
  refreshEnv();
});

afterAll(() => {
  for (const name of Object.keys(certs.env)) delete process.env[name];
  Object.assign(process.env, saved);
  refreshEnv();
  rmSync(certs.dir, { recursive: true, force: true });
});

type PassJson = {
  formatVersion: number;
  passTypeIdentifier: string;
  teamIdentifier: string;
  serialNumber: string;
  relevantDate: string;
  expirationDate: string;
  barcodes: { format: string; message: string; altText: string; messageEncoding: string }[];
  eventTicket: Record<string, { key: string; label?: string; value: string }[]>;
};

async function unpack(pass: Buffer) {
  const zip = await JSZip.loadAsync(pass);
  const files: Record<string, Buffer> = {};
  for (const name of Object.keys(zip.files)) files[name] = await zip.files[name]!.async('nodebuffer');
  return files;
}

async function aBooking() {
  const cinema = await createCinema({ orphanSeatRule: false });
  const startsAt = new Date(Date.now() + 3 * 86_400_000);
  const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 4, startsAt });
  const user = await createUser({ name: 'Nisha Patel' });
  const booking = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id, seats[1]!.id], user });
  const tickets = booking.tickets.map((t) => ({ id: t.id, label: t.seat.label }));
  return { cinema, showtime, user, booking, tickets };
}

describe('Apple Wallet pass', () => {
  it('is a signed zip: pass.json with the show, seat and door QR; manifest SHA-1s; a valid signature', async () => {
    const { cinema, showtime, user, booking, tickets } = await aBooking();
    const ticket = tickets[0]!;
    const { pass, filename } = await ticketWalletPass({
      reference: booking.reference,
      ticketId: ticket.id,
      viewer: customerViewer(user),
    });
    const seat = ticket.label;
    expect(filename).toBe(`marquee-${booking.reference}-${seat}.pkpass`);
    expect(pass.subarray(0, 2).toString()).toBe('PK');

    const files = await unpack(pass);
    expect(Object.keys(files).sort()).toEqual(
      [
        'icon.png',
        'icon@2x.png',
        'icon@3x.png',
        'logo.png',
        'logo@2x.png',
        'logo@3x.png',
        'manifest.json',
        'pass.json',
        'signature',
      ].sort(),
    );

    const json = JSON.parse(files['pass.json']!.toString('utf8')) as PassJson;
    expect(json).toMatchObject({
      formatVersion: 1,
      passTypeIdentifier: TEST_PASS_TYPE_ID,
      teamIdentifier: TEST_TEAM_ID,
      serialNumber: ticket.id,
    });
    expect(new Date(json.relevantDate).getTime()).toBe(showtime.startsAt.getTime());
    expect(new Date(json.expirationDate).getTime()).toBeGreaterThan(showtime.startsAt.getTime());
    // The barcode is the signed payload the door scanner checks, with the typed code under it.
    expect(json.barcodes).toHaveLength(1);
    const barcode = json.barcodes[0]!;
    expect(barcode.format).toBe('PKBarcodeFormatQR');
    expect(barcode.altText).toBe(ticketCode(booking.reference, seat));
    const verified = verifyTicketQr(barcode.message);
    expect(verified.ok && verified.ticket).toMatchObject({
      ticketId: ticket.id,
      reference: booking.reference,
      seatLabel: seat,
    });
    const fields = Object.values(json.eventTicket).flat();
    const value = (key: string) => fields.find((f) => f.key === key)?.value;
    expect(value('seat')).toBe(seat);
    expect(value('cinema')).toBe(cinema.name);
    expect(value('film')).toBeTruthy();
    expect(value('code')).toBe(ticketCode(booking.reference, seat));

    const manifest = JSON.parse(files['manifest.json']!.toString('utf8')) as Record<string, string>;
    const listed = Object.keys(files).filter((n) => n !== 'manifest.json' && n !== 'signature');
    expect(Object.keys(manifest).sort()).toEqual(listed.sort());
    for (const name of listed) {
      expect(manifest[name], name).toBe(createHash('sha1').update(files[name]!).digest('hex'));
    }

    // openssl checks the detached signature over manifest.json and the chain to the "WWDR" CA.
    writeFileSync(path.join(certs.dir, 'signature'), files.signature!);
    writeFileSync(path.join(certs.dir, 'manifest.json'), files['manifest.json']!);
    const verify = (content: string) =>
      execFileSync(
        'openssl',
        [
          'smime',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-purpose',
          'any',
          '-in',
          path.join(certs.dir, 'signature'),
          '-content',
          content,
          '-CAfile',
          certs.caPath,
          '-out',
          '/dev/null',
        ],
        { stdio: 'pipe' },
      );
    expect(() => verify(path.join(certs.dir, 'manifest.json'))).not.toThrow();
    // ...and the check is real: a changed manifest fails it.
    writeFileSync(path.join(certs.dir, 'tampered.json'), `${files['manifest.json']!.toString()} `);
    expect(() => verify(path.join(certs.dir, 'tampered.json'))).toThrow();
  });

  it('is served by the REST operation to the owner only; a cancelled booking has none', async () => {
    const { user, booking, tickets } = await aBooking();
    const params = { reference: booking.reference, ticketId: tickets[0]!.id };
    const mine = await call(downloadWalletPassOp, { params, token: await bearerFor(user) });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-type')).toBe('application/vnd.apple.pkpass');
    expect(mine.raw.subarray(0, 2).toString()).toBe('PK');

    const stranger = await createUser();
    const theirs = await call(downloadWalletPassOp, { params, token: await bearerFor(stranger) });
    expect(theirs.status).toBe(404);
    expect(theirs.body).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const other = await aBooking();
    const wrongTicket = await call(downloadWalletPassOp, {
      params: { reference: booking.reference, ticketId: other.tickets[0]!.id },
      token: await bearerFor(user),
    });
    expect(wrongTicket.status).toBe(404);

    await cancelBooking({ reference: booking.reference, viewer: customerViewer(user) });
    const cancelled = await call(downloadWalletPassOp, { params, token: await bearerFor(user) });
    expect(cancelled.status).toBe(409);
    expect(cancelled.body).toMatchObject({ error: { code: 'CONFLICT' } });
  });

  it('does not exist without the signing configuration (404 in the envelope), and parseEnv wants all of it', async () => {
    const { user, booking, tickets } = await aBooking();
    await expect(
      ticketWalletPass({
        reference: booking.reference,
        ticketId: tickets[0]!.id,
        viewer: customerViewer(user),
        config: null,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND', details: { reason: 'wallet-not-configured' } });
    expect(walletConfig(parseEnv({}))).toBeNull();
    expect(() => parseEnv({ WALLET_PASS_TYPE_ID: TEST_PASS_TYPE_ID })).toThrow(
      /WALLET_TEAM_ID, WALLET_SIGNER_CERT, WALLET_SIGNER_KEY, WALLET_WWDR_CERT: required/,
    );
    expect(walletConfig(parseEnv(certs.env))?.certificates.signerCert).toContain('BEGIN CERTIFICATE');
  });
});
