import { describe, expect, it } from 'vitest';
import { downloadCreditNoteOp, getBookingOp, listRefundsOp } from '@/server/api/operations/bookings';
import type { Viewer } from '@/server/auth/session';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { cancelShowtime } from '@/server/booking/cancel-showtime';
import { holdSeats } from '@/server/booking/hold-seats';
import { openTill } from '@/server/boxoffice/open-till';
import { refundCounterBooking } from '@/server/boxoffice/refund-counter-booking';
import { refundCounterPayment } from '@/server/boxoffice/refund-counter-payment';
import { sellAtCounter } from '@/server/boxoffice/sell-at-counter';
import { db } from '@/server/db';
import { readCommitted } from '@/server/db/transaction';
import { refundDeskBooking } from '@/server/desk/refund-booking';
import { ADMISSION_SAC, BOOKING_FEE_SAC } from '@/server/invoices/invoice-lines';
import { issueCreditNoteTx } from '@/server/invoices/issue-credit-note';
import { issueInvoice } from '@/server/invoices/issue-invoice';
import { renderNotification } from '@/server/mail/notification-mail';
import { bearerFor, call } from '../support/api';
import { book, createGstCinema, createShowAt } from '../support/bookings';
import { createUser } from '../support/factories';
import { pdfText } from '../support/pdf-text';
import { customerViewer, managerOf } from '../support/viewers';

// GST credit notes against the real PostgreSQL: issued in the transaction that records a refund,
// against the booking's invoice (issued then if it had none), reversing admission before the
// booking fee, never more than the invoice, numbered per cinema and financial year with no gap
// under concurrent refunds, never changed, and none where the invoice was not a tax invoice.

async function customerOf(userId: string) {
  return customerViewer(await db().user.findUniqueOrThrow({ where: { id: userId } }));
}

async function notesOf(bookingId: string) {
  return db().creditNote.findMany({
    where: { bookingId },
    orderBy: { number: 'asc' },
    include: { invoice: true, refund: true },
  });
}

