import { z } from 'zod';

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
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  /** Signs sessions, API tokens and ticket QR codes. Generated into DATA_DIR when unset. */
  AUTH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  CRON_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  HOLD_MINUTES: z.coerce.number().int().min(1).max(60).default(8),
  EXPIRY_SWEEP_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  SEED_ON_START: bool.default(true),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  STRIPE_SECRET_KEY: z.string().startsWith('sk_').optional(),
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
  /** Comma-separated origins allowed to call /api/v1 from a browser. Empty: none. */
  CORS_ORIGINS: z.string().default(''),
});

export type Env = z.infer<typeof schema>;

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
  if (result.data.UPSTASH_REDIS_REST_URL && !result.data.UPSTASH_REDIS_REST_TOKEN) {
    throw new EnvError(
      'Invalid environment configuration:\n  UPSTASH_REDIS_REST_TOKEN: required when UPSTASH_REDIS_REST_URL is set',
    );
  }
  return result.data;
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
