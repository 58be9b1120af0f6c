import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type ParsedMail, simpleParser } from 'mailparser';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { backoffSeconds, deliverOutbox, MAX_ATTEMPTS } from '@/server/mail/deliver-outbox';
import { listMailbox } from '@/server/mail/mailbox';
import { closeMail, sendMail } from '@/server/mail/send-mail';
import { createAccount } from '../support/accounts';
import { book, createGstCinema, createShowAt } from '../support/bookings';
import { pdfPagesText, pdfText } from '../support/pdf-text';
import { startSmtpCapture } from '../support/smtp-capture';
import { customerViewer } from '../support/viewers';

// Mail: the notification outbox delivered over real SMTP (with retries and backoff), and the
// local mailbox newcomers get without SMTP_URL. Other test files write outbox rows into the same
// database concurrently, so each delivery run here takes every due row (a high limit), not 50.

function switchSmtp(url: string | undefined) {
  closeMail();
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  refreshEnv();
}

afterAll(() => switchSmtp(undefined));

/** Two seats (A1, A2) at a GST-registered cinema, booked and paid by `user`. */
async function bookedBy(user: { id: string }) {
  const cinema = await createGstCinema();
  const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 6 });
  return book({ user, showtimeId: showtime.id, seatIds: [seats[0]!.id, seats[1]!.id] });
}

const viewerOf = customerViewer;

/** 20261122T143000Z, as iCalendar writes UTC times. */
const icsTime = (iso: string) => iso.replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');

/**
 * What a customer finds attached to their confirmation, checked by content: the tickets PDF (one
 * page per seat, naming the booking), the calendar event of the show, the tax invoice with the
 * number the database gave it, and one inline PNG QR code per seat that the HTML shows.
 */