type Line = { sac: string; taxableMinor: number; cgstMinor: number; sgstMinor: number };
const lines = (json: unknown) => json as Line[];
const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('a credit note', () => {
  it('reverses the admission of a customer’s cancellation (the fee is kept), against the invoice it issues first', async () => {
    const cinema = await createGstCinema();
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 3 });
    const b = await book({ showtimeId: showtime.id, seatIds: seats.map((s) => s.id) });
    expect(b.price.feeMinor).toBeGreaterThan(0);
    // No invoice yet: the confirmation mail has not gone out in this test.
    expect(await db().invoice.count({ where: { bookingId: b.id } })).toBe(0);
    const { refund } = await cancelBooking({ reference: b.reference, viewer: await customerOf(b.userId) });
    expect(refund?.amountMinor).toBe(b.totalMinor - b.price.feeMinor - b.price.feeTaxMinor);

    const [note, ...more] = await notesOf(b.id);
    expect(more).toEqual([]);
    expect(note).toBeDefined();
    const invoice = note!.invoice;
    expect(invoice.bookingId).toBe(b.id);
    expect(note!.refund.amountMinor).toBe(refund!.amountMinor);
    expect(note!.totalMinor).toBe(refund!.amountMinor);
    expect(note!.creditNoteNumber).toMatch(new RegExp(`^${cinema.invoicePrefix}CN\\d{4}/00001$`));
    expect(note!.creditNoteNumber.length).toBeLessThanOrEqual(16);
    // Admission only, exactly as the invoice stated it.
    const [admission] = lines(invoice.lines);
    expect(lines(note!.lines)).toEqual([
      expect.objectContaining({
        sac: ADMISSION_SAC,
        taxableMinor: admission!.taxableMinor,
        cgstMinor: admission!.cgstMinor,
        sgstMinor: admission!.sgstMinor,
      }),
    ]);
    expect(note!.cgstMinor + note!.sgstMinor).toBe(b.price.taxMinor - b.price.feeTaxMinor);
  });

  it('of a partial refund reverses a part; the notes of a later full refund add up to the invoice to the paisa', async () => {
    const cinema = await createGstCinema();
    const { viewer: manager } = await managerOf(cinema.id);
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 3 });
    const b = await book({ showtimeId: showtime.id, seatIds: seats.map((s) => s.id) });
    const tickets = await db().ticket.findMany({ where: { bookingId: b.id }, select: { id: true } });
    const first = await refundDeskBooking({
      viewer: manager,
      reference: b.reference,
      request: { mode: 'tickets', ticketIds: [tickets[0]!.id], reason: 'One of them could not come' },
    });
    let notes = await notesOf(b.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]!.totalMinor).toBe(first.refund!.amountMinor);
    expect(lines(notes[0]!.lines).map((l) => l.sac)).toEqual([ADMISSION_SAC]);
    const invoice = notes[0]!.invoice;
    // A third of the admission, its tax split as the invoice split it.
    const [admission] = lines(invoice.lines);
    const part = lines(notes[0]!.lines)[0]!;
    expect(Math.abs(part.taxableMinor * 3 - admission!.taxableMinor)).toBeLessThanOrEqual(3);
    expect(Math.abs(part.cgstMinor - part.sgstMinor)).toBeLessThanOrEqual(1);

    await refundDeskBooking({
      viewer: manager,
      reference: b.reference,
      request: { mode: 'full', reason: 'Projector broke' },
    });
    notes = await notesOf(b.id);
    expect(notes.map((n) => n.number)).toEqual([1, 2]);
    expect(new Set(notes.map((n) => n.invoiceId)).size).toBe(1);
    expect(lines(notes[1]!.lines).map((l) => l.sac)).toEqual([ADMISSION_SAC, BOOKING_FEE_SAC]);
    const sum = (f: (n: (typeof notes)[number]) => number) => notes.reduce((s, n) => s + f(n), 0);
    expect(sum((n) => n.totalMinor)).toBe(invoice.totalMinor);
    expect(sum((n) => n.taxableMinor)).toBe(invoice.taxableMinor);
    expect(sum((n) => n.cgstMinor)).toBe(invoice.cgstMinor);
    expect(sum((n) => n.sgstMinor)).toBe(invoice.sgstMinor);
    expect(sum((n) => n.refund.amountMinor)).toBe(b.totalMinor);
  });

  it('of a goodwill amount past the admission reaches the booking fee', async () => {
    const cinema = await createGstCinema();
    const { viewer: manager } = await managerOf(cinema.id);
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const admissionGross = b.totalMinor - b.price.feeMinor - b.price.feeTaxMinor;
    await refundDeskBooking({
      viewer: manager,
      reference: b.reference,
      request: { mode: 'amount', amountMinor: admissionGross + 10, reason: 'Sound failed' },
    });
    const [note] = await notesOf(b.id);
    expect(note!.totalMinor).toBe(admissionGross + 10);
    const [admission, fee] = lines(note!.lines);
    expect(admission!.sac).toBe(ADMISSION_SAC);
    expect(admission!.taxableMinor + admission!.cgstMinor + admission!.sgstMinor).toBe(admissionGross);
    expect(fee!.sac).toBe(BOOKING_FEE_SAC);
    expect(fee!.taxableMinor + fee!.cgstMinor + fee!.sgstMinor).toBe(10);
  });

  it('is not issued when the cinema has no GSTIN (its invoice is not a tax invoice)', async () => {
    const cinema = await createGstCinema({ gstin: null, legalName: null });
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const { refund } = await cancelBooking({ reference: b.reference, viewer: await customerOf(b.userId) });
    expect(refund?.amountMinor).toBeGreaterThan(0);
    expect(await db().refund.count({ where: { bookingId: b.id } })).toBe(1);
    expect(await db().creditNote.count({ where: { bookingId: b.id } })).toBe(0);
  });
});

