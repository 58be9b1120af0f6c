import { z } from 'zod';
import { cancelShowtimeRequestSchema } from '@/lib/schemas/booking';
import { text } from '@/lib/schemas/text';

export const checkInRequestSchema = z.object({
  qr: text().trim().min(10, 'Scan or paste the code from the ticket').max(500),
});

export const cancelShowtimeActionSchema = cancelShowtimeRequestSchema.extend({ showtimeId: z.uuid() });

export const auditQuerySchema = z.object({
  action: text().trim().max(64).optional(),
  entityType: text().trim().max(64).optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});
