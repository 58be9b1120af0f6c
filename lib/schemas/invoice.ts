import { z } from 'zod';

// A GST tax invoice's lines, as stored in invoices.lines: one line per kind of supply (SAC code),
// each with its taxable value and its CGST and SGST. Amounts are integer paise.

export const invoiceItemSchema = z.object({
  /** "Standard seat" */
  label: z.string(),
  quantity: z.number().int().positive(),
  unitMinor: z.number().int().nonnegative(),
});

export const invoiceLineSchema = z.object({
  description: z.string(),
  /** Services Accounting Code. */
  sac: z.string().regex(/^[0-9]{4,8}$/),
  quantity: z.number().int().nonnegative(),
  /** What makes up the line (seats by category and price); empty for a fee. */
  items: z.array(invoiceItemSchema),
  /** Before discount. */
  grossMinor: z.number().int().nonnegative(),
  discountMinor: z.number().int().nonnegative(),
  discountLabel: z.string().nullable(),
  taxableMinor: z.number().int().nonnegative(),
  /** The whole GST rate; CGST and SGST are half each. */
  taxRateBps: z.number().int().nonnegative(),
  cgstMinor: z.number().int().nonnegative(),
  sgstMinor: z.number().int().nonnegative(),
});

export const invoiceLinesSchema = z.array(invoiceLineSchema);

export type InvoiceItem = z.infer<typeof invoiceItemSchema>;
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;
