import 'server-only';
import {
  walletDeviceParamsSchema,
  walletEmptyResponseSchema,
  walletLogBodySchema,
  walletPassParamsSchema,
  walletRegistrationBodySchema,
  walletRegistrationParamsSchema,
  walletUpdatedQuerySchema,
  walletUpdatedResponseSchema,
} from '@/lib/schemas/wallet';
import { BODY_ERRORS, operation, reply } from '@/server/api/operation';
import { getLatestWalletPass } from '@/server/wallet/get-latest-wallet-pass';
import { listUpdatedWalletPasses } from '@/server/wallet/list-updated-wallet-passes';
import { recordWalletLog } from '@/server/wallet/record-wallet-log';
import { registerWalletDevice } from '@/server/wallet/register-wallet-device';
import { unregisterWalletDevice } from '@/server/wallet/unregister-wallet-device';

// Apple's PassKit web service ("Wallet Passes" > "Adding a Web Service to Update Passes"): each
// pass's webServiceURL is APP_URL + /api/wallet, and Wallet appends these fixed paths. Thin
// adapters over server/wallet/; Apple's statuses (201 or 200 on registering, 204 for "nothing
// changed", 304 for "not modified", 401 for a wrong token) are what Wallet acts on.

const BASE = '/api/wallet/v1';
const NOT_CONFIGURED =
  'Only when the server has a pass type certificate configured (`WALLET_*`); otherwise 404 with `details.reason` `wallet-not-configured`, like the `.pkpass` download.';
const EXAMPLE_PARAMS = {
  deviceLibraryIdentifier: 'a1b2c3d4e5f6a7b8c9d0',
  passTypeIdentifier: 'pass.com.example.tickets',
  serialNumber: '5b1e2f3a-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
};

export const registerWalletPassOp = operation({
  operationId: 'registerWalletPass',
  method: 'post',
  path: `${BASE}/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber}`,
  tag: 'Apple Wallet',
  summary: 'Register a device for updates of a pass',
  description: `Wallet asks to be told (by an APNs push to \`pushToken\`) when this pass changes: the ticket cancelled or refunded, its show moved or cancelled. 201 for a new registration, 200 when the device had registered the pass already (its push token is updated). 401 without the pass's token. ${NOT_CONFIGURED}`,
  auth: 'wallet-pass',
  params: walletRegistrationParamsSchema,
  body: walletRegistrationBodySchema,
  success: {
    status: 201,
    description: 'Registered.',
    schema: walletEmptyResponseSchema,
    also: [{ status: 200, description: 'Already registered (the push token is updated).' }],
  },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: EXAMPLE_PARAMS, body: { pushToken: 'a'.repeat(64) } },
  handler: async ({ params, body, headers }) => {
    const { created } = await registerWalletDevice({
      deviceLibraryId: params.deviceLibraryIdentifier,
      passTypeId: params.passTypeIdentifier,
      serialNumber: params.serialNumber,
      pushToken: body.pushToken,
      authorization: headers.get('authorization'),
    });
    return reply({ status: created ? 201 : 200, json: {} });
  },
});

