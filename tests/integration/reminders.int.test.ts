import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrisma, db, disconnectDb } from '@/server/db';
import { refreshEnv } from '@/server/env';
import { deliverOutbox } from '@/server/mail/deliver-outbox';
import { closeMail } from '@/server/mail/send-mail';
import { queueReminders } from '@/server/notifications/queue-reminders';
import { createAccount } from '../support/accounts';
import { book, createGstCinema, createShowAt } from '../support/bookings';
import { createScratchDatabase, dropScratchDatabases } from '../support/scratch-db';
import { type SmtpCapture, startSmtpCapture } from '../support/smtp-capture';

// Reminder mail, exactly once per booking. The job marks bookings across the whole database, so
// this file has a database of its own (other files' bookings must not be reminded from here).
// "Two instances" are two independent Prisma clients with their own connection pools, running
// the job at the same moment, without the scheduler's advisory lock; a "restart" is a third,
// new client.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let url = '';
let smtp: SmtpCapture;

beforeAll(async () => {
  url = await createScratchDatabase({ migrated: true });
  await disconnectDb();
  smtp = await startSmtpCapture();
  process.env.DATABASE_URL = url;
  process.env.SMTP_URL = smtp.url;
  refreshEnv();
}, 60_000);

afterAll(async () => {
  delete process.env.SMTP_URL;
  closeMail();
  await smtp.stop();
  await disconnectDb();
  await dropScratchDatabases();
});

/** A booking of one seat by a fresh customer, for a show starting `inMs` from now. */
async function bookingFor(inMs: number) {
  const cinema = await createGstCinema();
  const { showtime, seats } = await createShowAt({
    cinemaId: cinema.id,
    seats: 2,
    startsAt: new Date(Date.now() + inMs),
  });
  const user = await createAccount({ name: 'Ravi Kumar' });
  const booking = await book({ user, showtimeId: showtime.id, seatIds: [seats[0]!.id] });
  return { ...booking, email: user.email, showtimeId: showtime.id };
}

async function remindersOf(bookingId: string) {
  return db().notificationOutbox.findMany({
    where: { kind: 'booking.reminder', payload: { path: ['bookingId'], equals: bookingId } },
  });
}

describe('reminders', () => {
  it('are queued exactly once per booking, by two instances at once, and not again after a restart', async () => {
    const due = [await bookingFor(2 * HOUR), await bookingFor(2.5 * HOUR)];
    // Booked inside the window, an hour before the show: reminded too.
    const bookedLate = await bookingFor(1 * HOUR);
    // Starting in ten minutes: the confirmation is reminder enough.
    const tooSoon = await bookingFor(10 * MINUTE);
    const tooEarly = await bookingFor(5 * HOUR);
    const showCancelled = await bookingFor(2 * HOUR);
    await db().showtime.update({
      where: { id: showCancelled.showtimeId },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    const bookingCancelled = await bookingFor(2 * HOUR);
    await db().booking.update({
      where: { id: bookingCancelled.id },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });

    const instances = [createPrisma(url, 4), createPrisma(url, 4)];
    try {
      // Each instance runs the job several times, all at once.
      const counts = await Promise.all(
        Array.from({ length: 6 }, (_, i) => queueReminders({ client: instances[i % 2], hoursBefore: 3 })),
      );
      expect(counts.reduce((a, b) => a + b, 0)).toBe(3);
    } finally {
      await Promise.all(instances.map((c) => c.$disconnect()));
    }
    for (const b of [...due, bookedLate]) {
      const rows = await remindersOf(b.id);
      expect(rows, b.reference).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        recipient: b.email,
        payload: { reference: b.reference, bookingId: b.id },
      });
    }
    for (const b of [tooSoon, tooEarly, showCancelled, bookingCancelled]) {
      expect(await remindersOf(b.id), b.reference).toHaveLength(0);
    }

    // A restart: a new process, nothing remembered but the database.
    const restarted = createPrisma(url, 2);
    try {
      expect(await queueReminders({ client: restarted, hoursBefore: 3 })).toBe(0);
    } finally {
      await restarted.$disconnect();
    }

    // Delivered: one reminder mail per booking, with the tickets and the QR codes.
    await deliverOutbox({ limit: 500 });
    for (const b of [...due, bookedLate]) {
      const mails = smtp.to(b.email).filter((m) => /^\[TEST MODE\] Reminder: /.test(m.subject ?? ''));
      expect(mails, b.reference).toHaveLength(1);
      const mail = mails[0]!;
      expect(mail.text).toContain(`Booking: ${b.reference}`);
      expect(mail.text).toContain(`Seats: ${b.tickets[0]?.seat.label}`);
      expect(mail.attachments.filter((a) => !a.related).map((a) => a.filename)).toEqual([
        `tickets-${b.reference}.pdf`,
      ]);
      expect(mail.attachments.filter((a) => a.related && a.contentType === 'image/png')).toHaveLength(1);
    }
    expect(smtp.to(tooEarly.email).filter((m) => /Reminder/.test(m.subject ?? ''))).toHaveLength(0);
  }, 120_000);

  it('are not sent for a booking cancelled after its reminder was queued', async () => {
    const b = await bookingFor(2 * HOUR);
    expect(await queueReminders({ hoursBefore: 3 })).toBe(1);
    await db().booking.update({
      where: { id: b.id },
      data: { status: 'CANCELLED', cancelledAt: new Date() },
    });
    await deliverOutbox({ limit: 500 });
    const [row] = await remindersOf(b.id);
    expect(row).toMatchObject({ status: 'SKIPPED', lastError: 'skipped: the booking was cancelled' });
    expect(smtp.to(b.email).filter((m) => /Reminder/.test(m.subject ?? ''))).toHaveLength(0);
  });

  it('are off with REMINDER_HOURS_BEFORE=0', async () => {
    const b = await bookingFor(1 * HOUR);
    expect(await queueReminders({ hoursBefore: 0 })).toBe(0);
    process.env.REMINDER_HOURS_BEFORE = '0';
    refreshEnv();
    try {
      expect(await queueReminders()).toBe(0);
    } finally {
      delete process.env.REMINDER_HOURS_BEFORE;
      refreshEnv();
    }
    expect(await db().booking.findUniqueOrThrow({ where: { id: b.id } })).toMatchObject({
      reminderQueuedAt: null,
    });
    expect(await remindersOf(b.id)).toHaveLength(0);
    // On again (the default, 3 hours): it is queued.
    expect(await queueReminders()).toBe(1);
  });
});
