import { describe, expect, it } from 'vitest';
import type { Viewer } from '@/server/auth/session';
import { bookingInvoicePdf } from '@/server/booking/booking-documents';
import { cancelBooking } from '@/server/booking/cancel-booking';
import { db } from '@/server/db';
import { isConstraintViolation } from '@/server/db/errors';
import { ADMISSION_SAC, BOOKING_FEE_SAC } from '@/server/invoices/invoice-lines';
import { issueInvoice, issueInvoiceTx } from '@/server/invoices/issue-invoice';
import { book, createGstCinema, createShowAt } from '../support/bookings';
import { createUser } from '../support/factories';
import { pdfText } from '../support/pdf-text';

// GST tax invoices against the real PostgreSQL: numbers per cinema and financial year with no gap
// and no duplicate under concurrency, nothing consumed by a rolled-back issue, one invoice per
// booking however many callers race for it, and an invoice that states what was charged and
// never changes afterwards.

async function bookings(cinemaId: string, count: number) {
  const { showtime, seats } = await createShowAt({ cinemaId, seats: count });
  const made = [];
  // One seat each, one customer each (a customer has one active hold per showtime), one after
  // the other: concurrent checkouts of one showtime would only test checkout's retries.
  for (const seat of seats) made.push(await book({ showtimeId: showtime.id, seatIds: [seat.id] }));
  return made;
}

