import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv, productionProblems, testMode } from '@/server/env';

describe('environment parsing', () => {
  it('applies defaults for a bare environment (the newcomer case)', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.HOLD_MINUTES).toBe(8);
    expect(env.SEED_ON_START).toBe(true);
    expect(env.paymentProvider).toBe('sandbox');
  });

  it('seeds nothing and picks no payment provider in production unless asked', () => {
    const prod = parseEnv({ NODE_ENV: 'production' });
    expect(prod.SEED_ON_START).toBe(false);
    expect(prod.paymentProvider).toBeUndefined();
    const problems = productionProblems(prod);
    expect(problems.join('\n')).toMatch(/AUTH_SECRET/);
    expect(problems.join('\n')).toMatch(/PAYMENT_PROVIDER/);
    expect(problems.join('\n')).toMatch(/STRIPE_SECRET_KEY/);
    const sandbox = parseEnv({
      NODE_ENV: 'production',
      PAYMENT_PROVIDER: 'sandbox',
      AUTH_SECRET: 'x'.repeat(32),
    });
    expect(productionProblems(sandbox)).toEqual([]);
    expect(testMode(sandbox)).toBe(true);
    const stripe = parseEnv({
      NODE_ENV: 'production',
      AUTH_SECRET: 'x'.repeat(32),
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_PUBLISHABLE_KEY: 'pk_test_123',
    });
    expect(stripe.paymentProvider).toBe('stripe');
    expect(productionProblems(stripe)).toEqual([]);
    expect(testMode(stripe)).toBe(false);
    expect(() => parseEnv({ PAYMENT_PROVIDER: 'stripe' })).toThrow(/STRIPE_SECRET_KEY: required/);
    expect(parseEnv({ NODE_ENV: 'production', SEED_ON_START: 'true' }).SEED_ON_START).toBe(true);
  });

  it('names the bad variable in its message', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(() => parseEnv({ HOLD_MINUTES: '0' })).toThrow(/HOLD_MINUTES/);
  });

  it('keeps posters in the database unless MEDIA_STORE=filesystem, with a bounded in-memory copy', () => {
    expect([parseEnv({}).MEDIA_STORE, parseEnv({}).MEDIA_CACHE_MB]).toEqual(['database', 32]);
    expect(parseEnv({ MEDIA_STORE: 'filesystem', MEDIA_DIR: '/srv/media' }).MEDIA_STORE).toBe('filesystem');
    expect(parseEnv({ MEDIA_CACHE_MB: '0' }).MEDIA_CACHE_MB).toBe(0);
    expect(() => parseEnv({ MEDIA_STORE: 's3' })).toThrow(/MEDIA_STORE/);
    expect(() => parseEnv({ MEDIA_CACHE_MB: '-1' })).toThrow(/MEDIA_CACHE_MB/);
  });

  it('reads REMINDER_HOURS_BEFORE: 3 by default, 0 turns reminders off, hours may be fractions', () => {
    expect(parseEnv({}).REMINDER_HOURS_BEFORE).toBe(3);
    expect(parseEnv({ REMINDER_HOURS_BEFORE: '0' }).REMINDER_HOURS_BEFORE).toBe(0);
    expect(parseEnv({ REMINDER_HOURS_BEFORE: '1.5' }).REMINDER_HOURS_BEFORE).toBe(1.5);
    expect(() => parseEnv({ REMINDER_HOURS_BEFORE: '-1' })).toThrow(/REMINDER_HOURS_BEFORE/);
    expect(() => parseEnv({ REMINDER_HOURS_BEFORE: 'soon' })).toThrow(/REMINDER_HOURS_BEFORE/);
  });

  it('treats empty strings as unset and requires the Upstash token with the URL', () => {
    expect(parseEnv({ DATABASE_URL: '' }).DATABASE_URL).toBeUndefined();
    expect(() => parseEnv({ UPSTASH_REDIS_REST_URL: 'https://redis.example.com' })).toThrow(
      /UPSTASH_REDIS_REST_TOKEN: required/,
    );
  });

  it('parses booleans written the usual ways', () => {
    expect(parseEnv({ SEED_ON_START: 'false' }).SEED_ON_START).toBe(false);
    expect(parseEnv({ SEED_ON_START: '0' }).SEED_ON_START).toBe(false);
    expect(parseEnv({ SEED_ON_START: 'yes' }).SEED_ON_START).toBe(true);
    expect(() => parseEnv({ SEED_ON_START: 'maybe' })).toThrow(/SEED_ON_START/);
  });
});
