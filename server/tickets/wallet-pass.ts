import 'server-only';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PKPass } from 'passkit-generator';
import sharp from 'sharp';
import { AppError } from '@/lib/errors';
import { CATEGORY_LABELS, formatDay, formatTime } from '@/lib/format';
import { ticketCode } from '@/lib/ticket-code';
import type { Prisma } from '@/prisma/generated/client';
import { derivedKey } from '@/server/auth/secret';
import type { Viewer } from '@/server/auth/session';
import { loadVisibleBooking } from '@/server/booking/booking-view';
import { db } from '@/server/db';
import { type Env, env } from '@/server/env';
import { signTicketQr } from '@/server/tickets/ticket-qr';

// "Add to Apple Wallet": one signed .pkpass per seat, an event ticket whose QR code carries the
// same signed payload as the ticket page and the PDF (so the door scanner reads it as it reads
// those), with the ticket code people type as its text, and the show's start as its relevant
// date (Wallet puts it on the lock screen near the time). Signing needs an Apple pass type
// certificate: configuration (server/env.ts, WALLET_*). Without it the feature does not exist.
// Each pass names this server's web service and its own token, so Wallet registers it and fetches
// it again when it changes (server/wallet/, Apple's PassKit web service).

export type WalletConfig = {
  passTypeIdentifier: string;
  teamIdentifier: string;
  organizationName: string;
  certificates: { signerCert: string; signerKey: string; signerKeyPassphrase?: string; wwdr: string };
};

/** PEM text as given, or the contents of the file it names. */
function pem(value: string, name: string): string {
  if (value.includes('-----BEGIN ')) return value.replace(/\\n/g, '\n');
  try {
    return readFileSync(value, 'utf8');
  } catch (error) {
    // The path is configuration, not a secret; the file's contents are never logged.
    throw new Error(`${name}: cannot read the PEM file ${value}`, { cause: error });
  }
}

/** The signing set-up, or null when Wallet passes are not configured (parseEnv: all or none). */
export function walletConfig(config: Env = env()): WalletConfig | null {
  const { WALLET_PASS_TYPE_ID, WALLET_TEAM_ID, WALLET_SIGNER_CERT, WALLET_SIGNER_KEY, WALLET_WWDR_CERT } =
    config;
  if (
    !WALLET_PASS_TYPE_ID ||
    !WALLET_TEAM_ID ||
    !WALLET_SIGNER_CERT ||
    !WALLET_SIGNER_KEY ||
    !WALLET_WWDR_CERT
  ) {
    return null;
  }
  return {
    passTypeIdentifier: WALLET_PASS_TYPE_ID,
    teamIdentifier: WALLET_TEAM_ID,
    organizationName: config.WALLET_ORGANIZATION_NAME,
    certificates: {
      signerCert: pem(WALLET_SIGNER_CERT, 'WALLET_SIGNER_CERT'),
      signerKey: pem(WALLET_SIGNER_KEY, 'WALLET_SIGNER_KEY'),
      signerKeyPassphrase: config.WALLET_SIGNER_KEY_PASSPHRASE,
      wwdr: pem(WALLET_WWDR_CERT, 'WALLET_WWDR_CERT'),
    },
  };
}

export function walletPassesEnabled(): boolean {
  const c = env();
  return Boolean(c.WALLET_PASS_TYPE_ID && c.WALLET_TEAM_ID);
}

let images: Promise<Record<string, Buffer>> | undefined;

/** Wallet's icon (29 pt) and logo (up to 160×50 pt) at 1×–3×, drawn once from the app icon. */
function passImages(): Promise<Record<string, Buffer>> {
  images ??= (async () => {
    const source = readFileSync(path.join(process.cwd(), 'public/icons/icon-512.png'));
    const png = (size: number) => sharp(source).resize(size, size).png().toBuffer();
    const [i1, i2, i3, l1, l2, l3] = await Promise.all([29, 58, 87, 50, 100, 150].map(png));
    return {
      'icon.png': i1 as Buffer,
      'icon@2x.png': i2 as Buffer,
      'icon@3x.png': i3 as Buffer,
      'logo.png': l1 as Buffer,
      'logo@2x.png': l2 as Buffer,
      'logo@3x.png': l3 as Buffer,
    };
  })();
  return images;
}

