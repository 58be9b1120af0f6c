import { afterEach, describe, expect, it } from 'vitest';
import { refreshEnv } from '@/server/env';
import { renderMail, TEST_MODE_NOTICE } from '@/server/mail/layout';
import type { MailAttachment } from '@/server/mail/send-mail';
import {
  type BookingSummary,
  bookingCancelledMail,
  bookingConfirmedMail,
  bookingReminderMail,
  emailChangeCodeMail,
  emailChangedMail,
  passwordChangedMail,
  passwordResetMail,
  type RefundNews,
  type Rendered,
  refundFailedMail,
  refundSentence,
  refundSucceededMail,
  verificationCodeMail,
  waitlistOfferedMail,
} from '@/server/mail/templates';

// Every email, rendered as it is sent: HTML that survives Gmail, Outlook and dark mode, a plain
// text part that reads on its own, escaping of anything a person typed, TEST MODE while (and
// only while) payments are the sandbox, and the truth about refunds.

const booking: BookingSummary = {
  reference: 'MQ-7K3F9X2',
  film: 'The Long Night',
  cinema: 'Marquee Saket',
  screen: 'Audi 1',
  startsAt: new Date('2026-12-05T14:00:00Z'),
  seats: ['H11', 'H12'],
  totalMinor: 84_960,
  currency: 'INR',
};

const file = (filename: string, contentType: string): MailAttachment => ({
  filename,
  contentType,
  content: Buffer.from('x'),
});
const qr = (seat: string) => ({ ...file(`qr-${seat}.png`, 'image/png'), cid: `qr-${seat}@marquee`, seat });
const documents = {
  tickets: file('tickets-MQ-7K3F9X2.pdf', 'application/pdf'),
  calendar: file('MQ-7K3F9X2.ics', 'text/calendar; method=PUBLISH; charset=utf-8'),
  invoice: file('invoice-DEL1-2627-00042.pdf', 'application/pdf'),
  qrCodes: [qr('H11'), qr('H12')],
};

const every: [string, () => Promise<Rendered>][] = [
  ['verification code', () => verificationCodeMail({ name: 'Asha Rao', code: '123456' })],
  ['email change code', () => emailChangeCodeMail({ name: 'Asha Rao', code: '654321' })],
  ['email changed', () => emailChangedMail({ name: 'Asha Rao' })],
  [
    'password reset',
    () => passwordResetMail({ name: 'Asha Rao', link: 'https://m.test/reset-password?token=t' }),
  ],
  ['password changed', () => passwordChangedMail({ name: 'Asha Rao' })],
  ['booking confirmed', () => bookingConfirmedMail({ name: 'Asha Rao', booking, documents })],
  ['booking reminder', () => bookingReminderMail({ name: 'Asha Rao', booking, documents })],
  [
    'booking cancelled',
    () =>
      bookingCancelledMail({
        name: 'Asha Rao',
        reference: booking.reference,
        booking,
        refund: { state: 'PENDING', amountMinor: 70_000, currency: 'INR' },
        reason: 'Plans changed',
        byCinema: false,
      }),
  ],
  [
    'refund succeeded',
    () =>
      refundSucceededMail({
        name: 'Asha Rao',
        reference: booking.reference,
        film: booking.film,
        amountMinor: 70_000,
        currency: 'INR',
        cardLast4: '4242',
      }),
  ],
  [
    'refund failed',
    () =>
      refundFailedMail({
        name: 'Asha Rao',
        reference: booking.reference,
        amountMinor: 70_000,
        currency: 'INR',
        cinema: { name: 'Marquee Saket', phone: '+91 11 4605 1200' },
      }),
  ],
  [
    'waitlist offer',
    () => waitlistOfferedMail({ name: 'Asha Rao', film: 'The Long Night', link: 'https://m.test/c/1' }),
  ],
];

function withProvider(provider: 'stripe' | 'sandbox') {
  if (provider === 'stripe') {
    process.env.PAYMENT_PROVIDER = 'stripe';
    process.env.STRIPE_SECRET_KEY = 'sk_test_templates';
  } else {
    delete process.env.PAYMENT_PROVIDER;
    delete process.env.STRIPE_SECRET_KEY;
  }
  refreshEnv();
}

afterEach(() => withProvider('sandbox'));

describe.each(every)('the %s mail', (_name, make) => {
  it('is table-laid HTML with light and dark colour schemes, and a text part without markup', async () => {
    const mail = await make();
    expect(mail.html).toMatch(/^<!DOCTYPE html/);
    expect(mail.html).toContain('<meta name="color-scheme" content="light dark"/>');
    expect(mail.html).toContain('<meta name="supported-color-schemes" content="light dark"/>');
    expect(mail.html).toContain('@media (prefers-color-scheme: dark)');
    expect(mail.html).toMatch(/<table[^>]*role="presentation"/);
    expect(mail.text).toMatch(/^MARQUEE\n/);
    expect(mail.text).toContain('Hi Asha,');
    expect(mail.text).toMatch(/— Marquee$/);
    expect(mail.text).not.toMatch(/<\/?[a-z][^>]*>/i);
    expect(mail.text).not.toMatch(/\n{3}/);
  });

  it('says TEST MODE in the subject, the HTML and the text while payments are the sandbox', async () => {
    const mail = await make();
    expect(mail.subject).toMatch(/^\[TEST MODE\] \S/);
    expect(mail.html).toContain(TEST_MODE_NOTICE);
    expect(mail.text).toContain(TEST_MODE_NOTICE);
  });

  it('says nothing of TEST MODE with real payments', async () => {
    withProvider('stripe');
    const mail = await make();
    expect(mail.subject).not.toContain('TEST MODE');
    expect(mail.html).not.toContain('TEST MODE');
    expect(mail.text).not.toContain('TEST MODE');
  });
});

