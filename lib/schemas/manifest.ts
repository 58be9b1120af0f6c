import { z } from 'zod';

// GET /api/v1/showtimes/{id}/manifest: who sits where at one show, for the door and the desk.

export const manifestTicketSchema = z.object({
  ticketId: z.uuid(),
  seat: z.string(),
  rowIndex: z.number().int(),
  col: z.number().int(),
  /** The code printed under the ticket's QR (lib/ticket-code.ts). */
  code: z.string(),
  reference: z.string(),
  customer: z.string().nullable(),
  /** Only for managers and admins: door staff need names, not addresses. */
  email: z.string().nullable(),
  status: z.enum(['VALID', 'CHECKED_IN']),
  checkedInAt: z.iso.datetime().nullable(),
  door: z.string().nullable(),
});

export const manifestSchema = z.object({
  showtime: z.object({
    id: z.uuid(),
    startsAt: z.iso.datetime(),
    endsAt: z.iso.datetime(),
    status: z.enum(['SCHEDULED', 'CANCELLED']),
    movie: z.string(),
    screen: z.string(),
    cinema: z.string(),
    timeZone: z.string(),
  }),
  /** Live tickets (cancelled ones are not on a door list), in seat order. */
  tickets: z.array(manifestTicketSchema),
  checkedIn: z.number().int(),
});
export type Manifest = z.infer<typeof manifestSchema>;
