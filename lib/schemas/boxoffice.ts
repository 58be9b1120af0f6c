import { z } from 'zod';
import { text } from '@/lib/schemas/text';

// The box office (issue 14.1): counter sales on the live seat map, tills and cash-up. Shared by
// the box-office form, the server actions and the REST operations.

export const COUNTER_METHODS = ['CASH', 'CARD_TERMINAL', 'UPI'] as const;
export const counterMethodSchema = z.enum(COUNTER_METHODS);
export type CounterMethod = z.infer<typeof counterMethodSchema>;

export const COUNTER_METHOD_LABELS: Record<CounterMethod, string> = {
  CASH: 'Cash',
  CARD_TERMINAL: 'Card terminal',
  UPI: 'UPI',
};

/** Money typed at the counter, in paise: 0 to ₹10,00,000. */
const minor = (what: string) =>
  z
    .number({ error: `Enter the ${what}` })
    .int(`Enter the ${what} in whole paise`)
    .min(0, `The ${what} cannot be negative`)
    .max(100_000_000, `The ${what} is too large`);

const optionalText = (max: number, message: string) =>
  text()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => (v ? v : undefined));

export const counterSaleSchema = z
  .object({
    /** The seller's hold on the seats (made on the seat map, as a moviegoer's is). */
    holdId: z.uuid(),
    method: counterMethodSchema,
    /** CASH: what the customer handed over (at least the total; the change is the difference). */
    tenderedMinor: minor('amount tendered').optional(),
    /** CARD_TERMINAL: the slip's approval or reference number; UPI: the transaction reference. */
    reference: optionalText(64, 'At most 64 characters'),
    customerName: optionalText(120, 'At most 120 characters'),
    customerPhone: text()
      .trim()
      .optional()
      .transform((v) => (v ? v.replace(/[\s().-]/g, '') : undefined))
      .refine(
        (v) => v === undefined || /^\+?[0-9]{6,15}$/.test(v),
        'A phone number: 6 to 15 digits, + allowed',
      ),
    customerEmail: text()
      .trim()
      .toLowerCase()
      .optional()
      .transform((v) => (v ? v : undefined))
      .pipe(z.email('An email address like name@example.com').optional()),
  })
  .superRefine((v, ctx) => {
    if (v.method === 'CASH' && v.tenderedMinor === undefined) {
      ctx.addIssue({ code: 'custom', path: ['tenderedMinor'], message: 'Enter the cash handed over' });
    }
    if (v.method !== 'CASH' && v.tenderedMinor !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['tenderedMinor'], message: 'Only cash is tendered' });
    }
    if (v.method !== 'CASH' && !v.reference) {
      ctx.addIssue({
        code: 'custom',
        path: ['reference'],
        message: v.method === 'UPI' ? 'Enter the UPI reference' : 'Enter the terminal slip reference',
      });
    }
  });
export type CounterSaleInput = z.input<typeof counterSaleSchema>;

export const counterSaleResponseSchema = z.object({
  reference: z.string(),
  showtimeId: z.uuid(),
  seats: z.array(z.string()),
  method: counterMethodSchema,
  totalMinor: z.number().int(),
  tenderedMinor: z.number().int().nullable(),
  /** Cash to hand back: tendered − total (0 for card and UPI). */
  changeMinor: z.number().int(),
  currency: z.string(),
  tillId: z.uuid(),
});
export type CounterSaleResponse = z.infer<typeof counterSaleResponseSchema>;

export const openTillSchema = z.object({
  cinemaId: z.uuid(),
  openingFloatMinor: minor('opening float'),
});

export const closeTillSchema = z.object({
  tillId: z.uuid(),
  countedMinor: minor('cash counted'),
  note: optionalText(500, 'At most 500 characters'),
});

export const tillSchema = z.object({
  id: z.uuid(),
  cinemaId: z.uuid(),
  cinemaName: z.string(),
  userId: z.uuid(),
  userName: z.string(),
  openedAt: z.iso.datetime(),
  closedAt: z.iso.datetime().nullable(),
  openingFloatMinor: z.number().int(),
  /** Counter sales on this till, by method (SUCCEEDED payments). */
  sales: z.object({
    count: z.number().int(),
    cashMinor: z.number().int(),
    cardMinor: z.number().int(),
    upiMinor: z.number().int(),
  }),
  /** Refunds handed back from this till, by the method of the payment refunded. */
  refunds: z.object({
    count: z.number().int(),
    cashMinor: z.number().int(),
    otherMinor: z.number().int(),
  }),
  /** Cash the drawer should hold: float + cash sales − cash refunds (fixed when it closed). */
  expectedMinor: z.number().int(),
  countedMinor: z.number().int().nullable(),
  /** counted − expected: negative is a shortfall. Null while open. */
  differenceMinor: z.number().int().nullable(),
  note: z.string().nullable(),
});
export type TillView = z.infer<typeof tillSchema>;

export const tillListQuerySchema = z.object({
  cinemaId: z.uuid().optional(),
  status: z.enum(['open', 'closed', 'all']).default('all'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

export const tillListSchema = z.object({ tills: z.array(tillSchema) });

export const refundCounterBookingSchema = z.object({
  reference: text()
    .trim()
    .toUpperCase()
    .regex(/^MQ-[0-9A-Z]{4,12}$/, 'A booking reference like MQ-7K3F9X2'),
  reason: text().trim().min(3, 'Say why, in a few words').max(300, 'At most 300 characters'),
});

export const counterRefundResponseSchema = z.object({
  reference: z.string(),
  refundId: z.uuid(),
  amountMinor: z.number().int(),
  method: counterMethodSchema,
  tillId: z.uuid().nullable(),
  seatsReleased: z.array(z.string()),
});
export type CounterRefundResponse = z.infer<typeof counterRefundResponseSchema>;