const passTicketSelect = {
  id: true,
  status: true,
  seat: { select: { rowLabel: true, number: true, category: true } },
  booking: { select: { reference: true, status: true } },
  // The ticket's own show (after a desk move the booking names the new one; this ticket, now
  // cancelled, was for the old).
  showtime: {
    select: {
      id: true,
      startsAt: true,
      endsAt: true,
      status: true,
      format: true,
      language: true,
      movie: { select: { title: true, certificate: true } },
      screen: {
        select: {
          name: true,
          cinema: {
            select: {
              name: true,
              addressLine: true,
              locality: true,
              postalCode: true,
              city: { select: { name: true } },
            },
          },
        },
      },
    },
  },
} satisfies Prisma.TicketSelect;

/** Where Wallet reaches this server's web service, and the pass's token for it. */
export type PassWebService = { url: string; authenticationToken: string };

export type RenderedPass = { pass: Buffer; filename: string };

/**
 * The signed pass of one ticket as it stands now, for whoever the caller has already decided may
 * have it: a cancelled ticket (or booking, or show) gets a voided pass that says so and carries
 * no barcode. Null when there is no such ticket.
 */
export async function renderTicketPass(options: {
  ticketId: string;
  config: WalletConfig;
  webService: PassWebService | null;
}): Promise<RenderedPass | null> {
  const { config } = options;
  const t = await db().ticket.findUnique({ where: { id: options.ticketId }, select: passTicketSelect });
  if (!t) return null;
  const { showtime, booking } = t;
  const cinema = showtime.screen.cinema;
  const label = `${t.seat.rowLabel}${t.seat.number}`;
  const cancelled =
    t.status === 'CANCELLED' || booking.status === 'CANCELLED' || showtime.status === 'CANCELLED';
  const code = ticketCode(booking.reference, label);
  const qr = signTicketQr({
    ticketId: t.id,
    reference: booking.reference,
    showtimeId: showtime.id,
    seatLabel: label,
    startsAt: showtime.startsAt,
  });
  const passJson = {
    formatVersion: 1,
    passTypeIdentifier: config.passTypeIdentifier,
    teamIdentifier: config.teamIdentifier,
    organizationName: config.organizationName,
    serialNumber: t.id,
    description: `${showtime.movie.title}, seat ${label}`,
    logoText: config.organizationName,
    backgroundColor: cancelled ? 'rgb(87, 83, 78)' : 'rgb(194, 65, 12)',
    foregroundColor: 'rgb(255, 255, 255)',
    labelColor: 'rgb(255, 237, 213)',
    // Read from the show as it is now: a moved show moves the lock-screen reminder with it.
    relevantDate: showtime.startsAt.toISOString(),
    expirationDate: showtime.endsAt.toISOString(),
    ...(options.webService
      ? {
          webServiceURL: options.webService.url,
          authenticationToken: options.webService.authenticationToken,
        }
      : {}),
    // Wallet greys a voided pass out and stops surfacing it; the door would refuse it anyway.
    ...(cancelled ? { voided: true } : {}),
    barcodes: cancelled
      ? []
      : [{ format: 'PKBarcodeFormatQR', message: qr, messageEncoding: 'iso-8859-1', altText: code }],
    eventTicket: {
      headerFields: [
        ...(cancelled ? [{ key: 'status', label: 'STATUS', value: 'Cancelled' }] : []),
        { key: 'seat', label: 'SEAT', value: label },
      ],
      primaryFields: [{ key: 'film', label: showtime.movie.certificate, value: showtime.movie.title }],
      secondaryFields: [
        {
          key: 'starts',
          label: 'SHOW',
          value: `${formatDay(showtime.startsAt)}, ${formatTime(showtime.startsAt)}`,
          // Wallet tells the customer on the lock screen when this value changes.
          changeMessage: 'Show time changed: %@',
        },
        { key: 'screen', label: 'SCREEN', value: showtime.screen.name, changeMessage: 'Now in %@' },
      ],
      auxiliaryFields: [
        { key: 'cinema', label: 'CINEMA', value: cinema.name },
        { key: 'category', label: 'CLASS', value: CATEGORY_LABELS[t.seat.category] },
      ],
      backFields: [
        ...(cancelled
          ? [
              {
                key: 'cancelled',
                label: 'Cancelled',
                value: 'This ticket was cancelled; it does not admit anyone.',
              },
            ]
          : []),
        { key: 'code', label: 'Ticket code', value: code },
        { key: 'reference', label: 'Booking', value: booking.reference },
        { key: 'format', label: 'Format', value: `${showtime.format} · ${showtime.language}` },
        {
          key: 'address',
          label: 'Address',
          value: `${cinema.addressLine}, ${cinema.locality}, ${cinema.city.name} ${cinema.postalCode}`,
        },
      ],
    },
  };
  const pass = new PKPass(
    { ...(await passImages()), 'pass.json': Buffer.from(JSON.stringify(passJson)) },
    config.certificates,
  );
  return { pass: pass.getAsBuffer(), filename: `marquee-${booking.reference}-${label}.pkpass` };
}

