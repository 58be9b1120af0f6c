import 'server-only';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PKPass } from 'passkit-generator';
import sharp from 'sharp';
import { AppError } from '@/lib/errors';
import { CATEGORY_LABELS, formatDay, formatTime } from '@/lib/format';
import { ticketCode } from '@/lib/ticket-code';
import type { Viewer } from '@/server/auth/session';
import { loadVisibleBooking, toBookingResponse } from '@/server/booking/booking-view';
import { type Env, env } from '@/server/env';

// "Add to Apple Wallet": one signed .pkpass per seat, an event ticket whose QR code carries the
// same signed payload as the ticket page and the PDF (so the door scanner reads it as it reads
// those), with the ticket code people type as its text, and the show's start as its relevant
// date (Wallet puts it on the lock screen near the time). Signing needs an Apple pass type
// certificate: configuration (server/env.ts, WALLET_*). Without it the feature does not exist.

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

/**
 * The .pkpass of one ticket. Same access as the booking (its customer, the cinema's staff and
 * managers, admins; anyone else: 404). A cancelled booking or ticket has none (409).
 */
export async function ticketWalletPass(options: {
  reference: string;
  ticketId: string;
  viewer: Viewer;
  config?: WalletConfig | null;
}): Promise<{ pass: Buffer; filename: string }> {
  const config = options.config === undefined ? walletConfig() : options.config;
  if (!config) {
    throw new AppError('NOT_FOUND', 'Apple Wallet passes are not set up on this server.', {
      details: { reason: 'wallet-not-configured' },
    });
  }
  const row = await loadVisibleBooking({ reference: options.reference, viewer: options.viewer });
  const b = toBookingResponse(row);
  const ticket = b.tickets.find((t) => t.id === options.ticketId);
  if (!ticket) throw new AppError('NOT_FOUND', 'This booking has no such ticket.');
  if (b.status !== 'CONFIRMED' || ticket.status === 'CANCELLED') {
    throw new AppError('CONFLICT', 'This ticket was cancelled; it no longer admits anyone.');
  }
  const { showtime } = b;
  const code = ticketCode(b.reference, ticket.seat.label);
  const passJson = {
    formatVersion: 1,
    passTypeIdentifier: config.passTypeIdentifier,
    teamIdentifier: config.teamIdentifier,
    organizationName: config.organizationName,
    serialNumber: ticket.id,
    description: `${showtime.movie.title}, seat ${ticket.seat.label}`,
    logoText: config.organizationName,
    backgroundColor: 'rgb(194, 65, 12)',
    foregroundColor: 'rgb(255, 255, 255)',
    labelColor: 'rgb(255, 237, 213)',
    relevantDate: showtime.startsAt,
    expirationDate: showtime.endsAt,
    barcodes: [
      { format: 'PKBarcodeFormatQR', message: ticket.qr, messageEncoding: 'iso-8859-1', altText: code },
    ],
    eventTicket: {
      headerFields: [{ key: 'seat', label: 'SEAT', value: ticket.seat.label }],
      primaryFields: [{ key: 'film', label: showtime.movie.certificate, value: showtime.movie.title }],
      secondaryFields: [
        {
          key: 'starts',
          label: 'SHOW',
          value: `${formatDay(showtime.startsAt)}, ${formatTime(showtime.startsAt)}`,
        },
        { key: 'screen', label: 'SCREEN', value: showtime.screen },
      ],
      auxiliaryFields: [
        { key: 'cinema', label: 'CINEMA', value: showtime.cinema.name },
        { key: 'category', label: 'CLASS', value: CATEGORY_LABELS[ticket.seat.category] },
      ],
      backFields: [
        { key: 'code', label: 'Ticket code', value: code },
        { key: 'reference', label: 'Booking', value: b.reference },
        { key: 'format', label: 'Format', value: `${showtime.format} · ${showtime.language}` },
        { key: 'address', label: 'Address', value: showtime.cinema.address },
      ],
    },
  };
  const pass = new PKPass(
    { ...(await passImages()), 'pass.json': Buffer.from(JSON.stringify(passJson)) },
    config.certificates,
  );
  return { pass: pass.getAsBuffer(), filename: `marquee-${b.reference}-${ticket.seat.label}.pkpass` };
}
