import 'server-only';
import { AppError } from '@/lib/errors';
import { checkInRequestSchema } from '@/lib/schemas/admin';
import { idParamsSchema } from '@/lib/schemas/booking';
import {
  offlineDoorListSchema,
  scannerFileParamsSchema,
  syncCheckInsRequestSchema,
  syncCheckInsResponseSchema,
} from '@/lib/schemas/check-in';
import { manifestSchema } from '@/lib/schemas/manifest';
import { getShowtimeManifest } from '@/server/admin/showtime-manifest';
import { BODY_ERRORS, operation, reply } from '@/server/api/operation';
import { checkInResponseSchema, EXAMPLE } from '@/server/api/responses';
import { checkInTicket } from '@/server/tickets/check-in-ticket';
import { getOfflineDoorList } from '@/server/tickets/get-offline-door-list';
import { scannerWasm } from '@/server/tickets/scanner-wasm';
import { syncOfflineCheckIns } from '@/server/tickets/sync-offline-check-ins';

export const checkInTicketOp = operation({
  operationId: 'checkInTicket',
  method: 'post',
  path: '/api/v1/tickets/check-in',
  tag: 'Tickets',
  summary: 'Check a ticket in at the door',
  description:
    'Takes the ticket\'s signed QR payload (the signature proves Marquee issued it) or, when a scanner cannot read it, the ticket code printed under the QR (`MQ-7K3F9X2-D6`: booking reference and seat, any case, dashes optional), then admits it once: VALID → CHECKED_IN, recorded with who checked it in, at which `door` if given, and in the audit log. For staff and managers of the ticket\'s cinema, and admins; managers and admins need a session or token that passed two-factor authentication. Doors open 90 minutes before the show. A second scan, a cancelled ticket, or a show that has not opened or has ended is 409 with a message to read out, in the cinema\'s local time ("Already used at 6:41 pm by Door 2, seat D6.", "Too early: doors open at 6:25 pm."), and `details.reason` (`already-used`, `cancelled`, `too-early`, `show-ended`) with the seat and reference.',
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  body: checkInRequestSchema,
  success: { status: 200, description: 'Admit: the seat and show.', schema: checkInResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT', 'BUSY'],
  example: { body: { qr: 'MQT1.WyJ4IiwieSJd.c2lnbmF0dXJl', door: 'Door 2' } },
  handler: ({ body, viewer }) => checkInTicket({ viewer, qr: body.qr, door: body.door }),
});

export const getShowtimeManifestOp = operation({
  operationId: 'getShowtimeManifest',
  method: 'get',
  path: '/api/v1/showtimes/{id}/manifest',
  tag: 'Tickets',
  summary: 'The door list of a showtime',
  description:
    "Every live ticket of the showtime in seat order: seat, the code printed under its QR, booking reference, whose it is, whether and when it was checked in and at which door, with the count checked in. For staff and managers of the show's cinema (another cinema's show is 403) and admins; customers' email addresses only for managers and admins.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  params: idParamsSchema,
  success: { status: 200, description: 'The door list.', schema: manifestSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: ({ params, viewer }) => getShowtimeManifest({ viewer, showtimeId: params.id }),
});

export const getOfflineDoorListOp = operation({
  operationId: 'getOfflineDoorList',
  method: 'get',
  path: '/api/v1/showtimes/{id}/check-in-list',
  tag: 'Tickets',
  summary: "A show's tickets, to check in offline",
  description:
    "What a door device needs to check tickets in while the network is down, downloaded before the doors open: every live ticket of the showtime (ticket id, the code printed under its QR, seat, booking reference, whose it is, whether and when and at which door it came in) and when the doors open. No addresses, and never the key that signs QR codes: offline, a scanned QR code is matched by the ticket id it carries, a typed code by the code. Scans made offline are sent back with `POST /api/v1/showtimes/{id}/check-ins`. For staff and managers of the show's cinema (another cinema's show is 403) and admins; managers and admins need two-factor authentication, as for check-in. Each download is in the audit log.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: idParamsSchema,
  success: { status: 200, description: 'The door list for offline use.', schema: offlineDoorListSchema },
  errors: ['VALIDATION_FAILED', 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: { params: { id: EXAMPLE.showtimeId } },
  handler: ({ params, viewer }) => getOfflineDoorList({ viewer, showtimeId: params.id }),
});

export const syncOfflineCheckInsOp = operation({
  operationId: 'syncOfflineCheckIns',
  method: 'post',
  path: '/api/v1/showtimes/{id}/check-ins',
  tag: 'Tickets',
  summary: 'Send the check-ins a door made offline',
  description:
    "The scans a door device admitted while offline (each: an `id` the device made, the QR payload or typed code as `qr`, the `door`, and `scannedAt`), up to 500 at once. The server decides each as an online check-in at the moment it was scanned, in scan order, audited: the first check-in of a ticket to reach the server wins (`admitted`); a ticket already checked in another way (another door's device, an online scan) is a `conflict`, with when and at which door it first came in, to tell the staff member that one ticket let two people in; a cancelled ticket, a ticket of another show, a code that is not a Marquee ticket or a scan outside door hours is `refused` with the reason. Sending the same scans again (a lost answer) gives the same outcome. For staff and managers of the show's cinema (another cinema's show is 403 and nothing is checked in) and admins; managers and admins need two-factor authentication.",
  auth: { roles: ['STAFF', 'MANAGER'] },
  strongAuth: true,
  params: idParamsSchema,
  body: syncCheckInsRequestSchema,
  success: { status: 200, description: 'The outcome of each scan.', schema: syncCheckInsResponseSchema },
  errors: [...BODY_ERRORS, 'UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND', 'BUSY'],
  example: {
    params: { id: EXAMPLE.showtimeId },
    body: {
      scans: [
        {
          id: '7d0f4c52-3c0e-4a53-9d5e-0a4a0b7c9e11',
          qr: 'MQ-7K3F9X2-D6',
          door: 'Door 2',
          scannedAt: '2026-12-06T13:11:00.000Z',
        },
      ],
    },
  },
  // Up to 500 scans of a few hundred bytes each (the default 32 KiB would cap a batch at ~120).
  maxBodyBytes: 192 * 1024,
  handler: ({ params, body, viewer }) =>
    syncOfflineCheckIns({ viewer, showtimeId: params.id, scans: body.scans }),
});

export const getScannerWasmOp = operation({
  operationId: 'getScannerWasm',
  method: 'get',
  path: '/api/media/scanner/{file}',
  tag: 'Tickets',
  summary: "The check-in page's QR reader (WebAssembly)",
  description:
    'The ZXing barcode reader the check-in page runs where the browser has no native `BarcodeDetector`, served from this origin (never a CDN). `file` is `zxing_reader-<version>.wasm`, the version the page was built with; the file never changes under a name, so it is cached for a year (`immutable`). Public: it is a page asset, like a poster.',
  auth: 'public',
  params: scannerFileParamsSchema,
  success: { status: 200, description: 'The WebAssembly module.', contentType: 'application/wasm' },
  errors: ['VALIDATION_FAILED', 'NOT_FOUND'],
  example: { params: { file: 'zxing_reader-3.1.3.wasm' } },
  handler: async ({ params }) => {
    const wasm = scannerWasm();
    if (params.file !== wasm.file) throw new AppError('NOT_FOUND', 'There is no such file.');
    return reply({
      body: wasm.bytes,
      contentType: 'application/wasm',
      headers: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
  },
});
