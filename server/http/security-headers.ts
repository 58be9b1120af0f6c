import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '@/server/http/request-gate';

// Headers every response gets, set by the custom server before Next sees the request. Pages get a
// strict, per-request nonce CSP: Next reads the nonce from the request's Content-Security-Policy
// header and puts it on its own scripts; our layout puts it on the theme script. No other inline
// script can run. Styles allow inline attributes (the seat map positions seats with them); style
// injection cannot run code.

export type SecurityOptions = {
  dev: boolean;
  production: boolean;
  corsOrigins: string[];
  /** Stripe takes payments: its documented hosts are allowed (and only then). */
  stripe?: boolean;
};

// Stripe.js and its Payment Element (https://docs.stripe.com/security/guide#content-security-policy):
// the script, its iframes (card fields, 3-D Secure challenges) and its API.
const STRIPE = {
  script: ' https://js.stripe.com https://*.js.stripe.com',
  frame: ' https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com',
  connect: ' https://api.stripe.com',
};

// The door check-in page scans QR codes with the device's camera, and where the browser has no
// native BarcodeDetector it reads them with a WebAssembly module served from our origin. Only
// that page may use the camera or compile WebAssembly ('wasm-unsafe-eval' allows no eval of
// scripts); every other page denies both. Both policies belong to the document, so the page must
// be loaded as a document (the scanner reloads itself once if it arrived by client navigation).
export function isCheckInPage(path: string): boolean {
  const p = path.split('?')[0] ?? '';
  return p === '/admin/check-in' || p.startsWith('/admin/check-in/');
}

function contentSecurityPolicy(nonce: string, dev: boolean, stripe = false, wasm = false): string {
  const extra = (key: keyof typeof STRIPE) => (stripe ? STRIPE[key] : '');
  return [
    "default-src 'self'",
    // 'strict-dynamic': scripts Next loads from a nonced script are trusted; nothing else. (The
    // Stripe hosts matter only to browsers without 'strict-dynamic'.)
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}${wasm ? " 'wasm-unsafe-eval'" : ''}${extra('script')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    ...(stripe ? [`frame-src 'self'${extra('frame')}`] : []),
    // Same-origin fetches and the Socket.IO websocket.
    `connect-src 'self'${extra('connect')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "worker-src 'self' blob:",
  ].join('; ');
}

const API_CORS_HEADERS = 'Authorization, Content-Type, Idempotency-Key';
const API_CORS_METHODS = 'GET, POST, DELETE, OPTIONS';

/** Returns true when the request was fully answered here (a CORS preflight). */
export function applySecurityHeaders(
  req: IncomingMessage,
  res: ServerResponse,
  options: SecurityOptions,
): boolean {
  const path = req.url ?? '/';
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'strict-origin-when-cross-origin');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  const checkIn = isCheckInPage(path);
  res.setHeader(
    'Permissions-Policy',
    `geolocation=(self), camera=${checkIn ? '(self)' : '()'}, microphone=(), payment=(self)`,
  );
  if (options.production) res.setHeader('Strict-Transport-Security', 'max-age=63072000; includeSubDomains');

  if (path.startsWith('/api/')) {
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    if (path.startsWith('/api/v1/')) {
      // Cross-origin browser access to the REST API is closed unless an origin is listed.
      const origin = req.headers.origin;
      const allowed = typeof origin === 'string' && options.corsOrigins.includes(origin);
      if (allowed) {
        res.setHeader('Access-Control-Allow-Origin', origin);
        res.setHeader('Vary', 'Origin');
        res.setHeader('Access-Control-Expose-Headers', 'Retry-After, Idempotent-Replayed, X-Request-Id');
      }
      if (req.method === 'OPTIONS') {
        if (allowed) {
          res.setHeader('Access-Control-Allow-Methods', API_CORS_METHODS);
          res.setHeader('Access-Control-Allow-Headers', API_CORS_HEADERS);
          res.setHeader('Access-Control-Max-Age', '600');
        }
        if (allowed) {
          res.statusCode = 204;
          res.end();
        } else {
          sendError(res, 'FORBIDDEN', 'This origin may not call the API from a browser (see CORS_ORIGINS).');
        }
        return true;
      }
    }
    return false;
  }

  const nonce = randomBytes(16).toString('base64');
  const csp = contentSecurityPolicy(nonce, options.dev, options.stripe, checkIn);
  req.headers['content-security-policy'] = csp;
  req.headers['x-nonce'] = nonce;
  res.setHeader('Content-Security-Policy', csp);
  return false;
}