describe('credit notes of every kind of refund', () => {
  it('are issued for a counter sale handed back at the counter, partly and then in full', async () => {
    const cinema = await createGstCinema();
    const staff = await createUser({ role: 'STAFF' });
    await db().cinemaStaff.create({ data: { userId: staff.id, cinemaId: cinema.id, role: 'STAFF' } });
    const seller: Viewer = {
      id: staff.id,
      name: staff.name,
      email: staff.email,
      role: 'STAFF',
      staffCinemaIds: [cinema.id],
      managedCinemaIds: [],
    };
    await openTill({ viewer: seller, cinemaId: cinema.id, openingFloatMinor: 50_000 });
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 2 });
    const hold = await holdSeats({
      userId: staff.id,
      showtimeId: showtime.id,
      seatIds: seats.map((x) => x.id),
    });
    const sale = await sellAtCounter({
      viewer: seller,
      holdId: hold.holdId,
      method: 'CASH',
      tenderedMinor: hold.price.totalMinor,
    });
    const booking = await db().booking.findUniqueOrThrow({ where: { reference: sale.reference } });
    const payment = await db().payment.findFirstOrThrow({ where: { bookingId: booking.id } });
    await readCommitted((tx) =>
      refundCounterPayment({ tx, payment, amountMinor: 5_000, reason: 'Sound was off', viewer: seller }),
    );
    await refundCounterBooking({ viewer: seller, reference: sale.reference, reason: 'Customer unwell' });
    const notes = await notesOf(booking.id);
    expect(notes.map((n) => [n.number, n.totalMinor])).toEqual([
      [1, 5_000],
      [2, payment.amountMinor - 5_000],
    ]);
    expect(notes.reduce((sum, n) => sum + n.totalMinor, 0)).toBe(notes[0]!.invoice.totalMinor);
    expect(notes.every((n) => n.refund.status === 'SUCCEEDED')).toBe(true);
  });

  it('are issued for every booking of a show the cinema cancels, fee and all', async () => {
    const cinema = await createGstCinema();
    const { viewer: manager } = await managerOf(cinema.id);
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 3 });
    const made = [];
    for (const seat of seats) made.push(await book({ showtimeId: showtime.id, seatIds: [seat.id] }));
    await cancelShowtime({ showtimeId: showtime.id, viewer: manager, reason: 'Projector broke' });
    for (const b of made) {
      const notes = await notesOf(b.id);
      expect(notes).toHaveLength(1);
      expect(notes[0]!.totalMinor).toBe(notes[0]!.refund.amountMinor);
      expect(notes[0]!.totalMinor).toBe(b.totalMinor);
      expect(lines(notes[0]!.lines).map((l) => l.sac)).toEqual([ADMISSION_SAC, BOOKING_FEE_SAC]);
    }
    expect(
      (await db().creditNote.findMany({ where: { cinemaId: cinema.id } })).map((n) => n.number).sort(),
    ).toEqual([1, 2, 3]);
  });
});

describe('credit note numbers', () => {
  it('are 1..8 with no gap and no duplicate when 8 customers of one cinema cancel at once', async () => {
    const cinema = await createGstCinema();
    const made = [];
    // One show each: cancellations of one show's row of seats would only test their own retries.
    for (const _ of range(8)) {
      const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
      made.push(await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] }));
    }
    // Half of them invoiced already, half invoiced by their refund.
    for (const b of made.slice(0, 4)) await issueInvoice({ bookingId: b.id });
    await Promise.all(
      made.map(async (b) => cancelBooking({ reference: b.reference, viewer: await customerOf(b.userId) })),
    );
    const notes = await db().creditNote.findMany({
      where: { cinemaId: cinema.id },
      orderBy: { number: 'asc' },
    });
    expect(notes.map((n) => n.number)).toEqual(range(8));
    expect(new Set(notes.map((n) => n.bookingId)).size).toBe(8);
    const counter = await db().creditNoteCounter.findUniqueOrThrow({
      where: { cinemaId_fiscalYear: { cinemaId: cinema.id, fiscalYear: notes[0]!.fiscalYear } },
    });
    expect(counter.lastNumber).toBe(8);
    // The invoices issued on the way are gap-free too, in their own series.
    const invoices = await db().invoice.findMany({
      where: { cinemaId: cinema.id },
      orderBy: { number: 'asc' },
    });
    expect(invoices.map((i) => i.number)).toEqual(range(8));
  }, 120_000);

  it('leave one invoice and one credit note when the invoice is issued (by the mail, a download) while the booking is cancelled', async () => {
    const cinema = await createGstCinema();
    const failures: string[] = [];
    for (const round of range(6)) {
      const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
      const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
      const viewer = await customerOf(b.userId);
      // Started in either order.
      const both = [
        () => issueInvoice({ bookingId: b.id }),
        () => cancelBooking({ reference: b.reference, viewer }),
      ];
      for (const r of await Promise.allSettled((round % 2 ? both : both.reverse()).map((start) => start()))) {
        if (r.status === 'rejected') failures.push(String(r.reason));
      }
      expect(await db().invoice.count({ where: { bookingId: b.id } })).toBe(1);
      expect(await db().creditNote.count({ where: { bookingId: b.id } })).toBe(1);
    }
    expect(failures).toEqual([]);
    const numbers = (await db().invoice.findMany({ where: { cinemaId: cinema.id } })).map((i) => i.number);
    expect(numbers.sort((x, y) => x - y)).toEqual(range(6));
  }, 120_000);

  it('are not used up by a refund that rolls back', async () => {
    const cinema = await createGstCinema();
    const { viewer: manager } = await managerOf(cinema.id);
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 2 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    const c = await book({ showtimeId: showtime.id, seatIds: [seats[1]!.id] });
    const payment = await db().payment.findFirstOrThrow({ where: { bookingId: b.id } });
    const failed = db().$transaction(async (tx) => {
      const refund = await tx.refund.create({
        data: { paymentId: payment.id, bookingId: b.id, amountMinor: 100, reason: 'test' },
      });
      expect((await issueCreditNoteTx(tx, { refundId: refund.id }))?.number).toBe(1);
      throw new Error('something later in the transaction failed');
    });
    await expect(failed).rejects.toThrow('something later');
    await refundDeskBooking({
      viewer: manager,
      reference: c.reference,
      request: { mode: 'amount', amountMinor: 100, reason: 'Late start' },
    });
    expect((await notesOf(c.id)).map((n) => n.number)).toEqual([1]);
  });
});

