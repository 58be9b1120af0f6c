import { afterEach, describe, expect, it } from 'vitest';
import { sessionCookie } from '@/server/auth/cookies';
import { authOptions } from '@/server/auth/options';
import { open, seal } from '@/server/auth/secret-box';
import { refreshEnv } from '@/server/env';
import { clientIp, isLoopback } from '@/server/security/client-ip';

// Session cookie flags, the client-IP rule, and the TOTP seed's sealing.

afterEach(() => {
  delete process.env.APP_URL;
  delete process.env.TRUST_PROXY;
  refreshEnv();
});

describe('the session cookie', () => {
  it('is HttpOnly and SameSite=Lax; Secure with the __Secure- prefix when the app is served over HTTPS', () => {
    process.env.APP_URL = 'http://localhost:3000';
    refreshEnv();
    expect(sessionCookie()).toEqual({
      name: 'next-auth.session-token',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: false },
    });
    expect(authOptions().useSecureCookies).toBe(false);

    process.env.APP_URL = 'https://tickets.example.com';
    refreshEnv();
    expect(sessionCookie()).toEqual({
      name: '__Secure-next-auth.session-token',
      options: { httpOnly: true, sameSite: 'lax', path: '/', secure: true },
    });
    const options = authOptions();
    expect(options.useSecureCookies).toBe(true);
    expect(options.cookies?.sessionToken).toEqual(sessionCookie());
  });
});

describe('the client IP', () => {
  const h = (headers: Record<string, string>) => new Headers(headers);

  it('is the address the server saw, and X-Forwarded-For is ignored unless TRUST_PROXY says how many proxies append to it', () => {
    const headers = h({ 'x-marquee-client-ip': '10.0.0.5', 'x-forwarded-for': '6.6.6.6, 203.0.113.9' });
    expect(clientIp(headers)).toBe('10.0.0.5');
    process.env.TRUST_PROXY = '1';
    refreshEnv();
    expect(clientIp(headers)).toBe('203.0.113.9'); // what our one proxy appended, not what the client wrote
    process.env.TRUST_PROXY = '2';
    refreshEnv();
    expect(clientIp(headers)).toBe('6.6.6.6');
    expect(clientIp(h({ 'x-marquee-client-ip': '10.0.0.5' }))).toBe('10.0.0.5');
  });

  it('knows loopback addresses', () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopback(ip)).toBe(true);
    for (const ip of ['10.0.0.1', '::ffff:10.0.0.1', undefined]) expect(isLoopback(ip)).toBe(false);
  });
});

describe('sealed secrets', () => {
  it('decrypt only for the user they were sealed for, and not once tampered with', () => {
    const secret = Buffer.from('0123456789abcdefghij');
    const sealed = seal(secret, 'user-a');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain(secret.toString('base64url'));
    expect(open(sealed, 'user-a').equals(secret)).toBe(true);
    expect(() => open(sealed, 'user-b')).toThrow();
    const parts = sealed.split('.');
    parts[2] = `${parts[2]?.slice(0, -2)}AA`;
    expect(() => open(parts.join('.'), 'user-a')).toThrow();
  });
});
