import { z } from 'zod';
import { cancelShowtimeRequestSchema } from '@/lib/schemas/booking';
import { creditNoteRefSchema } from '@/lib/schemas/invoice';
import { text } from '@/lib/schemas/text';

export const checkInRequestSchema = z.object({
  /** A scanned QR payload, or the ticket code printed under it (MQ-7K3F9X2-D6). */
  qr: text().trim().min(10, 'Scan the QR code, or type the code printed under it').max(500),
  /** Which door this check-in screen stands at ("Door 2"), told to whoever scans a used ticket again. */
  door: text().trim().max(40, 'At most 40 characters').optional(),
});

export const cancelShowtimeActionSchema = cancelShowtimeRequestSchema.extend({ showtimeId: z.uuid() });

export const auditQuerySchema = z.object({
  cinemaId: z.union([z.uuid(), z.literal('')]).optional(),
  action: text().trim().max(64).optional(),
  entityType: text().trim().max(64).optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});

const refundStatusSchema = z.enum(['PENDING', 'SUCCEEDED', 'FAILED']);

export const refundListQuerySchema = z.object({
  /** Default: the ones that need a person. */
  status: refundStatusSchema.default('FAILED'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const refundRowSchema = z.object({
  id: z.uuid(),
  status: refundStatusSchema,
  amountMinor: z.number().int(),
  currency: z.string(),
  reason: z.string(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
  /** Null for a reversal: a charge whose booking could not be made. */
  bookingReference: z.string().nullable(),
  customer: z.object({ name: z.string().nullable(), email: z.string().nullable() }),
  showtime: z.object({ id: z.uuid(), startsAt: z.iso.datetime(), movieTitle: z.string() }),
  cinema: z.object({ id: z.uuid(), name: z.string() }),
  /** Paid at the box office: the money goes back over the counter, not to a card. */
  atCounter: z.boolean(),
  /** Its GST credit note; null where none was issued (a reversal, a cinema without a GSTIN). */
  creditNote: creditNoteRefSchema.nullable(),
});
export type RefundRow = z.infer<typeof refundRowSchema>;

export const counterRefundSettledSchema = z.object({
  id: z.uuid(),
  status: z.literal('SUCCEEDED'),
  /** The till it was paid from (null: card terminal or UPI with no till open). */
  tillId: z.uuid().nullable(),
});

export const refundIdSchema = z.object({ id: z.uuid() });

/** What cancelling a showtime would do, shown before it is confirmed. */
export const cancelShowtimePreviewSchema = z.object({
  showtimeId: z.uuid(),
  /** Confirmed bookings that would be cancelled, each refunded in full. */
  bookings: z.number().int().nonnegative(),
  tickets: z.number().int().nonnegative(),
  /** The money that would go back, in paise. */
  refundMinor: z.number().int().nonnegative(),
  /** Holds in progress (people choosing seats or paying) that would be released. */
  holds: z.number().int().nonnegative(),
});
export type CancelShowtimePreview = z.output<typeof cancelShowtimePreviewSchema>;

export const showtimeRefSchema = z.object({ showtimeId: z.uuid() });

/** The dashboard's filters, from its address (every one optional; a bad one is dropped). */
export const dashboardQuerySchema = z.object({
  cinemaId: z.uuid().optional().catch(undefined),
  movieId: z.uuid().optional().catch(undefined),
  date: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type DashboardQuery = z.output<typeof dashboardQuerySchema>;
