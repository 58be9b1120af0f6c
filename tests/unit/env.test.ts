import { describe, expect, it } from 'vitest';
import { EnvError, parseEnv } from '@/server/env';

describe('environment parsing', () => {
  it('applies defaults for a bare environment (the newcomer case)', () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.HOLD_MINUTES).toBe(8);
    expect(env.SEED_ON_START).toBe(true);
  });

  it('names the bad variable in its message', () => {
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(EnvError);
    expect(() => parseEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => parseEnv({ AUTH_SECRET: 'short' })).toThrow(/AUTH_SECRET: must be at least 32 characters/);
    expect(() => parseEnv({ HOLD_MINUTES: '0' })).toThrow(/HOLD_MINUTES/);
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