export const unregisterWalletPassOp = operation({
  operationId: 'unregisterWalletPass',
  method: 'delete',
  path: `${BASE}/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}/{serialNumber}`,
  tag: 'Apple Wallet',
  summary: 'Unregister a device from updates of a pass',
  description: `The pass was removed from the device: no more pushes for it there. 200 whether or not it was registered. 401 without the pass's token. ${NOT_CONFIGURED}`,
  auth: 'wallet-pass',
  params: walletRegistrationParamsSchema,
  success: { status: 200, description: 'Unregistered.', schema: walletEmptyResponseSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: { params: EXAMPLE_PARAMS },
  handler: async ({ params, headers }) => {
    await unregisterWalletDevice({
      deviceLibraryId: params.deviceLibraryIdentifier,
      passTypeId: params.passTypeIdentifier,
      serialNumber: params.serialNumber,
      authorization: headers.get('authorization'),
    });
    return {};
  },
});

export const listUpdatedWalletPassesOp = operation({
  operationId: 'listUpdatedWalletPasses',
  method: 'get',
  path: `${BASE}/devices/{deviceLibraryIdentifier}/registrations/{passTypeIdentifier}`,
  tag: 'Apple Wallet',
  summary: "The serial numbers of a device's passes changed since a tag",
  description: `Wallet asks after a push which of the device's registered passes changed since the \`lastUpdated\` it was last given (all of them without \`passesUpdatedSince\`). 204 when none did. Apple sends no pass token here: the device library identifier, known only to the device and this server, is the credential. ${NOT_CONFIGURED}`,
  auth: 'public',
  params: walletDeviceParamsSchema,
  query: walletUpdatedQuerySchema,
  success: {
    status: 200,
    description: 'The changed passes and the tag to send next time.',
    schema: walletUpdatedResponseSchema,
    also: [{ status: 204, description: 'No registered pass changed since the tag.' }],
  },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  example: {
    params: {
      deviceLibraryIdentifier: EXAMPLE_PARAMS.deviceLibraryIdentifier,
      passTypeIdentifier: EXAMPLE_PARAMS.passTypeIdentifier,
    },
    query: { passesUpdatedSince: '1796371200000' },
  },
  handler: async ({ params, query }) => {
    const changed = await listUpdatedWalletPasses({
      deviceLibraryId: params.deviceLibraryIdentifier,
      passTypeId: params.passTypeIdentifier,
      passesUpdatedSince: query.passesUpdatedSince,
    });
    return changed ?? reply({ status: 204 });
  },
});

export const getLatestWalletPassOp = operation({
  operationId: 'getLatestWalletPass',
  method: 'get',
  path: `${BASE}/passes/{passTypeIdentifier}/{serialNumber}`,
  tag: 'Apple Wallet',
  summary: 'The latest version of a pass',
  description: `The pass as it is now: the show's current time as its relevant date, and, for a cancelled ticket, booking or show, a voided pass that says Cancelled and carries no barcode. \`Last-Modified\` names the version; with \`If-Modified-Since\` at or after it the answer is 304. 401 without the pass's token. ${NOT_CONFIGURED}`,
  auth: 'wallet-pass',
  params: walletPassParamsSchema,
  headers: [
    {
      name: 'If-Modified-Since',
      required: false,
      description: 'The `Last-Modified` of the copy the device has: 304 while it is current.',
      example: 'Fri, 04 Dec 2026 15:00:00 GMT',
    },
  ],
  success: {
    status: 200,
    description: 'The signed pass.',
    contentType: 'application/vnd.apple.pkpass',
    also: [{ status: 304, description: 'Not modified since `If-Modified-Since`.' }],
  },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'NOT_FOUND'],
  example: {
    params: {
      passTypeIdentifier: EXAMPLE_PARAMS.passTypeIdentifier,
      serialNumber: EXAMPLE_PARAMS.serialNumber,
    },
  },
  handler: async ({ params, headers }) => {
    const latest = await getLatestWalletPass({
      passTypeId: params.passTypeIdentifier,
      serialNumber: params.serialNumber,
      authorization: headers.get('authorization'),
      ifModifiedSince: headers.get('if-modified-since'),
    });
    const dated: Record<string, string> = {
      'cache-control': 'private, no-cache',
      ...(latest.lastModified ? { 'last-modified': latest.lastModified.toUTCString() } : {}),
    };
    if (latest.notModified) return reply({ status: 304, headers: dated });
    return reply({ body: latest.pass, contentType: 'application/vnd.apple.pkpass', headers: dated });
  },
});

export const logWalletMessagesOp = operation({
  operationId: 'logWalletMessages',
  method: 'post',
  path: `${BASE}/log`,
  tag: 'Apple Wallet',
  summary: "Record Wallet's error messages",
  description:
    "Wallet reports problems with this server's passes or web service. Logged at info level, bounded: the first 20 messages, 500 characters each. Apple sends no credential; the body is limited to 64 KiB, and a client address to 30 posts a minute (429 past it). 404 without the Wallet configuration.",
  auth: 'public',
  body: walletLogBodySchema,
  maxBodyBytes: 64 * 1024,
  success: { status: 200, description: 'Logged.', schema: walletEmptyResponseSchema },
  errors: [...BODY_ERRORS, 'NOT_FOUND', 'RATE_LIMITED'],
  example: {
    body: { logs: ['[2026-12-04 15:00:00 +0000] Web service error for pass.com.example.tickets (…): …'] },
  },
  handler: async ({ body, ip }) => {
    await recordWalletLog({ logs: body.logs, ip });
    return {};
  },
});
