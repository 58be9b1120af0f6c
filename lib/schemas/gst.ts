import { z } from 'zod';

// GST identifiers, shared by whatever lets a cinema enter its registration and by the invoice
// code. The database CHECK cinemas_gstin_format holds the shape; this also verifies the check
// character, which catches a mistyped character or two swapped ones.

const GSTIN_SHAPE = /^[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/;
const BASE36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** The 15th character of a GSTIN: a Luhn mod 36 check over the first 14. */
export function gstinCheckCharacter(first14: string): string {
  let sum = 0;
  for (let i = 0; i < 14; i++) {
    const product = BASE36.indexOf(first14.charAt(i)) * (i % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return BASE36.charAt((36 - (sum % 36)) % 36);
}

export const gstinSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(GSTIN_SHAPE, 'a GSTIN is 15 characters: state code, PAN, entity number, Z, check character')
  .refine(
    (v) => gstinCheckCharacter(v.slice(0, 14)) === v.charAt(14),
    'this GSTIN’s check character is wrong',
  )
  .refine((v) => GST_STATES[v.slice(0, 2)] !== undefined, 'this GSTIN starts with an unknown state code');

/** A cinema's invoice prefix: the start of each invoice number (BOM1/2627/00042). */
export const invoicePrefixSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{1,4}$/, 'an invoice prefix is 1–4 letters or digits');

const cinemaTaxDetailsSchema = z.object({
  gstin: gstinSchema.nullable(),
  legalName: z.string().trim().min(2).max(200).nullable(),
  invoicePrefix: invoicePrefixSchema,
});
export type CinemaTaxDetails = z.infer<typeof cinemaTaxDetailsSchema>;

/** GST state and union territory codes (the first two digits of a GSTIN). */
export const GST_STATES: Readonly<Record<string, string>> = {
  '01': 'Jammu and Kashmir',
  '02': 'Himachal Pradesh',
  '03': 'Punjab',
  '04': 'Chandigarh',
  '05': 'Uttarakhand',
  '06': 'Haryana',
  '07': 'Delhi',
  '08': 'Rajasthan',
  '09': 'Uttar Pradesh',
  '10': 'Bihar',
  '11': 'Sikkim',
  '12': 'Arunachal Pradesh',
  '13': 'Nagaland',
  '14': 'Manipur',
  '15': 'Mizoram',
  '16': 'Tripura',
  '17': 'Meghalaya',
  '18': 'Assam',
  '19': 'West Bengal',
  '20': 'Jharkhand',
  '21': 'Odisha',
  '22': 'Chhattisgarh',
  '23': 'Madhya Pradesh',
  '24': 'Gujarat',
  '26': 'Dadra and Nagar Haveli and Daman and Diu',
  '27': 'Maharashtra',
  '29': 'Karnataka',
  '30': 'Goa',
  '31': 'Lakshadweep',
  '32': 'Kerala',
  '33': 'Tamil Nadu',
  '34': 'Puducherry',
  '35': 'Andaman and Nicobar Islands',
  '36': 'Telangana',
  '37': 'Andhra Pradesh',
  '38': 'Ladakh',
};

/** Union territories without a legislature levy UTGST where states levy SGST. */
const UTGST_CODES = new Set(['04', '26', '31', '35', '38']);

export function stateCodeOf(stateName: string): string | null {
  const wanted = stateName.trim().toLowerCase();
  for (const [code, name] of Object.entries(GST_STATES)) if (name.toLowerCase() === wanted) return code;
  return null;
}

/** "SGST", or "UTGST" in a union territory without a legislature. */
export function stateTaxLabel(stateCode: string | null): 'SGST' | 'UTGST' {
  return stateCode && UTGST_CODES.has(stateCode) ? 'UTGST' : 'SGST';
}
