import { z } from 'zod';
import { checkInRequestSchema } from '@/lib/schemas/admin';

// Offline check-in: a door device downloads a show's tickets before the doors open, checks scans
// against that list while the network is down, and sends what it admitted when it is back. The
// list carries what a doorman needs to decide and to say (seat, code, name, state), never the
// key that signs QR codes: offline, a QR code is matched by the ticket id it carries.

export const offlineTicketSchema = z.object({
  ticketId: z.uuid(),
  seat: z.string(),
  /** The code printed under the ticket's QR (lib/ticket-code.ts). */
  code: z.string(),
  reference: z.string(),
  customer: z.string().nullable(),
  status: z.enum(['VALID', 'CHECKED_IN']),
  checkedInAt: z.iso.datetime().nullable(),
  door: z.string().nullable(),
});
export type OfflineTicket = z.infer<typeof offlineTicketSchema>;

export const offlineDoorListSchema = z.object({
  showtime: z.object({
    id: z.uuid(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    /** Doors open this long before the show (the server's rule, repeated offline). */
    doorsOpenAt: z.iso.datetime(),
    movie: z.string(),
    screen: z.string(),
    cinema: z.string(),
    timeZone: z.string(),
  }),
  /** Live tickets, in seat order (a cancelled ticket is not on the list, so offline it is refused). */
  tickets: z.array(offlineTicketSchema),
  downloadedAt: z.iso.datetime(),
});
export type OfflineDoorList = z.infer<typeof offlineDoorListSchema>;

export const offlineScanSchema = checkInRequestSchema.extend({
  /** Made by the device, so a sync sent twice is recognised. */
  id: z.uuid(),
  /** When the door device admitted it (the device's clock; a time ahead of the server's is taken as now). */
  scannedAt: z.iso.datetime(),
});
export type OfflineScan = z.infer<typeof offlineScanSchema>;

export const syncCheckInsRequestSchema = z.object({
  scans: z.array(offlineScanSchema).min(1).max(500),
});

export const showtimeCheckInsActionSchema = syncCheckInsRequestSchema.extend({ showtimeId: z.uuid() });
export const showtimeIdActionSchema = z.object({ showtimeId: z.uuid() });

export const syncedScanSchema = z.object({
  id: z.uuid(),
  /**
   * `admitted`: this scan checked the ticket in (or had, in a sync sent before). `conflict`: the
   * ticket had already come in another way (another door, another device, online): the person was
   * let in twice on one ticket. `refused`: the server would not have admitted it (cancelled, not
   * this show, not a Marquee ticket, outside door hours).
   */
  outcome: z.enum(['admitted', 'conflict', 'refused']),
  message: z.string(),
  reason: z.string().nullable(),
  ticketId: z.uuid().nullable(),
  seat: z.string().nullable(),
  code: z.string().nullable(),
  /** When the ticket was checked in, as the server keeps it (the first check-in). */
  checkedInAt: z.iso.datetime().nullable(),
  door: z.string().nullable(),
});
export type SyncedScan = z.infer<typeof syncedScanSchema>;

export const syncCheckInsResponseSchema = z.object({
  results: z.array(syncedScanSchema),
  admitted: z.number().int(),
  conflicts: z.number().int(),
  refused: z.number().int(),
});
export type SyncCheckInsResult = z.infer<typeof syncCheckInsResponseSchema>;

export const scannerFileParamsSchema = z.object({
  file: z.string().regex(/^zxing_reader-\d+\.\d+\.\d+\.wasm$/, 'Not a scanner file'),
});
