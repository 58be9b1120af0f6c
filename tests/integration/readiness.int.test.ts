import net, { type AddressInfo } from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { refreshEnv } from '@/server/env';
import { checkReadiness } from '@/server/health/readiness';
import { healthState } from '@/server/health/state';
import type { SchedulerStatus } from '@/server/scheduler';
import { startSmtpCapture } from '../support/smtp-capture';
import { REDIS_MISSING, redisServerInstalled, startUpstashTestServer } from '../support/upstash-server';

// Readiness's checks of what is configured (Upstash, SMTP) and of the scheduler, in process, with
// real servers: each is named with its state, and a failure says why without the URL or token.
// (The production process's readiness, the migrations check and the drain: operability.int.test.ts.)

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

function setEnv(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  refreshEnv();
}

afterEach(() => {
  healthState.scheduler = undefined;
  setEnv({ UPSTASH_REDIS_REST_URL: undefined, UPSTASH_REDIS_REST_TOKEN: undefined, SMTP_URL: undefined });
});
afterAll(() => refreshEnv());

describe('readiness', () => {
  it('skips Redis and SMTP when they are not configured, and the scheduler in a process without one', async () => {
    const report = await checkReadiness();
    expect(report).toMatchObject({
      status: 'ok',
      checks: {
        database: { status: 'ok' },
        migrations: { status: 'ok' },
        scheduler: { status: 'skipped' },
        redis: { status: 'skipped' },
        smtp: { status: 'skipped' },
      },
    });
  });

  it('SMTP: ok when the server greets, fail (no URL in the answer) when nobody listens', async () => {
    const smtp = await startSmtpCapture();
    try {
      setEnv({ SMTP_URL: smtp.url });
      expect((await checkReadiness()).checks.smtp.status).toBe('ok');
    } finally {
      await smtp.stop();
    }
    const down = `smtp://mailer:s3cret-pass@127.0.0.1:${await closedPort()}`;
    setEnv({ SMTP_URL: down });
    const report = await checkReadiness();
    expect(report.status).toBe('fail');
    expect(report.checks.smtp).toMatchObject({ status: 'fail', detail: expect.stringContaining('SMTP') });
    expect(JSON.stringify(report)).not.toMatch(/s3cret|mailer|127\.0\.0\.1/);
  });

  it('Redis (Upstash): ok when it answers PING, fail when it does not', async (ctx) => {
    if (!redisServerInstalled()) ctx.skip(REDIS_MISSING);
    const upstash = await startUpstashTestServer();
    try {
      setEnv({ UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token });
      expect((await checkReadiness()).checks.redis.status).toBe('ok');
    } finally {
      await upstash.stop();
    }
    const token = 'upstash-token-not-to-be-shown';
    setEnv({
      UPSTASH_REDIS_REST_URL: `http://127.0.0.1:${await closedPort()}`,
      UPSTASH_REDIS_REST_TOKEN: token,
    });
    const report = await checkReadiness();
    expect(report.checks.redis.status).toBe('fail');
    expect(report.status).toBe('fail');
    expect(JSON.stringify(report)).not.toContain(token);
  }, 30_000);

  it('the scheduler: fails when stopped, silent or stuck; names failing jobs without failing', async () => {
    const now = Date.now();
    const status =
      (over: Partial<SchedulerStatus> = {}, job: Partial<SchedulerStatus['jobs'][0]> = {}) =>
      () =>
        ({
          stopped: false,
          heartbeatAt: now,
          jobs: [{ name: 'deliver-mail', everyMs: 10_000, failures: 0, ...job }],
          ...over,
        }) satisfies SchedulerStatus;
    const check = async (s: () => SchedulerStatus) => {
      healthState.scheduler = s;
      return (await checkReadiness()).checks.scheduler;
    };
    expect(await check(status())).toEqual({ status: 'ok', ms: 0, detail: '1 job' });
    expect(await check(status({}, { failures: 3 }))).toMatchObject({
      status: 'ok',
      detail: '1 job; failing: deliver-mail (3×)',
    });
    expect(await check(status({ stopped: true }))).toMatchObject({ status: 'fail' });
    expect(await check(status({ heartbeatAt: now - 60_000 }))).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('heartbeat'),
    });
    expect(await check(status({}, { runningSince: now - 11 * 60_000 }))).toMatchObject({
      status: 'fail',
      detail: 'stuck: deliver-mail',
    });
  });
});