/**
 * The .pkpass of one ticket. Same access as the booking (its customer, the cinema's staff and
 * managers, admins; anyone else: 404). A cancelled booking or ticket has none (409): a voided
 * pass is only for the devices that already hold it (server/wallet/get-latest-wallet-pass.ts).
 */
export async function ticketWalletPass(options: {
  reference: string;
  ticketId: string;
  viewer: Viewer;
  config?: WalletConfig | null;
}): Promise<{ pass: Buffer; filename: string }> {
  const config = options.config === undefined ? walletConfig() : options.config;
  if (!config) throw walletNotConfigured();
  const row = await loadVisibleBooking({ reference: options.reference, viewer: options.viewer });
  const ticket = row.tickets.find((t) => t.id === options.ticketId);
  if (!ticket) throw new AppError('NOT_FOUND', 'This booking has no such ticket.');
  if (row.status !== 'CONFIRMED' || ticket.status === 'CANCELLED') {
    throw new AppError('CONFLICT', 'This ticket was cancelled; it no longer admits anyone.');
  }
  const rendered = await renderTicketPass({
    ticketId: ticket.id,
    config,
    webService: passWebService(ticket.id),
  });
  if (!rendered) throw new AppError('NOT_FOUND', 'This booking has no such ticket.');
  return { pass: rendered.pass, filename: rendered.filename };
}

export function walletNotConfigured(): AppError {
  return new AppError('NOT_FOUND', 'Apple Wallet passes are not set up on this server.', {
    details: { reason: 'wallet-not-configured' },
  });
}

/**
 * The web service base Wallet calls (Apple appends /v1/...): the app's public origin + /api/wallet.
 * Wallet accepts plain http only on a device with the developer setting "Allow HTTP Services", so
 * a production server reached over http gets passes that install and never update, rather than
 * passes a phone refuses.
 */
export function walletWebServiceUrl(config: Env = env()): string | null {
  const origin = (config.APP_URL ?? process.env.NEXTAUTH_URL ?? `http://localhost:${config.PORT}`).replace(
    /\/$/,
    '',
  );
  if (!origin.startsWith('https://') && config.NODE_ENV === 'production') return null;
  return `${origin}/api/wallet`;
}

/**
 * A pass's authenticationToken: HMAC of its serial number under a key derived from AUTH_SECRET
 * for this purpose only. Nothing to store, one per pass (a token read off one pass opens no
 * other), and the same on every instance.
 */
export function passAuthenticationToken(serialNumber: string): string {
  return createHmac('sha256', derivedKey('wallet-pass')).update(serialNumber).digest('base64url');
}

/** Whether an `Authorization: ApplePass <token>` header carries this pass's token (constant time). */
export function passTokenMatches(authorization: string | null, serialNumber: string): boolean {
  const match = /^ApplePass (\S+)$/.exec(authorization?.trim() ?? '');
  if (!match) return false;
  const sent = createHash('sha256')
    .update(match[1] as string)
    .digest();
  const expected = createHash('sha256').update(passAuthenticationToken(serialNumber)).digest();
  // Hashed first so both sides have one length: timingSafeEqual needs it, and no length leaks.
  return timingSafeEqual(sent, expected);
}

export function passWebService(serialNumber: string): PassWebService | null {
  const url = walletWebServiceUrl();
  return url ? { url, authenticationToken: passAuthenticationToken(serialNumber) } : null;
}
