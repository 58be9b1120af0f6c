import { z } from 'zod';
import { DEFAULT_METRICS_ALLOW, parseAllowList } from '@/server/metrics/allow-list';

// Parsed once, at first import. A bad value stops start-up with a message naming the variable.
const bool = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  /** Public origin used in links, emails and next-auth callbacks. */
  APP_URL: z.url().optional(),
  /** Unset: an embedded PostgreSQL is started with its data in DATA_DIR. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  DATA_DIR: z.string().default('.data'),
  /**
   * Where uploaded media (posters) live: `database` (table media_objects: shared by every
   * instance, in backups) or `filesystem` (files under MEDIA_DIR, as before).
   */
  MEDIA_STORE: z.enum(['database', 'filesystem']).default('database'),
  /**
   * Files of uploaded media. With MEDIA_STORE=filesystem, the store; with `database`, where
   * posters uploaded before are read from (once each, then copied into the table). Unset: DATA_DIR/media.
   */
  MEDIA_DIR: z.string().optional(),
  /** Megabytes of media each instance keeps in memory with MEDIA_STORE=database (0: none). */
  MEDIA_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(32),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Signs sessions, API tokens and ticket QR codes. Generated into DATA_DIR when unset. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  HOLD_MINUTES: z.coerce.number().int().min(1).max(60).default(8),
  EXPIRY_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  /**
   * A PENDING payment older than this lost the request that started it: the reconciler settles
   * it against the provider. Longer than any charge takes; shorter only for drills and tests.
   */
  PAYMENT_STALE_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  /** How long a request owns its Idempotency-Key before a retry may take over (a crashed request). */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Seed demo data on an empty database. Unset: on outside production, off in production. */
  SEED_ON_START: bool.optional(),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  /**
   * Which payment provider takes money. Unset: Stripe when STRIPE_SECRET_KEY is set, else the
   * sandbox outside production; in production there is no default (see productionProblems).
   */
  PAYMENT_PROVIDER: z.enum(['stripe', 'sandbox']).optional(),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
  /** Publishable key for Stripe's Payment Element in the browser. */
  STRIPE_PUBLISHABLE_KEY: z.string().startsWith('pk_').optional(),
  STRIPE_WEBHOOK_SECRET: z.string().startsWith('whsec_').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().default('Marquee <tickets@marquee.local>'),
  UPSTASH_REDIS_REST_URL: z.url().optional(),
  UPSTASH_REDIS_REST_TOKEN: z.string().optional(),
  /** 'postgres' when several app instances serve one database, so seat events reach every viewer. */
  REALTIME_ADAPTER: z.enum(['memory', 'postgres']).default('memory'),
  /**
   * How many reverse proxies in front of Marquee append to X-Forwarded-For. 0 (default): the client
   * IP is the TCP peer and X-Forwarded-For is ignored, since any client can write it.
   */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /**
   * Seat holds one user may make per minute: a burst guard. The seat picker holds as you pick (one
   * hold per click), so a person stays far below it and a script does not. 0 turns it off.
   */
  HOLD_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(100_000).default(60),
  /**
   * Hours before a show that its reminder mail goes out (fractions allowed: 0.5 is 30 minutes).
   * 0 turns reminders off.
   */
  REMINDER_HOURS_BEFORE: z.coerce.number().min(0).max(72).default(3),
  /**
   * Longest life, in seconds, of a copy of a public page served to anonymous visitors (production
   * only; server/http/page-cache.ts). Changes to the catalogue or a showtime's seats forget copies
   * at once; this bounds how late "seats left" on listings may be. 0 turns the copies off.
   */
  PAGE_CACHE_SECONDS: z.coerce.number().int().min(0).max(3_600).default(10),
  /**
   * On SIGTERM, seconds during which readiness answers 503 while requests are still served, so a
   * load balancer stops routing here before the port closes. Unset: 5 in production, else 0.
   */
  SHUTDOWN_DRAIN_SECONDS: z.coerce.number().min(0).max(300).optional(),
  /**
   * OpenTelemetry: the OTLP/HTTP collector that receives a span per request (server/http/tracing.ts,
   * which also reads the other standard OTEL_* variables). Unset: tracing is off and not loaded.
   */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /**
   * Lifetime, in seconds, of an API access token (POST /api/v1/auth/token and /refresh). Short,
   * because a stolen one cannot be recalled one by one: API clients renew it with a refresh token.
   */
  API_ACCESS_TOKEN_SECONDS: z.coerce.number().int().min(60).max(3_600).default(900),
  /** Days an unused API refresh token lives; each refresh starts the count again (sliding). */
  REFRESH_TOKEN_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** Days after sign-in that a refresh token family ends however often it is refreshed (absolute cap). */
  REFRESH_TOKEN_MAX_DAYS: z.coerce.number().int().min(1).max(730).default(90),
  /**
   * Apple Wallet passes for tickets (server/tickets/wallet-pass.ts). All five of pass type id,
   * team id, signer certificate, signer key and Apple's WWDR certificate, or none: unset, the
   * "Add to Apple Wallet" button is hidden and the pass endpoint answers 404. The certificates
   * and key are PEM, given as the PEM text itself or as the path of a PEM file.
   */
  WALLET_PASS_TYPE_ID: z
    .string()
    .regex(/^pass\.[A-Za-z0-9.-]+$/, 'must be a pass type identifier such as pass.com.example.tickets')
    .optional(),
  WALLET_TEAM_ID: z
    .string()
    .regex(/^[A-Z0-9]{10}$/, 'must be the 10-character Apple team identifier')
    .optional(),
  WALLET_SIGNER_CERT: z.string().optional(),
  WALLET_SIGNER_KEY: z.string().optional(),
  WALLET_SIGNER_KEY_PASSPHRASE: z.string().optional(),
  WALLET_WWDR_CERT: z.string().optional(),
  /** The name the pass shows as its issuer. */
  WALLET_ORGANIZATION_NAME: z.string().min(1).max(64).default('Marquee'),
  /**
   * Where pass-update pushes go (server/wallet/apns.ts): Apple's production APNs. Only tests and
   * drills point it elsewhere (a local HTTP/2 stand-in); Wallet passes always use production APNs.
   */
  WALLET_APNS_URL: z.url().default('https://api.push.apple.com'),
  /** Comma-separated origins allowed to call /api/v1 from a browser. Empty: none. */
  CORS_ORIGINS: z.string().default(''),
  /**
   * Bearer token that opens /metrics from anywhere (Prometheus's `authorization: credentials`).
   * Unset: only the addresses in METRICS_ALLOW may read it.
   */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Addresses that may read /metrics without the token: comma-separated IPs and CIDR ranges, or
   * `none`. Default: loopback only. Requests that came through a proxy (X-Forwarded-For) need the token.
   */
  METRICS_ALLOW: z
    .string()
    .default(DEFAULT_METRICS_ALLOW)
    .refine(
      (v) => parseAllowList(v) !== null,
      'must be comma-separated IP addresses or CIDR ranges (e.g. 10.0.0.0/8), or none',
    ),
});