async function counter(cinemaId: string, fiscalYear: number): Promise<number | null> {
  const row = await db().invoiceCounter.findUnique({
    where: { cinemaId_fiscalYear: { cinemaId, fiscalYear } },
  });
  return row?.lastNumber ?? null;
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('invoice numbers', () => {
  it('are 1..50 with no gap and no duplicate when 50 bookings of one cinema are invoiced at once', async () => {
    const cinema = await createGstCinema();
    const made = await bookings(cinema.id, 50);
    const issued = await Promise.all(made.map((b) => issueInvoice({ bookingId: b.id })));
    expect(issued.map((i) => i.number).sort((a, b) => a - b)).toEqual(range(50));
    expect(new Set(issued.map((i) => i.invoiceNumber)).size).toBe(50);
    for (const invoice of issued) {
      expect(invoice.invoiceNumber).toMatch(
        new RegExp(`^${cinema.invoicePrefix}/\\d{4}/${String(invoice.number).padStart(5, '0')}$`),
      );
      expect(invoice.invoiceNumber.length).toBeLessThanOrEqual(16);
    }
    expect(await counter(cinema.id, issued[0]!.fiscalYear)).toBe(50);
  }, 120_000);

  it('give one invoice, and use one number, when many callers issue for the same booking at once', async () => {
    const cinema = await createGstCinema();
    const [b] = await bookings(cinema.id, 1);
    const issued = await Promise.all(range(10).map(() => issueInvoice({ bookingId: b!.id })));
    expect(new Set(issued.map((i) => i.id)).size).toBe(1);
    expect(issued[0]?.number).toBe(1);
    expect(await db().invoice.count({ where: { bookingId: b!.id } })).toBe(1);
    expect(await counter(cinema.id, issued[0]!.fiscalYear)).toBe(1);
    // And later: the same invoice again.
    expect((await issueInvoice({ bookingId: b!.id })).id).toBe(issued[0]?.id);
  });

  it('are not used up by an issue that rolls back', async () => {
    const cinema = await createGstCinema();
    const [a, b, c] = await bookings(cinema.id, 3);
    expect((await issueInvoice({ bookingId: a!.id })).number).toBe(1);
    const failed = db().$transaction(async (tx) => {
      const invoice = await issueInvoiceTx(tx, { bookingId: b!.id });
      expect(invoice.number).toBe(2);
      throw new Error('something later in the transaction failed');
    });
    await expect(failed).rejects.toThrow('something later');
    expect(await db().invoice.count({ where: { bookingId: b!.id } })).toBe(0);
    expect((await issueInvoice({ bookingId: c!.id })).number).toBe(2);
    expect((await issueInvoice({ bookingId: b!.id })).number).toBe(3);
  });

  it('run separately for each cinema', async () => {
    const [p, q] = [await createGstCinema(), await createGstCinema()];
    const [atP, atQ] = [await bookings(p.id, 3), await bookings(q.id, 3)];
    const numbers = { p: [] as number[], q: [] as number[] };
    for (let i = 0; i < 3; i++) {
      numbers.p.push((await issueInvoice({ bookingId: atP[i]!.id })).number);
      numbers.q.push((await issueInvoice({ bookingId: atQ[i]!.id })).number);
    }
    expect(numbers).toEqual({ p: [1, 2, 3], q: [1, 2, 3] });
  });

  it('start again at 1 in a new financial year (April, India time)', async () => {
    const cinema = await createGstCinema();
    const [march, april] = await bookings(cinema.id, 2);
    // 31 March 2027, 23:30 IST, and 1 April 2027, 00:10 IST.
    const last = await issueInvoice({ bookingId: march!.id, issuedAt: new Date('2027-03-31T18:00:00Z') });
    const first = await issueInvoice({ bookingId: april!.id, issuedAt: new Date('2027-03-31T18:40:00Z') });
    expect(last).toMatchObject({ fiscalYear: 2026, number: 1 });
    expect(last.invoiceNumber).toBe(`${cinema.invoicePrefix}/2627/00001`);
    expect(first).toMatchObject({ fiscalYear: 2027, number: 1 });
    expect(first.invoiceNumber).toBe(`${cinema.invoicePrefix}/2728/00001`);
  });
});

describe('an invoice', () => {
  it('states the supplier, the place of supply and what was charged, split into CGST and SGST', async () => {
    const cinema = await createGstCinema({
      gstin: '27AABCM4821K1ZF',
      legalName: 'Mill Cinemas Private Limited',
    });
    const { showtime, seats } = await createShowAt({ cinemaId: cinema.id, seats: 3 });
    const b = await book({ showtimeId: showtime.id, seatIds: seats.map((s) => s.id) });
    const invoice = await issueInvoice({ bookingId: b.id });
    expect(invoice).toMatchObject({
      supplierLegalName: 'Mill Cinemas Private Limited',
      supplierGstin: '27AABCM4821K1ZF',
      supplierState: 'Maharashtra',
      supplierStateCode: '27',
      placeOfSupply: 'Maharashtra (27)',
      customerName: 'Nisha Patel',
      totalMinor: b.totalMinor,
    });
    expect(invoice.cgstMinor + invoice.sgstMinor).toBe(b.price.taxMinor);
    expect(invoice.taxableMinor).toBe(
      b.price.subtotalMinor - (b.price.discount?.amountMinor ?? 0) + b.price.feeMinor,
    );
    expect(Math.abs(invoice.cgstMinor - invoice.sgstMinor)).toBeLessThanOrEqual(1);
    expect(invoice.lines.map((l) => l.sac)).toEqual([ADMISSION_SAC, BOOKING_FEE_SAC]);
    expect(invoice.lines[0]).toMatchObject({ quantity: 3, items: [{ label: 'Standard seat', quantity: 3 }] });

    const pdf = await bookingInvoicePdf({ reference: b.reference, viewer: customer(b.userId) });
    expect(pdf.filename).toBe(`invoice-${invoice.invoiceNumber.replaceAll('/', '-')}.pdf`);
    const text = await pdfText(pdf.pdf);
    for (const expected of [
      'TAX INVOICE',
      invoice.invoiceNumber,
      'GSTIN: 27AABCM4821K1ZF',
      'Mill Cinemas Private Limited',
      'Maharashtra (27)',
      b.reference,
      ADMISSION_SAC,
      'CGST',
      'SGST',
      'Nisha Patel',
      // Tests run on the sandbox.
      'TEST MODE',
    ]) {
      expect(text).toContain(expected);
    }
  });

  it('never changes: the database refuses edits and deletes, and later cinema changes do not reach it', async () => {
    const cinema = await createGstCinema();
    const [b] = await bookings(cinema.id, 1);
    const invoice = await issueInvoice({ bookingId: b!.id });
    const refused = async (p: Promise<unknown>) => {
      const error = await p.then(
        () => null,
        (e: unknown) => e,
      );
      expect(error, 'the change went through').not.toBeNull();
      expect(JSON.stringify(error) + String(error)).toMatch(/invoices_immutable|cannot be changed/);
    };
    await refused(
      db()
        .$executeRaw`UPDATE invoices SET total_minor = 1, taxable_minor = 1, cgst_minor = 0, sgst_minor = 0 WHERE id = ${invoice.id}::uuid`,
    );
    await refused(db().$executeRaw`DELETE FROM invoices WHERE id = ${invoice.id}::uuid`);
    await db().cinema.update({
      where: { id: cinema.id },
      data: { legalName: 'Renamed Cinemas LLP', gstin: null },
    });
    expect(await issueInvoice({ bookingId: b!.id })).toEqual(invoice);
  });

  it('stays with a cancelled booking', async () => {
    const cinema = await createGstCinema();
    const [b] = await bookings(cinema.id, 1);
    const invoice = await issueInvoice({ bookingId: b!.id });
    await cancelBooking({ reference: b!.reference, viewer: customer(b!.userId) });
    expect(await issueInvoice({ bookingId: b!.id })).toEqual(invoice);
    const text = await pdfText(
      (await bookingInvoicePdf({ reference: b!.reference, viewer: customer(b!.userId) })).pdf,
    );
    expect(text).toContain(invoice.invoiceNumber);
    expect(text).toMatch(/This booking was cancelled on/);
  });

  it('is not a tax invoice when the cinema has no GSTIN, and says so', async () => {
    const cinema = await createGstCinema({ gstin: null, legalName: null });
    const [b] = await bookings(cinema.id, 1);
    const invoice = await issueInvoice({ bookingId: b!.id });
    expect(invoice).toMatchObject({
      supplierGstin: null,
      supplierLegalName: cinema.name,
      placeOfSupply: 'Maharashtra (27)',
    });
    const text = await pdfText(
      (await bookingInvoicePdf({ reference: b!.reference, viewer: customer(b!.userId) })).pdf,
    );
    expect(text).not.toContain('TAX INVOICE');
    expect(text).toContain('this is not a GST tax invoice');
  });

  it('is someone else’s booking: not found', async () => {
    const cinema = await createGstCinema();
    const [b] = await bookings(cinema.id, 1);
    const stranger = await createUser();
    await expect(
      bookingInvoicePdf({ reference: b!.reference, viewer: customer(stranger.id) }),
    ).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(await db().invoice.count({ where: { bookingId: b!.id } })).toBe(0);
  });
});

describe('cinema GST details in the database', () => {
  it('refuse a malformed GSTIN and a long invoice prefix', async () => {
    const cinema = await createGstCinema();
    for (const change of [
      db().$executeRaw`UPDATE cinemas SET gstin = '27AABCM4821K1Z' WHERE id = ${cinema.id}::uuid`,
      db().$executeRaw`UPDATE cinemas SET gstin = '27aabcm4821k1zf' WHERE id = ${cinema.id}::uuid`,
      db().$executeRaw`UPDATE cinemas SET invoice_prefix = 'MUMBAI' WHERE id = ${cinema.id}::uuid`,
    ]) {
      const error = await change.then(
        () => null,
        (e: unknown) => e,
      );
      expect(isConstraintViolation(error)).toBe(true);
    }
  });
});

function customer(id: string): Viewer {
  return { id, name: 'Nisha Patel', email: null, role: 'CUSTOMER', staffCinemaIds: [], managedCinemaIds: [] };
}
