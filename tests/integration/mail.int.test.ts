import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, describe, expect, it } from 'vitest';
import { checkout } from '@/server/booking/checkout';
import { holdSeats } from '@/server/booking/hold-seats';
import { db } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { backoffSeconds, deliverOutbox, MAX_ATTEMPTS } from '@/server/mail/deliver-outbox';
import { listMailbox } from '@/server/mail/mailbox';
import { closeMail, sendMail } from '@/server/mail/send-mail';
import { createAccount } from '../support/accounts';
import { createBookableShowtime } from '../support/factories';
import { startSmtpCapture } from '../support/smtp-capture';

// Mail: the notification outbox delivered over real SMTP (with retries and backoff), and the
// local mailbox newcomers get without SMTP_URL. Other test files write outbox rows into the same
// database concurrently, so each delivery run here takes every due row (a high limit), not 50.

const CARD = {
  method: 'card' as const,
  card: { number: '4242424242424242', expMonth: 12, expYear: 2031, cvc: '123' },
};

function switchSmtp(url: string | undefined) {
  closeMail();
  if (url) process.env.SMTP_URL = url;
  else delete process.env.SMTP_URL;
  refreshEnv();
}

afterAll(() => switchSmtp(undefined));

async function bookedBy(user: { id: string }) {
  const { showtime, seats } = await createBookableShowtime();
  const hold = await holdSeats({
    userId: user.id,
    showtimeId: showtime.id,
    seatIds: [seats[0]!.id, seats[1]!.id],
  });
  return (await checkout({ userId: user.id, holdId: hold.holdId, payment: CARD })).booking;
}

describe('the notification outbox', () => {
  it('delivers a booking confirmation over SMTP, with a link to the booking', async () => {
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