describe('booking mail', () => {
  it('lists the details as "Label: value" lines and the main link as "Label: URL" in the text part', async () => {
    const mail = await bookingConfirmedMail({ name: 'Asha Rao', booking, documents });
    expect(mail.subject).toBe('[TEST MODE] Your tickets for The Long Night (MQ-7K3F9X2)');
    expect(mail.text).toContain(
      [
        'Booking: MQ-7K3F9X2',
        'Film: The Long Night',
        'When: Sat, 5 Dec, 7:30 pm',
        'Where: Marquee Saket, Audi 1',
        'Seats: H11, H12',
        'Paid: ₹849.60',
      ].join('\n'),
    );
    expect(mail.text).toContain('Your booking and tickets: http://localhost:3000/bookings/MQ-7K3F9X2');
    expect(mail.text).toContain('tickets-MQ-7K3F9X2.pdf');
    expect(mail.text).toContain('invoice-DEL1-2627-00042.pdf');
  });

  it('shows one QR code per seat from its inline attachment, and attaches every file', async () => {
    const mail = await bookingConfirmedMail({ name: 'Asha Rao', booking, documents });
    expect(mail.html).toContain('src="cid:qr-H11@marquee"');
    expect(mail.html).toContain('alt="QR code for seat H12"');
    expect(mail.attachments?.map((a) => a.filename)).toEqual([
      'tickets-MQ-7K3F9X2.pdf',
      'MQ-7K3F9X2.ics',
      'invoice-DEL1-2627-00042.pdf',
      'qr-H11.png',
      'qr-H12.png',
    ]);
    // The QR images are parts of the HTML, not files to download; the seat is only for the alt text.
    expect(mail.attachments?.slice(3).every((a) => a.cid && !('seat' in a))).toBe(true);
  });

  it('escapes what people typed', async () => {
    const evil = '<img src=x onerror=alert(1)> & "Co"';
    const mail = await bookingCancelledMail({
      name: evil,
      reference: booking.reference,
      booking: { ...booking, film: evil },
      refund: { state: 'NONE', amountMinor: 0, currency: 'INR' },
      reason: evil,
      byCinema: true,
    });
    expect(mail.html).not.toContain('<img src=x');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; &quot;Co&quot;');
    // Text is not HTML: there it reads as typed.
    expect(mail.text).toContain(`Film: ${evil}`);
  });

  it('puts a code on a line of its own, and a button as "Label: URL"', async () => {
    expect((await verificationCodeMail({ name: 'Asha Rao', code: '123456' })).text).toMatch(/\n123456\n/);
    expect(
      (await passwordResetMail({ name: 'Asha Rao', link: 'https://m.test/r?token=a&b=c' })).text,
    ).toContain('Choose a new password: https://m.test/r?token=a&b=c');
  });

  it('renders the same spec identically but for TEST MODE', async () => {
    const spec = { subject: 'S', preview: 'P', body: 'Body' };
    const on = await renderMail(spec, { testMode: true });
    const off = await renderMail(spec, { testMode: false });
    expect(on.subject).toBe('[TEST MODE] S');
    expect(off.subject).toBe('S');
    expect(off.text).toBe(on.text.replace(`${TEST_MODE_NOTICE}\n\n`, ''));
  });
});

describe('what the cancellation mail says about money', () => {
  const news = (state: RefundNews['state']): RefundNews => ({ state, amountMinor: 70_000, currency: 'INR' });

  it('is the refund’s state, in words', () => {
    expect(refundSentence(news('NONE'), 'MQ-1')).toBe('No refund is due for this booking.');
    expect(refundSentence(news('DUE'), 'MQ-1')).toMatch(/^A refund of ₹700 is due to you; we will email you/);
    expect(refundSentence(news('PENDING'), 'MQ-1')).toBe(
      '₹700 is being refunded to the card you paid with; we will email you when it is done.',
    );
    expect(refundSentence(news('SUCCEEDED'), 'MQ-1')).toMatch(
      /^₹700 has been refunded to the card you paid with;/,
    );
    expect(refundSentence(news('FAILED'), 'MQ-1')).toBe(
      'We could not refund ₹700 automatically. The cinema has been alerted and will resolve it; quote MQ-1 if you contact them.',
    );
  });

  it('never says a failed refund is on its way', async () => {
    const mail = await bookingCancelledMail({
      name: null,
      reference: 'MQ-1',
      booking,
      refund: news('FAILED'),
      reason: null,
      byCinema: false,
    });
    for (const part of [mail.text, mail.html, mail.subject]) {
      expect(part).not.toMatch(/on its way|being refunded|has been refunded/);
    }
    expect(mail.text).toContain('We could not refund ₹700 automatically.');
  });
});
