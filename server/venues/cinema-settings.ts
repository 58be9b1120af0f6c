import 'server-only';
import type { CinemaSettingsView } from '@/lib/schemas/cinemas';
import type { Prisma } from '@/prisma/generated/client';

// What the admin pages and the REST API read of a cinema's settings: one select, one mapping.

export const CINEMA_SETTINGS_SELECT = {
  id: true,
  slug: true,
  name: true,
  addressLine: true,
  locality: true,
  postalCode: true,
  latitude: true,
  longitude: true,
  timeZone: true,
  phone: true,
  amenities: true,
  gstin: true,
  legalName: true,
  invoicePrefix: true,
  bookingFeeMinor: true,
  taxRateBps: true,
  cancellationCutoffMins: true,
  orphanSeatRule: true,
  wheelchairReleaseMinutes: true,
  updatedAt: true,
  city: { select: { id: true, name: true, state: true, slug: true } },
} satisfies Prisma.CinemaSelect;

type Row = Prisma.CinemaGetPayload<{ select: typeof CINEMA_SETTINGS_SELECT }>;

export function toSettingsView(row: Row): CinemaSettingsView {
  return { ...row, updatedAt: row.updatedAt.toISOString() };
}

/** The settings as audited: what a manager can change, without ids or timestamps. */
export function auditedSettings(row: Row): Record<string, unknown> {
  const { id: _id, slug: _slug, updatedAt: _at, city: _city, ...settings } = row;
  return settings;
}
