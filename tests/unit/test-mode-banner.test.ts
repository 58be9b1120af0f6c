import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { TestModeBanner } from '@/components/test-mode-banner';
import { refreshEnv } from '@/server/env';

// Issue 10, item 2: whenever payments go to the sandbox, every page says TEST MODE (the banner is
// in the root layout; tests/integration/production-start.int.test.ts sees it on real pages).

const saved = { ...process.env };
afterEach(() => {
  for (const key of ['PAYMENT_PROVIDER', 'STRIPE_SECRET_KEY', 'NODE_ENV'] as const) {
    if (saved[key] === undefined) delete process.env[key];
    else (process.env as Record<string, string>)[key] = saved[key] as string;
  }
  refreshEnv();
});

function render(env: Record<string, string>): string {
  Object.assign(process.env, env);
  refreshEnv();
  return renderToStaticMarkup(createElement(TestModeBanner));
}

describe('the TEST MODE banner', () => {
  it('shows, as a labelled landmark, while the sandbox takes payments', () => {
    const html = render({ PAYMENT_PROVIDER: 'sandbox' });
    expect(html).toMatch(/^<aside aria-label="Test mode"/);
    expect(html).toContain('TEST MODE');
  });

  it('is absent when Stripe takes real payments', () => {
    expect(render({ PAYMENT_PROVIDER: 'stripe', STRIPE_SECRET_KEY: 'sk_live_x' })).toBe('');
  });
});