describe('credit notes in the database', () => {
  it('never change: edits and deletes are refused', async () => {
    const cinema = await createGstCinema();
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    await cancelBooking({ reference: b.reference, viewer: await customerOf(b.userId) });
    const [note] = await notesOf(b.id);
    for (const change of [
      db().$executeRaw`UPDATE credit_notes SET reason = 'edited' WHERE id = ${note!.id}::uuid`,
      db().$executeRaw`DELETE FROM credit_notes WHERE id = ${note!.id}::uuid`,
    ]) {
      const error = await change.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, 'the change went through').not.toBeNull();
      expect(JSON.stringify(error) + String(error)).toMatch(/credit_notes_immutable|cannot be changed/);
    }
    expect(await db().creditNote.findUniqueOrThrow({ where: { id: note!.id } })).toMatchObject({
      reason: note!.reason,
      totalMinor: note!.totalMinor,
    });
  });

  it('never credit more than their invoice, whoever writes them', async () => {
    const cinema = await createGstCinema();
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    await cancelBooking({ reference: b.reference, viewer: await customerOf(b.userId) });
    const [note] = await notesOf(b.id);
    const invoice = note!.invoice;
    const payment = await db().payment.findFirstOrThrow({ where: { bookingId: b.id } });
    const left = invoice.totalMinor - note!.totalMinor;
    const refund = await db().refund.create({
      data: { paymentId: payment.id, bookingId: b.id, amountMinor: 1, reason: 'test' },
    });
    const insert = (total: number) =>
      db().$executeRaw`
        INSERT INTO credit_notes (invoice_id, booking_id, refund_id, cinema_id, fiscal_year, number,
          credit_note_number, reason, lines, taxable_minor, cgst_minor, sgst_minor, total_minor)
        VALUES (${invoice.id}::uuid, ${b.id}::uuid, ${refund.id}::uuid, ${cinema.id}::uuid,
          ${note!.fiscalYear}, 999, ${`${cinema.invoicePrefix}CN${note!.creditNoteNumber.slice(cinema.invoicePrefix.length + 2, cinema.invoicePrefix.length + 6)}/00999`},
          'test', '[]'::jsonb, ${total}, 0, 0, ${total})`;
    const error = await insert(left + 1).then(
      () => null,
      (e: unknown) => e,
    );
    expect(JSON.stringify(error) + String(error)).toMatch(
      /credit_notes_within_invoice|more than their invoice/,
    );
    expect(await db().creditNote.count({ where: { bookingId: b.id } })).toBe(1);
  });
});

