import 'server-only';
import QRCode from 'qrcode';
import { accessNames } from '@/lib/accessibility';
import { AppError } from '@/lib/errors';
import type { BookingResponse } from '@/lib/schemas/booking';
import { creditNoteSlug } from '@/lib/schemas/invoice';
import type { Viewer } from '@/server/auth/session';
import { type BookingRow, loadVisibleBooking, toBookingResponse } from '@/server/booking/booking-view';
import { db } from '@/server/db';
import { env, testMode } from '@/server/env';
import { renderCreditNotePdf } from '@/server/invoices/credit-note-pdf';
import { renderInvoicePdf } from '@/server/invoices/invoice-pdf';
import { type CreditNote, creditNoteSelect, parsedCreditNote } from '@/server/invoices/issue-credit-note';
import { issueInvoice } from '@/server/invoices/issue-invoice';
import type { MailAttachment } from '@/server/mail/send-mail';
import type { BookingDocuments } from '@/server/mail/templates';
import { renderBookingIcs } from '@/server/tickets/ticket-ics';
import { renderTicketsPdfAs, type TicketLayout } from '@/server/tickets/ticket-pdf-layouts';

// The files a customer takes away: tickets as PDF (one page per seat, with its QR code), the show
// as a calendar event, and the GST tax invoice. Downloads follow the booking's own access rules;
// mail gets the same files built from the same rows (documentsForMail).

function liveTickets(b: BookingResponse) {
  return b.tickets.filter((t) => t.status !== 'CANCELLED');
}

function ticketsPdf(row: BookingRow, b: BookingResponse, layout: TicketLayout = 'a6'): Promise<Uint8Array> {
  const live = liveTickets(b);
  if (b.status !== 'CONFIRMED' || live.length === 0) {
    throw new AppError('CONFLICT', 'This booking was cancelled; its tickets are no longer valid.');
  }
  return renderTicketsPdfAs(layout, {
    reference: b.reference,
    // The name recorded on the booking, not the viewer's: staff may print a customer's tickets.
    customerName: row.customerName,
    movie: { title: b.showtime.movie.title, certificate: b.showtime.movie.certificate },
    cinema: { name: b.showtime.cinema.name, address: b.showtime.cinema.address },
    screen: b.showtime.screen,
    startsAt: new Date(b.showtime.startsAt),
    format: b.showtime.format,
    language: b.showtime.language,
    access: accessNames(b.showtime),
    tickets: live.map((t) => ({
      seatLabel: t.seat.label,
      category: t.seat.category,
      priceMinor: t.priceMinor,
      qr: t.qr,
    })),
    totalMinor: b.totalMinor,
    currency: b.currency,
    testMode: testMode(),
  });
}

function calendar(b: BookingResponse): string {
  const origin = env().APP_URL ?? process.env.NEXTAUTH_URL ?? 'http://localhost:3000';
  return renderBookingIcs({
    reference: b.reference,
    movieTitle: b.showtime.movie.title,
    cinemaName: b.showtime.cinema.name,
    address: b.showtime.cinema.address,
    screen: b.showtime.screen,
    seats: b.tickets.map((t) => t.seat.label),
    startsAt: new Date(b.showtime.startsAt),
    endsAt: new Date(b.showtime.endsAt),
    url: `${origin}/bookings/${b.reference}`,
  });
}

/** The booking's invoice (issued now if it has none yet) as a PDF, and its file name. */
async function invoicePdf(row: BookingRow): Promise<{ pdf: Uint8Array; filename: string }> {
  const invoice = await issueInvoice({ bookingId: row.id });
  const pdf = await renderInvoicePdf({
    invoice,
    reference: row.reference,
    cinemaName: row.showtime.screen.cinema.name,
    cancelledAt: row.cancelledAt,
    testMode: testMode(),
  });
  // Slashes cannot be in a file name: BOM1/2627/00042 → invoice-BOM1-2627-00042.pdf
  return { pdf, filename: `invoice-${invoice.invoiceNumber.replaceAll('/', '-')}.pdf` };
}

