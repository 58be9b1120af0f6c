import 'server-only';
import { formatDay, formatMoney, formatTime } from '@/lib/format';
import { env } from '@/server/env';
import type { Mail } from '@/server/mail/send-mail';

// Plain, honest emails: a text part that reads well on its own and a simple HTML twin. Anything
// that came from a person (names, film titles, reasons) is escaped in the HTML.

export type Rendered = Omit<Mail, 'to'>;

export function appUrl(): string {
  return (env().APP_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${env().PORT}`).replace(/\/$/, '');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

type Block =
  | { p: string }
  | { code: string }
  | { link: { href: string; label: string } }
  | { rows: [string, string][] };

function render(subject: string, greeting: string, blocks: Block[]): Rendered {
  const text: string[] = [greeting, ''];
  const html: string[] = [`<p>${esc(greeting)}</p>`];
  for (const b of blocks) {
    if ('p' in b) {
      text.push(b.p, '');
      html.push(`<p>${esc(b.p)}</p>`);
    } else if ('code' in b) {
      text.push(`    ${b.code}`, '');
      html.push(
        `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;font-family:monospace">${esc(b.code)}</p>`,
      );
    } else if ('link' in b) {
      text.push(`${b.link.label}: ${b.link.href}`, '');
      html.push(`<p><a href="${esc(b.link.href)}">${esc(b.link.label)}</a></p>`);
    } else {
      for (const [k, v] of b.rows) text.push(`${k}: ${v}`);
      text.push('');
      html.push(
        `<table>${b.rows.map(([k, v]) => `<tr><td style="padding-right:12px;color:#555">${esc(k)}</td><td>${esc(v)}</td></tr>`).join('')}</table>`,
      );
    }
  }
  text.push('— Marquee');
  html.push('<p>— Marquee</p>');
  return {
    subject,
    text: text.join('\n'),
    html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;line-height:1.5;max-width:560px">${html.join('\n')}</body></html>`,
  };
}

const hi = (name: string | null | undefined) => (name ? `Hi ${name.split(' ')[0]},` : 'Hi,');

export function verificationCodeMail(o: { name: string; code: string }): Rendered {
  return render('Your Marquee verification code', hi(o.name), [
    { p: 'Enter this code to verify your email address. It expires in 10 minutes.' },
    { code: o.code },
    { p: 'If you did not create a Marquee account, ignore this email: nothing happens without the code.' },
  ]);
}

export function emailChangeCodeMail(o: { name: string; code: string }): Rendered {
  return render('Confirm your new email address', hi(o.name), [
    {
      p: 'Enter this code on your Marquee account page to make this your sign-in address. It expires in 10 minutes.',
    },
    { code: o.code },
    { p: 'If you did not ask for this, ignore this email: your account stays as it is.' },
  ]);
}

export function emailChangedMail(o: { name: string }): Rendered {
  return render('Your Marquee email address was changed', hi(o.name), [
    {
      p: 'The sign-in address of your Marquee account was just changed, and this address no longer signs in.',
    },
    { p: 'If this was not you, reply to this email or contact the cinema at once.' },
  ]);
}

export function passwordResetMail(o: { name: string; link: string }): Rendered {
  return render('Reset your Marquee password', hi(o.name), [
    {
      p: 'Someone (hopefully you) asked to reset the password of your Marquee account. The link works once, for 30 minutes.',
    },
    { link: { href: o.link, label: 'Choose a new password' } },
    { p: 'If you did not ask for this, ignore this email: your password stays as it is.' },
  ]);
}

export function passwordChangedMail(o: { name: string }): Rendered {
  return render('Your Marquee password was changed', hi(o.name), [
    { p: 'The password of your Marquee account was just changed, and every other device was signed out.' },
    { p: 'If this was not you, reset your password now and contact the cinema.' },
    { link: { href: `${appUrl()}/reset-password`, label: 'Reset your password' } },
  ]);
}

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

function bookingRows(b: BookingSummary): [string, string][] {
  return [
    ['Booking', b.reference],
    ['Film', b.film],
    ['When', `${formatDay(b.startsAt)}, ${formatTime(b.startsAt)}`],
    ['Where', `${b.cinema}, ${b.screen}`],
    ['Seats', b.seats.join(', ')],
    ['Paid', formatMoney(b.totalMinor, b.currency)],
  ];
}

export function bookingConfirmedMail(o: { name: string | null; booking: BookingSummary }): Rendered {
  return render(`Your tickets for ${o.booking.film} (${o.booking.reference})`, hi(o.name), [
    { p: 'Your booking is confirmed. Show the QR codes on your booking page at the entrance.' },
    { rows: bookingRows(o.booking) },
    { link: { href: `${appUrl()}/bookings/${o.booking.reference}`, label: 'Your booking and tickets' } },
  ]);
}

export function bookingCancelledMail(o: {
  name: string | null;
  reference: string;
  booking: BookingSummary | null;
  refundMinor: number;
  reason: string | null;
  byCinema: boolean;
}): Rendered {
  const blocks: Block[] = [
    {
      p: o.byCinema
        ? 'We are sorry: the cinema cancelled this show, and your booking with it.'
        : 'Your booking is cancelled, as you asked.',
    },
  ];
  if (o.reason) blocks.push({ p: `Reason: ${o.reason}` });
  if (o.booking) blocks.push({ rows: bookingRows(o.booking).filter(([k]) => k !== 'Paid') });
  blocks.push({
    p:
      o.refundMinor > 0
        ? `A refund of ${formatMoney(o.refundMinor, o.booking?.currency)} is on its way to the card you paid with; banks usually take 5–7 working days.`
        : 'No refund is due for this booking.',
  });
  blocks.push({ link: { href: `${appUrl()}/bookings/${o.reference}`, label: 'Your booking' } });
  return render(`Booking ${o.reference} cancelled`, hi(o.name), blocks);
}

export function waitlistOfferedMail(o: { name: string | null; film: string | null; link: string }): Rendered {
  return render(`Seats are free${o.film ? ` for ${o.film}` : ''}`, hi(o.name), [
    { p: 'Seats you were waiting for are held for you for a short time. Book them before the hold ends.' },
    { link: { href: o.link, label: 'Book the seats' } },
  ]);
}