describe('a credit note’s PDF', () => {
  it('says CREDIT NOTE with its number, the invoice it reduces and the tax reversed; only to those who may see the booking', async () => {
    const cinema = await createGstCinema({
      gstin: '27AABCM4821K1ZF',
      legalName: 'Mill Cinemas Private Limited',
    });
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 2 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id, seats[1]!.id] });
    const owner = await db().user.findUniqueOrThrow({ where: { id: b.userId } });
    await cancelBooking({ reference: b.reference, viewer: customerViewer(owner) });
    const [note] = await notesOf(b.id);
    const slug = note!.creditNoteNumber.replace('/', '-');

    // The booking lists it, with where to get it.
    const token = await bearerFor(owner);
    const view = await call(getBookingOp, { params: { reference: b.reference }, token });
    expect(view.status).toBe(200);
    const pdfUrl = `/api/v1/bookings/${b.reference}/credit-notes/${slug}.pdf`;
    expect((view.body as { creditNotes: unknown[] }).creditNotes).toEqual([
      {
        number: note!.creditNoteNumber,
        issuedAt: note!.issuedAt.toISOString(),
        totalMinor: note!.totalMinor,
        invoiceNumber: note!.invoice.invoiceNumber,
        pdfUrl,
      },
    ]);

    const got = await call(downloadCreditNoteOp, { params: { reference: b.reference, number: slug }, token });
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toContain('application/pdf');
    expect(got.headers.get('content-disposition')).toContain(`credit-note-${slug}.pdf`);
    const text = await pdfText(got.raw);
    for (const expected of [
      'CREDIT NOTE',
      note!.creditNoteNumber,
      note!.invoice.invoiceNumber,
      'Against invoice',
      'GSTIN: 27AABCM4821K1ZF',
      'Mill Cinemas Private Limited',
      'Maharashtra (27)',
      b.reference,
      ADMISSION_SAC,
      'CGST',
      'SGST',
      'Nisha Patel',
      'section 34 of the CGST Act',
      'TEST MODE',
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toContain(BOOKING_FEE_SAC);
    expect(text).not.toContain('TAX INVOICE');

    // Another customer, a manager of another cinema: as if it did not exist. The cinema's manager may.
    const stranger = await createUser();
    const elsewhere = await managerOf((await createGstCinema()).id);
    const here = await managerOf(cinema.id);
    const params = { reference: b.reference, number: slug };
    expect((await call(downloadCreditNoteOp, { params, token: await bearerFor(stranger) })).status).toBe(404);
    expect((await call(downloadCreditNoteOp, { params, token: elsewhere.token })).status).toBe(404);
    expect((await call(downloadCreditNoteOp, { params })).status).toBe(401);
    expect((await call(downloadCreditNoteOp, { params, token: here.token })).status).toBe(200);
    // A number this booking has no credit note with: not found.
    expect(
      (
        await call(downloadCreditNoteOp, {
          params: { reference: b.reference, number: slug.replace(/\d{5}$/, '00099') },
          token,
        })
      ).status,
    ).toBe(404);
  });

  /** A one-seat booking at a GST cinema, cancelled by its customer: its credit note and file name. */
  async function cancelledOneSeat() {
    const cinema = await createGstCinema();
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 1 });
    const b = await book({ showtimeId: showtime.id, seatIds: [seats[0]!.id] });
    await cancelBooking({ reference: b.reference, viewer: await customerOf(b.userId) });
    const [note] = await notesOf(b.id);
    return { cinema, b, note: note!, slug: note!.creditNoteNumber.replace('/', '-') };
  }

  it('is attached to the mail that tells the customer of the refund, and listed with the refund for managers', async () => {
    const { cinema, b, note, slug } = await cancelledOneSeat();
    const queued = await db().notificationOutbox.findFirstOrThrow({
      where: { kind: 'booking.cancelled', payload: { path: ['reference'], equals: b.reference } },
    });
    const { mail } = await renderNotification(queued.kind, queued.payload);
    const attached = (mail.attachments ?? []).find((a) => a.filename === `credit-note-${slug}.pdf`);
    expect(attached, 'the credit note is attached').toBeDefined();
    expect(await pdfText(attached!.content)).toContain(note!.creditNoteNumber);
    expect(mail.text).toContain('GST credit note');

    const manager = await managerOf(cinema.id);
    const listed = await call(listRefundsOp, { token: manager.token, path: '?status=SUCCEEDED&limit=100' });
    expect(listed.status).toBe(200);
    const row = (listed.body as { id: string; creditNote: { number: string } | null }[]).find(
      (r) => r.id === note!.refundId,
    );
    expect(row?.creditNote?.number).toBe(note!.creditNoteNumber);
  });

  it('is attached to the mail that says the refund failed too: the tax document stands, the money is owed', async () => {
    const { b, note, slug } = await cancelledOneSeat();
    const refund = await db().refund.update({ where: { id: note!.refundId }, data: { status: 'FAILED' } });
    // The cancellation mail went out before the refund failed (it said "being refunded").
    await db().notificationOutbox.updateMany({
      where: { kind: 'booking.cancelled', payload: { path: ['reference'], equals: b.reference } },
      data: { status: 'SENT' },
    });
    const { mail } = await renderNotification('refund.failed', {
      reference: b.reference,
      refundId: refund.id,
      amountMinor: refund.amountMinor,
      currency: 'INR',
    });
    expect(mail.subject).toMatch(/could not refund/);
    const attached = (mail.attachments ?? []).find((a) => a.filename === `credit-note-${slug}.pdf`);
    expect(attached, 'the credit note is attached').toBeDefined();
    expect(await pdfText(attached!.content)).toContain(note!.creditNoteNumber);
    expect(mail.text).toContain('reduces your tax invoice by what is owed back to you');
  });
});