async function expectConfirmationAttachments(
  mail: ParsedMail,
  booking: {
    id: string;
    reference: string;
    showtime: { startsAt: string };
    tickets: { seat: { label: string } }[];
  },
  inlineImage: (cid: string, png: Buffer) => string,
) {
  const ref = booking.reference;
  const seats = booking.tickets.map((t) => t.seat.label);
  const files = mail.attachments.filter((a) => !a.related);
  const invoice = await db().invoice.findUniqueOrThrow({ where: { bookingId: booking.id } });
  const invoiceFile = `invoice-${invoice.invoiceNumber.replaceAll('/', '-')}.pdf`;
  expect(files.map((a) => a.filename).sort()).toEqual(
    [`${ref}.ics`, invoiceFile, `tickets-${ref}.pdf`].sort(),
  );

  const tickets = files.find((a) => a.filename === `tickets-${ref}.pdf`)!;
  expect(tickets.contentType).toBe('application/pdf');
  expect(tickets.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect((await PDFDocument.load(tickets.content)).getTitle()).toContain(ref);
  const pages = await pdfPagesText(tickets.content);
  expect(pages).toHaveLength(seats.length);
  pages.forEach((page, i) => {
    expect(page).toContain(ref);
    expect(page).toContain(seats[i]);
    // The code door staff type when the QR will not scan.
    expect(page).toContain(`${ref}-${seats[i]}`);
  });

  const ics = files.find((a) => a.filename === `${ref}.ics`)!;
  expect(ics.contentType).toBe('text/calendar');
  expect((ics.headers.get('content-type') as { params?: Record<string, string> }).params?.method).toBe(
    'PUBLISH',
  );
  const calendar = ics.content.toString('utf8');
  expect(calendar).toContain(`UID:${ref}@marquee`);
  expect(calendar).toContain(`DTSTART:${icsTime(booking.showtime.startsAt)}`);
  expect(calendar).toContain('METHOD:PUBLISH');

  const invoicePdf = files.find((a) => a.filename === invoiceFile)!;
  expect(invoicePdf.contentType).toBe('application/pdf');
  const invoiceText = await pdfText(invoicePdf.content);
  expect(invoiceText).toContain(invoice.invoiceNumber);
  expect(invoiceText).toContain(ref);
  expect(invoiceText).toContain('TAX INVOICE');

  const qrs = mail.attachments.filter((a) => a.related);
  expect(qrs).toHaveLength(seats.length);
  for (const qr of qrs) {
    expect(qr.contentType).toBe('image/png');
    expect(qr.content.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(mail.html).toContain(inlineImage(qr.cid ?? '', qr.content));
  }
  for (const seat of seats) expect(mail.html).toContain(`QR code for seat ${seat}`);
}

describe('the notification outbox', () => {
  it('delivers a booking confirmation over SMTP: tickets PDF, calendar, invoice, inline QR codes', async () => {
    const smtp = await startSmtpCapture();
    try {
      switchSmtp(smtp.url);
      const user = await createAccount({ name: 'Nisha Patel' });
      const booking = await bookedBy(user);
      const row = await db().notificationOutbox.findFirstOrThrow({
        where: { recipient: user.email, kind: 'booking.confirmed' },
      });
      expect(row.status).toBe('PENDING');
      // Only this test's mail: the database is shared with test files that queue their own.
      const result = await deliverOutbox({ recipient: user.email });
      expect(result.sent).toBe(1);
      const mail = await smtp.waitFor((m) => m.envelopeTo.includes(user.email));
      expect(mail.subject).toContain(booking.reference);
      expect(mail.text).toContain('Hi Nisha,');
      expect(mail.text).toContain(`/bookings/${booking.reference}`);
      expect(mail.text).toMatch(/Seats: A1, A2/);
      expect(mail.html).toContain(`href="http://localhost:3000/bookings/${booking.reference}"`);
      // mailparser turns each cid: link into a data: URI of the part with that Content-ID.
      await expectConfirmationAttachments(
        mail,
        booking,
        (_cid, png) => `data:image/png;base64,${png.toString('base64')}`,
      );
      const sent = await db().notificationOutbox.findUniqueOrThrow({ where: { id: row.id } });
      expect(sent).toMatchObject({ status: 'SENT', attempts: 1, lastError: null });
      // Nothing is sent twice.
      await deliverOutbox({ recipient: user.email });
      expect(smtp.to(user.email)).toHaveLength(1);
    } finally {
      await smtp.stop();
    }
  });

  it('retries with backoff while SMTP is down, then gives up', async () => {
    const user = await createAccount();
    const { id } = await db().notificationOutbox.create({
      data: {
        kind: 'booking.cancelled',
        recipient: user.email,
        payload: { reference: 'MQ-NOPE123', refundMinor: 0 },
      },
    });
    switchSmtp('smtp://127.0.0.1:9'); // nothing listens on the discard port
    await deliverOutbox({ recipient: user.email });
    let row = await db().notificationOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(row.lastError).toBeTruthy();
    expect(row.availableAt.getTime() - Date.now()).toBeGreaterThan((backoffSeconds(1) - 2) * 1000);
    // Due again, repeatedly, until the last attempt.
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await db().notificationOutbox.update({
        where: { id },
        data: { availableAt: new Date(Date.now() - 1000) },
      });
      await deliverOutbox({ recipient: user.email });
    }
    row = await db().notificationOutbox.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: 'FAILED', attempts: MAX_ATTEMPTS });
    expect([backoffSeconds(1), backoffSeconds(2), backoffSeconds(3), backoffSeconds(20)]).toEqual([
      30, 60, 120, 3600,
    ]);
    switchSmtp(undefined);
  });

  it('fails a row it cannot render at once, without retrying', async () => {
    const recipient = `cannot-render-${Date.now()}-${Math.random().toString(36).slice(2)}@test.local`;
    const { id } = await db().notificationOutbox.create({
      data: { kind: 'no.such.kind', recipient, payload: {} },
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'marquee-mail-'));
    process.env.DATA_DIR = dir;
    switchSmtp(undefined);
    await deliverOutbox({ recipient });
    expect(await db().notificationOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'FAILED',
      attempts: 1,
    });
    delete process.env.DATA_DIR;
    refreshEnv();
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('the local mailbox (no SMTP_URL)', () => {
  it('writes each message as an .eml file and lists it, newest first', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'marquee-mail-'));
    process.env.DATA_DIR = dir;
    switchSmtp(undefined);
    try {
      await sendMail({ to: 'a@test.local', subject: 'First', text: 'one', html: '<p>one</p>' });
      await sendMail({ to: 'b@test.local', subject: 'Second', text: 'two 123456', html: '<p>two</p>' });
      const listed = await listMailbox();
      expect(listed.map((m) => m.subject)).toEqual(['Second', 'First']);
      expect(listed[0]?.text).toContain('123456');
      const files = readdirSync(path.join(dir, 'mail')).filter((f) => f.endsWith('.eml'));
      expect(files).toHaveLength(2);
      const parsed = await simpleParser(readFileSync(path.join(dir, 'mail', listed[0]!.file)));
      expect(parsed.subject).toBe('Second');
      expect(parsed.to && 'text' in parsed.to ? parsed.to.text : '').toBe('b@test.local');
      expect(parsed.html).toContain('<p>two</p>');
    } finally {
      delete process.env.DATA_DIR;
      refreshEnv();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('booking mail in the local mailbox (no SMTP_URL)', () => {
  it('stores the confirmation with its attachments, and lists them by name', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'marquee-mail-'));
    process.env.DATA_DIR = dir;
    switchSmtp(undefined);
    try {
      const user = await createAccount({ name: 'Nisha Patel' });
      const booking = await bookedBy(user);
      expect(await deliverOutbox({ recipient: user.email })).toMatchObject({ sent: 1 });
      const [entry] = (await listMailbox()).filter((m) => m.to === user.email);
      expect(entry?.subject).toContain(booking.reference);
      const names = entry?.attachments?.map((a) => a.filename) ?? [];
      expect(names).toContain(`tickets-${booking.reference}.pdf`);
      expect(names).toContain(`${booking.reference}.ics`);
      expect(names.some((n) => /^invoice-.+\.pdf$/.test(n))).toBe(true);
      expect(entry?.attachments?.filter((a) => a.inline)).toHaveLength(2);
      const eml = readFileSync(path.join(dir, 'mail', entry!.file));
      const parsed = await simpleParser(eml, { keepCidLinks: true });
      await expectConfirmationAttachments(parsed, booking, (cid) => `src="cid:${cid}"`);
    } finally {
      delete process.env.DATA_DIR;
      refreshEnv();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cancellation and refund mail', () => {
  const smtp = startSmtpCaptureForFile();

  /** A booking cancelled by its customer, its refund left in `state`, and the mail that followed. */
  async function cancelledWithRefund(state: 'PENDING' | 'SUCCEEDED' | 'FAILED') {
    const user = await createAccount({ name: 'Nisha Patel' });
    const booking = await bookedBy(user);
    const { refund } = await cancelBooking({ reference: booking.reference, viewer: viewerOf(user) });
    // The sandbox refunds at once; the states a slow or failing provider leaves are set here.
    await db().refund.updateMany({ where: { bookingId: booking.id }, data: { status: state } });
    await deliverOutbox({ recipient: user.email });
    const mail = await smtp().waitFor(
      (m) => m.envelopeTo.includes(user.email) && /cancelled/.test(m.subject ?? ''),
    );
    const refundRow = await db().refund.findFirstOrThrow({ where: { bookingId: booking.id } });
    return { user, booking, mail, refund: refundRow, refundMinor: refund?.amountMinor ?? 0 };
  }

  const rupees = (minor: number) => `₹${(minor / 100).toLocaleString('en-IN')}`;

  it('says what is true about the refund when it is sent: pending, done, or failed', async () => {
    const pending = await cancelledWithRefund('PENDING');
    expect(pending.mail.text).toContain(
      `${rupees(pending.refundMinor)} is being refunded to the card you paid with; we will email you when it is done.`,
    );

    const done = await cancelledWithRefund('SUCCEEDED');
    expect(done.mail.text).toContain(
      `${rupees(done.refundMinor)} has been refunded to the card you paid with`,
    );

    const failed = await cancelledWithRefund('FAILED');
    expect(failed.mail.text).toContain(
      `We could not refund ${rupees(failed.refundMinor)} automatically. The cinema has been alerted and will resolve it; quote ${failed.booking.reference}`,
    );
    for (const m of [failed.mail.text ?? '', String(failed.mail.html)]) {
      expect(m).not.toMatch(/on its way|being refunded|has been refunded/);
    }
    // The outbox row remembers what the mail said, so the refund mail need not repeat it.
    const row = await db().notificationOutbox.findFirstOrThrow({
      where: { recipient: failed.user.email, kind: 'booking.cancelled' },
    });
    expect(row).toMatchObject({
      status: 'SENT',
      payload: expect.objectContaining({ reported: { refundId: failed.refund.id, state: 'FAILED' } }),
    });
  });

  it('mails the refund’s outcome once it settles, unless the cancellation mail already gave it', async () => {
    // The cancellation mail said "being refunded"; then the refund went through.
    const pending = await cancelledWithRefund('PENDING');
    await db().refund.update({ where: { id: pending.refund.id }, data: { status: 'SUCCEEDED' } });
    await enqueueRefund('refund.succeeded', pending);
    await deliverOutbox({ recipient: pending.user.email });
    const succeeded = await smtp().waitFor(
      (m) => m.envelopeTo.includes(pending.user.email) && /refund of .* is done/.test(m.subject ?? ''),
    );
    expect(succeeded.subject).toBe(
      `[TEST MODE] Your refund of ${rupees(pending.refundMinor)} for ${pending.booking.reference} is done`,
    );
    expect(succeeded.text).toContain(
      `${rupees(pending.refundMinor)} has been refunded to the card ending 4242`,
    );

    // Pending, then failed for good: the customer hears that, and what to do.
    const stuck = await cancelledWithRefund('PENDING');
    await db().refund.update({ where: { id: stuck.refund.id }, data: { status: 'FAILED' } });
    await enqueueRefund('refund.failed', stuck);
    await deliverOutbox({ recipient: stuck.user.email });
    const failed = await smtp().waitFor(
      (m) => m.envelopeTo.includes(stuck.user.email) && /could not refund/.test(m.subject ?? ''),
    );
    expect(failed.text).toContain(`quote ${stuck.booking.reference}`);
    expect(failed.text).toContain('Cinema: Test Cinema');
    expect(failed.text).not.toMatch(/on its way|has been refunded/);

    // The cancellation mail already said it was refunded: no second mail saying so.
    const done = await cancelledWithRefund('SUCCEEDED');
    const id = await enqueueRefund('refund.succeeded', done);
    expect(await deliverOutbox({ recipient: done.user.email })).toMatchObject({ sent: 0, skipped: 1 });
    expect(await db().notificationOutbox.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: 'SKIPPED',
      lastError: expect.stringContaining('already said'),
    });
    // Only the cancellation: the confirmation, still queued when the booking was cancelled, was
    // skipped too, since its tickets no longer admit anyone.
    expect(
      smtp()
        .to(done.user.email)
        .map((m) => m.subject),
    ).toEqual([`[TEST MODE] Booking ${done.booking.reference} cancelled`]);
    expect(
      await db().notificationOutbox.findFirstOrThrow({
        where: { recipient: done.user.email, kind: 'booking.confirmed' },
      }),
    ).toMatchObject({ status: 'SKIPPED' });
  });

  async function enqueueRefund(
    kind: 'refund.succeeded' | 'refund.failed',
    c: {
      user: { email: string };
      booking: { reference: string };
      refund: { id: string; amountMinor: number };
    },
  ): Promise<string> {
    const row = await db().notificationOutbox.create({
      data: {
        kind,
        recipient: c.user.email,
        payload: {
          reference: c.booking.reference,
          refundId: c.refund.id,
          amountMinor: c.refund.amountMinor,
          currency: 'INR',
        },
      },
    });
    return row.id;
  }
});

/** An SMTP capture for the rest of the file's describe block (the mail goes there). */
function startSmtpCaptureForFile() {
  let capture: Awaited<ReturnType<typeof startSmtpCapture>> | undefined;
  beforeAll(async () => {
    capture = await startSmtpCapture();
    switchSmtp(capture.url);
  });
  afterAll(async () => {
    switchSmtp(undefined);
    await capture?.stop();
  });
  return () => {
    if (!capture) throw new Error('SMTP capture not started');
    return capture;
  };
}