/** A credit note of the booking as a PDF, drawn against its invoice (which it always has). */
async function creditNotePdf(
  row: BookingRow,
  note: CreditNote,
): Promise<{ pdf: Uint8Array; filename: string }> {
  const invoice = await issueInvoice({ bookingId: row.id });
  const pdf = await renderCreditNotePdf({
    note,
    invoice,
    reference: row.reference,
    cinemaName: row.showtime.screen.cinema.name,
    testMode: testMode(),
  });
  return { pdf, filename: `credit-note-${creditNoteSlug(note.creditNoteNumber)}.pdf` };
}

/** layout: the customer's A6 tickets (default), four to an A4 sheet, or 80 mm thermal roll. */
export async function bookingTicketsPdf(options: {
  reference: string;
  viewer: Viewer;
  layout?: TicketLayout;
}): Promise<Uint8Array> {
  const row = await loadVisibleBooking(options);
  return ticketsPdf(row, toBookingResponse(row), options.layout);
}

export async function bookingCalendar(options: { reference: string; viewer: Viewer }): Promise<string> {
  return calendar(toBookingResponse(await loadVisibleBooking(options)));
}

/** A cancelled booking keeps its invoice: the supply was invoiced, the refund is separate. */
export async function bookingInvoicePdf(options: {
  reference: string;
  viewer: Viewer;
}): Promise<{ pdf: Uint8Array; filename: string }> {
  return invoicePdf(await loadVisibleBooking(options));
}

/**
 * One of the booking's GST credit notes, by its number as in its URL (BOM1CN2627-00042). Same
 * access as the booking and its invoice; another booking's number is not found.
 */
export async function bookingCreditNotePdf(options: {
  reference: string;
  viewer: Viewer;
  number: string;
}): Promise<{ pdf: Uint8Array; filename: string }> {
  const row = await loadVisibleBooking(options);
  const notes = await db().creditNote.findMany({ where: { bookingId: row.id }, select: creditNoteSelect });
  const note = notes.find((n) => creditNoteSlug(n.creditNoteNumber) === options.number);
  if (!note) throw new AppError('NOT_FOUND', 'This booking has no credit note with that number.');
  return creditNotePdf(row, parsedCreditNote(note));
}

/** The credit note of a refund, as a mail attachment; null when it has none (no tax invoice). */
export async function creditNoteForMail(row: BookingRow, refundId: string): Promise<MailAttachment | null> {
  const note = await db().creditNote.findUnique({ where: { refundId }, select: creditNoteSelect });
  if (!note || note.bookingId !== row.id) return null;
  const { pdf, filename } = await creditNotePdf(row, parsedCreditNote(note));
  return { filename, content: Buffer.from(pdf), contentType: 'application/pdf' };
}

/**
 * The files a booking mail attaches, for the system (the outbox worker), not for a viewer. Each
 * seat's QR code also goes inline, as a PNG the HTML shows by its content id.
 */
export async function documentsForMail(
  row: BookingRow,
  options: { invoice: boolean },
): Promise<BookingDocuments> {
  const b = toBookingResponse(row);
  const [tickets, invoice, qrCodes] = await Promise.all([
    ticketsPdf(row, b),
    options.invoice ? invoicePdf(row) : null,
    Promise.all(
      liveTickets(b).map(async (t) => ({
        filename: `qr-${t.seat.label}.png`,
        content: await QRCode.toBuffer(t.qr, {
          type: 'png',
          errorCorrectionLevel: 'M',
          margin: 2,
          width: 300,
        }),
        contentType: 'image/png',
        cid: `qr-${t.id}@marquee`,
        seat: t.seat.label,
      })),
    ),
  ]);
  return {
    tickets: {
      filename: `tickets-${b.reference}.pdf`,
      content: Buffer.from(tickets),
      contentType: 'application/pdf',
    },
    calendar: {
      filename: `${b.reference}.ics`,
      content: Buffer.from(calendar(b), 'utf8'),
      contentType: 'text/calendar; method=PUBLISH; charset=utf-8',
    },
    invoice: invoice
      ? { filename: invoice.filename, content: Buffer.from(invoice.pdf), contentType: 'application/pdf' }
      : null,
    qrCodes,
  };
}
