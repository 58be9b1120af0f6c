import { z } from 'zod';

// Apple's PassKit web service (the requests Wallet on a phone makes to webServiceURL): path
// parameters, bodies and answers. Apple names the fields; the bounds are ours.

/** Wallet's id for one device's pass library; a capability: who knows it may list its passes. */
export const deviceLibraryIdSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1–100 letters, digits, dots, dashes or underscores')
  .meta({
    description: "Wallet's identifier of the device's pass library.",
    example: 'a1b2c3d4e5f6a7b8c9d0',
  });

export const passTypeIdSchema = z
  .string()
  .regex(/^pass\.[A-Za-z0-9.-]{1,90}$/, 'must be a pass type identifier')
  .meta({
    description: 'The pass type identifier (WALLET_PASS_TYPE_ID).',
    example: 'pass.com.example.tickets',
  });

/** Our serial numbers are ticket ids; anything else is simply a pass we never issued (401/404). */
export const serialNumberSchema = z.string().min(1).max(100).meta({
  description: "The pass's serial number: the ticket's id.",
  example: '5b1e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
});

export const walletRegistrationParamsSchema = z.object({
  deviceLibraryIdentifier: deviceLibraryIdSchema,
  passTypeIdentifier: passTypeIdSchema,
  serialNumber: serialNumberSchema,
});

export const walletDeviceParamsSchema = z.object({
  deviceLibraryIdentifier: deviceLibraryIdSchema,
  passTypeIdentifier: passTypeIdSchema,
});

export const walletPassParamsSchema = z.object({
  passTypeIdentifier: passTypeIdSchema,
  serialNumber: serialNumberSchema,
});

/** The device's APNs token for this pass type: hex (it goes into the APNs URL as it is). */
export const walletRegistrationBodySchema = z.object({
  pushToken: z
    .string()
    .regex(/^[0-9a-fA-F]{16,200}$/, 'must be the hex APNs device token')
    .transform((t) => t.toLowerCase())
    .meta({ description: "The device's push token for this pass type (hex)." }),
});

/** The tag is ours (milliseconds since the epoch of the newest change the device was told of). */
export const walletUpdatedQuerySchema = z.object({
  passesUpdatedSince: z
    .string()
    .regex(/^\d{1,16}$/, 'must be a lastUpdated tag this server gave')
    .optional()
    .meta({ description: 'The `lastUpdated` of the previous answer; absent: every registered pass.' }),
});

export const walletUpdatedResponseSchema = z.object({
  serialNumbers: z.array(z.string()),
  lastUpdated: z.string(),
});

/** Wallet's own error messages about our passes; logged, so bounded. */
export const WALLET_LOG_MAX_ENTRIES = 20;
export const WALLET_LOG_MAX_CHARS = 500;
export const walletLogBodySchema = z.object({
  logs: z.array(z.string().max(4_000)).max(100),
});

export const walletEmptyResponseSchema = z.object({});
