import 'server-only';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { env } from '@/server/env';
import { Action, Code, Details, Notice, P, QrCodes, type Rendered, renderMail } from '@/server/mail/layout';
import type { MailAttachment } from '@/server/mail/send-mail';

// Every email Marquee sends, as React Email components: plain, honest mail that says what
// happened, what is attached and what to do next. renderMail (layout.tsx) makes the HTML and the
// plain-text part from the same markup and adds TEST MODE when payments are the sandbox.

export type { Rendered } from '@/server/mail/layout';

export function appUrl(): string {
  return (env().APP_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${env().PORT}`).replace(/\/$/, '');
}

const hi = (name: string | null | undefined) => (name ? `Hi ${name.split(' ')[0]},` : 'Hi,');

// ─── Account ─────────────────────────────────────────────────────────────────

export function verificationCodeMail(o: { name: string; code: string }): Promise<Rendered> {
  return renderMail({
    subject: 'Your Marquee verification code',
    preview: `Your code is ${o.code}. It expires in 10 minutes.`,
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>Enter this code to verify your email address. It expires in 10 minutes.</P>
        <Code>{o.code}</Code>
        <P>If you did not create a Marquee account, ignore this email: nothing happens without the code.</P>
      </>
    ),
  });
}

export function emailChangeCodeMail(o: { name: string; code: string }): Promise<Rendered> {
  return renderMail({
    subject: 'Confirm your new email address',
    preview: `Your code is ${o.code}. It expires in 10 minutes.`,
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          Enter this code on your Marquee account page to make this your sign-in address. It expires in 10
          minutes.
        </P>
        <Code>{o.code}</Code>
        <P>If you did not ask for this, ignore this email: your account stays as it is.</P>
      </>
    ),
  });
}

export function emailChangedMail(o: { name: string }): Promise<Rendered> {
  return renderMail({
    subject: 'Your Marquee email address was changed',
    preview: 'This address no longer signs in to Marquee.',
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          The sign-in address of your Marquee account was just changed, and this address no longer signs in.
        </P>
        <P>If this was not you, reply to this email or contact the cinema at once.</P>
      </>
    ),
  });
}

export function passwordResetMail(o: { name: string; link: string }): Promise<Rendered> {
  return renderMail({
    subject: 'Reset your Marquee password',
    preview: 'The link works once, for 30 minutes.',
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          Someone (hopefully you) asked to reset the password of your Marquee account. The link works once,
          for 30 minutes.
        </P>
        <Action href={o.link}>Choose a new password</Action>
        <P>If you did not ask for this, ignore this email: your password stays as it is.</P>
      </>
    ),
  });
}

export function passwordChangedMail(o: { name: string }): Promise<Rendered> {
  return renderMail({
    subject: 'Your Marquee password was changed',
    preview: 'Every other device was signed out.',
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>The password of your Marquee account was just changed, and every other device was signed out.</P>
        <P>If this was not you, reset your password now and contact the cinema.</P>
        <Action href={`${appUrl()}/reset-password`}>Reset your password</Action>
      </>
    ),
  });
}

// ─── Bookings ────────────────────────────────────────────────────────────────

export type BookingSummary = {
  reference: string;
  film: string;
  cinema: string;
  screen: string;
  startsAt: Date;
  seats: string[];
  totalMinor: number;
  currency: string;
};

function bookingRows(b: BookingSummary, paid = true): [string, string][] {
  const rows: [string, string][] = [
    ['Booking', b.reference],
    ['Film', b.film],
    ['When', `${formatDay(b.startsAt)}, ${formatTime(b.startsAt)}`],
    ['Where', `${b.cinema}, ${b.screen}`],
    ['Seats', b.seats.join(', ')],
  ];
  if (paid) rows.push(['Paid', formatMoney(b.totalMinor, b.currency)]);
  return rows;
}

const bookingLink = (reference: string) => `${appUrl()}/bookings/${reference}`;

/** What a booking mail carries: the files, and one inline QR image per seat. */
export type BookingDocuments = {
  tickets: MailAttachment;
  calendar: MailAttachment;
  /** Null only when the invoice could not be issued (the mail still goes out). */
  invoice: MailAttachment | null;
  qrCodes: (MailAttachment & { cid: string; seat: string })[];
};

function attachmentsOf(d: BookingDocuments): MailAttachment[] {
  return [
    d.tickets,
    d.calendar,
    ...(d.invoice ? [d.invoice] : []),
    ...d.qrCodes.map(({ seat: _, ...a }) => a),
  ];
}

export function bookingConfirmedMail(o: {
  name: string | null;
  booking: BookingSummary;
  documents: BookingDocuments;
}): Promise<Rendered> {
  const b = o.booking;
  const d = o.documents;
  return renderMail({
    subject: `Your tickets for ${b.film} (${b.reference})`,
    preview: `${b.film} · ${formatDay(b.startsAt)}, ${formatTime(b.startsAt)} · ${b.cinema} · Seats ${b.seats.join(', ')}`,
    attachments: attachmentsOf(d),
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          Your booking is confirmed. Show a QR code at the entrance, on your phone or printed: there is one
          per seat, below and in the attached PDF.
        </P>
        <Details rows={bookingRows(b)} />
        <QrCodes codes={d.qrCodes} />
        <P>
          Attached: your tickets ({d.tickets.filename}), the show for your calendar ({d.calendar.filename})
          {d.invoice ? ` and your GST tax invoice (${d.invoice.filename})` : ''}.
        </P>
        <Action href={bookingLink(b.reference)}>Your booking and tickets</Action>
      </>
    ),
  });
}

export function bookingReminderMail(o: {
  name: string | null;
  booking: BookingSummary;
  documents: Pick<BookingDocuments, 'tickets' | 'qrCodes'>;
}): Promise<Rendered> {
  const b = o.booking;
  const d = o.documents;
  const when = `${formatTime(b.startsAt)} on ${formatDay(b.startsAt)}`;
  return renderMail({
    subject: `Reminder: ${b.film} starts at ${when}`,
    preview: `${b.cinema}, ${b.screen} · Seats ${b.seats.join(', ')}`,
    attachments: [d.tickets, ...d.qrCodes.map(({ seat: _, ...a }) => a)],
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          {b.film} starts at {when} at {b.cinema}. Your QR codes are below and in the attached PDF: show them
          at the entrance.
        </P>
        <Details rows={bookingRows(b, false)} />
        <QrCodes codes={d.qrCodes} />
        <Action href={bookingLink(b.reference)}>Your booking and tickets</Action>
      </>
    ),
  });
}

/**
 * Where a cancelled booking's money stands, read from its refund row when the mail is rendered:
 * NONE (nothing is due), DUE (due, but no refund recorded yet), or the refund's own status.
 */
export type RefundNews = {
  state: 'NONE' | 'DUE' | 'PENDING' | 'SUCCEEDED' | 'FAILED';
  amountMinor: number;
  currency: string;
};

/** The one sentence about money. Never "on its way" unless it is. */
export function refundSentence(refund: RefundNews, reference: string): string {
  const amount = formatMoney(refund.amountMinor, refund.currency);
  switch (refund.state) {
    case 'NONE':
      return 'No refund is due for this booking.';
    case 'DUE':
      return `A refund of ${amount} is due to you; we will email you when it has been made.`;
    case 'PENDING':
      return `${amount} is being refunded to the card you paid with; we will email you when it is done.`;
    case 'SUCCEEDED':
      return `${amount} has been refunded to the card you paid with; banks usually take 5–7 working days to show it.`;
    case 'FAILED':
      return `We could not refund ${amount} automatically. The cinema has been alerted and will resolve it; quote ${reference} if you contact them.`;
  }
}

/** The sentence that goes with an attached credit note. */
function CreditNoteLine({ file, owed = false }: { file: MailAttachment; owed?: boolean }) {
  return (
    <P>
      Attached: the GST credit note for this refund ({file.filename}), which reduces your tax invoice by what
      {owed ? ' is owed back to you.' : ' was refunded.'}
    </P>
  );
}

export function bookingCancelledMail(o: {
  name: string | null;
  reference: string;
  booking: BookingSummary | null;
  refund: RefundNews;
  reason: string | null;
  byCinema: boolean;
  /** The refund's GST credit note, attached; null when none was issued. */
  creditNote?: MailAttachment | null;
}): Promise<Rendered> {
  const money = refundSentence(o.refund, o.reference);
  return renderMail({
    subject: `Booking ${o.reference} cancelled`,
    preview: money,
    ...(o.creditNote ? { attachments: [o.creditNote] } : {}),
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          {o.byCinema
            ? 'We are sorry: the cinema cancelled this show, and your booking with it.'
            : 'Your booking is cancelled, as you asked.'}
        </P>
        {o.reason ? <P>Reason: {o.reason}</P> : null}
        {o.booking ? <Details rows={bookingRows(o.booking, false)} /> : null}
        {o.refund.state === 'FAILED' ? <Notice tone="warn">{money}</Notice> : <P>{money}</P>}
        {o.creditNote ? <CreditNoteLine file={o.creditNote} /> : null}
        <Action href={bookingLink(o.reference)}>Your booking</Action>
      </>
    ),
  });
}

export function refundSucceededMail(o: {
  name: string | null;
  /** Null for a reversal: a charge whose booking could not be made. */
  reference: string | null;
  film: string | null;
  amountMinor: number;
  currency: string;
  cardLast4: string | null;
  /** The refund's GST credit note, attached; null when none was issued. */
  creditNote?: MailAttachment | null;
}): Promise<Rendered> {
  const amount = formatMoney(o.amountMinor, o.currency);
  const card = o.cardLast4 ? `the card ending ${o.cardLast4}` : 'the card you paid with';
  return renderMail({
    ...(o.creditNote ? { attachments: [o.creditNote] } : {}),
    subject: o.reference
      ? `Your refund of ${amount} for ${o.reference} is done`
      : `Your refund of ${amount} is done`,
    preview: `${amount} has been refunded to ${card}.`,
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          {amount} has been refunded to {card}
          {o.film ? ` for ${o.reference ? 'your booking of ' : ''}${o.film}` : ''}. Banks usually take 5–7
          working days to show it on your statement.
        </P>
        {o.creditNote ? <CreditNoteLine file={o.creditNote} /> : null}
        {o.reference ? (
          <>
            <Details rows={[['Booking', o.reference]]} />
            <Action href={bookingLink(o.reference)}>Your booking</Action>
          </>
        ) : null}
      </>
    ),
  });
}

export function refundFailedMail(o: {
  /** The refund's GST credit note, attached; null when none was issued. */
  creditNote?: MailAttachment | null;
  name: string | null;
  /** Null for a reversal: a charge whose booking could not be made. */
  reference: string | null;
  amountMinor: number;
  currency: string;
  cinema: { name: string; phone: string | null } | null;
}): Promise<Rendered> {
  const amount = formatMoney(o.amountMinor, o.currency);
  const rows: [string, string][] = o.reference ? [['Booking', o.reference]] : [];
  if (o.cinema) rows.push(['Cinema', o.cinema.phone ? `${o.cinema.name}, ${o.cinema.phone}` : o.cinema.name]);
  const quote = o.reference ? `; quote ${o.reference} if you contact them` : '';
  return renderMail({
    subject: `We could not refund ${amount}${o.reference ? ` for ${o.reference}` : ''} automatically`,
    preview: 'The cinema has been alerted and will resolve it.',
    ...(o.creditNote ? { attachments: [o.creditNote] } : {}),
    body: (
      <>
        <P>{hi(o.name)}</P>
        <Notice tone="warn">
          We could not refund {amount} automatically. The cinema has been alerted and will resolve it{quote}.
        </Notice>
        <P>
          Nothing is lost: the refund is recorded against your {o.reference ? 'booking' : 'payment'}, and
          nobody will ask you to pay again.
        </P>
        {o.creditNote ? <CreditNoteLine file={o.creditNote} owed /> : null}
        {rows.length ? <Details rows={rows} /> : null}
        {o.reference ? <Action href={bookingLink(o.reference)}>Your booking</Action> : null}
      </>
    ),
  });
}

/** A charge whose booking could not be made (the hold ended first, the show was cancelled): all of it back. */
export function paymentReversedMail(o: {
  name: string | null;
  film: string | null;
  startsAt: Date | null;
  amountMinor: number;
  currency: string;
  refund: 'PENDING' | 'SUCCEEDED' | 'FAILED';
}): Promise<Rendered> {
  const amount = formatMoney(o.amountMinor, o.currency);
  const what = o.film
    ? `${o.film}${o.startsAt ? `, ${formatDay(o.startsAt)} ${formatTime(o.startsAt)}` : ''}`
    : 'your show';
  const money =
    o.refund === 'SUCCEEDED'
      ? `${amount} has been refunded to the card you paid with; banks usually take 5–7 working days to show it.`
      : o.refund === 'PENDING'
        ? `${amount} is being refunded to the card you paid with; we will email you if anything needs attention.`
        : `We could not refund ${amount} automatically. The cinema has been alerted and will resolve it.`;
  return renderMail({
    subject: `Your payment of ${amount} was not used and is being returned`,
    preview: money,
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>
          We could not complete your booking for {what}: your seats were no longer held (or the show was
          cancelled) by the time your payment went through. You have no booking and pay nothing.
        </P>
        {o.refund === 'FAILED' ? <Notice tone="warn">{money}</Notice> : <P>{money}</P>}
        <Action href={appUrl()}>Find another show</Action>
      </>
    ),
  });
}

// ─── Waitlist ────────────────────────────────────────────────────────────────

export function waitlistOfferedMail(o: {
  name: string | null;
  film: string | null;
  link: string;
}): Promise<Rendered> {
  return renderMail({
    subject: `Seats are free${o.film ? ` for ${o.film}` : ''}`,
    preview: 'They are held for you for a short time.',
    body: (
      <>
        <P>{hi(o.name)}</P>
        <P>Seats you were waiting for are held for you for a short time. Book them before the hold ends.</P>
        <Action href={o.link}>Book the seats</Action>
      </>
    ),
  });
}

// ─── Staff ───────────────────────────────────────────────────────────────────

export function staffInvitationMail(o: {
  invitedBy: string | null;
  role: 'STAFF' | 'MANAGER';
  cinemas: string[];
  link: string;
  expiresAt: Date;
}): Promise<Rendered> {
  const where = o.cinemas.join(', ');
  const as = o.role === 'MANAGER' ? 'a manager' : 'staff';
  return renderMail({
    subject: `You are invited to work at ${where} on Marquee`,
    preview: `Join as ${as}. The link works once, until ${formatDay(o.expiresAt)}.`,
    body: (
      <>
        <P>Hi,</P>
        <P>
          {o.invitedBy ?? 'A Marquee admin'} invited you to join {where} as {as}
          {o.role === 'MANAGER'
            ? ': you will run its shows, screens, refunds and staff.'
            : ': you will check tickets in at the door.'}
        </P>
        <Details
          rows={[
            ['Cinemas', where],
            ['Role', o.role === 'MANAGER' ? 'Manager' : 'Staff'],
            ['Accept by', `${formatDay(o.expiresAt)}, ${formatTime(o.expiresAt)}`],
          ]}
        />
        <Action href={o.link}>Accept the invitation</Action>
        <P>
          Accept it signed in with this address, or create your account with it on the way. The link works
          once. If you did not expect this, ignore this email: nothing changes without you.
        </P>
      </>
    ),
  });
}