type ParsedEnv = z.infer<typeof schema>;
export type Env = Omit<ParsedEnv, 'SEED_ON_START'> & {
  SEED_ON_START: boolean;
  /** The resolved provider; undefined only in production with nothing chosen (start-up refuses). */
  paymentProvider: 'stripe' | 'sandbox' | undefined;
};

export class EnvError extends Error {
  override name = 'EnvError';
}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // Empty strings mean "unset" (docker-compose and .env files write them for blank values).
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.') || '(env)'}: ${i.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  const data = result.data;
  const fail = (line: string) => {
    throw new EnvError(`Invalid environment configuration:\n  ${line}`);
  };
  if (data.UPSTASH_REDIS_REST_URL && !data.UPSTASH_REDIS_REST_TOKEN) {
    fail('UPSTASH_REDIS_REST_TOKEN: required when UPSTASH_REDIS_REST_URL is set');
  }
  if (data.PAYMENT_PROVIDER === 'stripe' && !data.STRIPE_SECRET_KEY) {
    fail('STRIPE_SECRET_KEY: required when PAYMENT_PROVIDER=stripe');
  }
  const wallet = [
    'WALLET_PASS_TYPE_ID',
    'WALLET_TEAM_ID',
    'WALLET_SIGNER_CERT',
    'WALLET_SIGNER_KEY',
    'WALLET_WWDR_CERT',
  ] as const;
  const walletSet = wallet.filter((name) => data[name] !== undefined);
  if (walletSet.length > 0 && walletSet.length < wallet.length) {
    const missing = wallet.filter((name) => data[name] === undefined).join(', ');
    fail(
      `${missing}: required for Apple Wallet passes when ${walletSet.join(', ')} ${walletSet.length === 1 ? 'is' : 'are'} set`,
    );
  }
  const production = data.NODE_ENV === 'production';
  return {
    ...data,
    // Demo accounts with a published password must never appear in production by accident.
    SEED_ON_START: data.SEED_ON_START ?? !production,
    paymentProvider:
      data.PAYMENT_PROVIDER ?? (data.STRIPE_SECRET_KEY ? 'stripe' : production ? undefined : 'sandbox'),
  };
}

/**
 * What stops a production start: each line names the variable to set. Checked by the launcher,
 * not by parseEnv, so `next build` (which runs as production) needs none of these.
 */
export function productionProblems(config: Env): string[] {
  if (config.NODE_ENV !== 'production') return [];
  const problems: string[] = [];
  if (!config.AUTH_SECRET) {
    problems.push(
      'AUTH_SECRET: required in production (at least 32 characters, e.g. `openssl rand -base64 48`); it signs sessions, API tokens and tickets',
    );
  }
  if (!config.paymentProvider) {
    problems.push(
      'PAYMENT_PROVIDER / STRIPE_SECRET_KEY: production has no default payment provider. Set STRIPE_SECRET_KEY (and STRIPE_PUBLISHABLE_KEY, STRIPE_WEBHOOK_SECRET) to take real payments, or PAYMENT_PROVIDER=sandbox to run on purpose with test payments',
    );
  }
  if (config.paymentProvider === 'stripe' && !config.STRIPE_PUBLISHABLE_KEY) {
    problems.push('STRIPE_PUBLISHABLE_KEY: required with Stripe, for the card form in the browser');
  }
  return problems;
}

/** True when payments are not real: every page, ticket and mail says TEST MODE. */
export function testMode(config: Env = env()): boolean {
  return config.paymentProvider === 'sandbox';
}

let cached: Env | undefined;

export function env(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Re-reads process.env: the launcher calls it after filling in DATABASE_URL and AUTH_SECRET. */
export function refreshEnv(): Env {
  cached = parseEnv(process.env);
  return cached;
}
