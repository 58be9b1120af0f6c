import 'server-only';
import { env } from '@/server/env';

type HeaderSource = { get(name: string): string | null };

/**
 * The client's IP address for limits and the audit log. The custom server (server/main.ts) sets
 * `x-marquee-client-ip` to the TCP peer on every request, over anything the client sent.
 * X-Forwarded-For is anyone's to write, so it is read only when TRUST_PROXY says how many proxies
 * of ours append to it, and then only the entry the outermost of them appended.
 */
export function clientIp(h: HeaderSource): string | undefined {
  const peer = h.get('x-marquee-client-ip')?.trim() || undefined;
  const hops = env().TRUST_PROXY;
  if (hops > 0) {
    const chain = (h.get('x-forwarded-for') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const fromProxy = chain[chain.length - hops];
    if (fromProxy) return fromProxy;
  }
  return peer;
}

/** Plain-object headers (next-auth hands its callbacks those) as a HeaderSource. */
export function headerSource(headers: Record<string, unknown> | undefined): HeaderSource {
  return {
    get: (name) => {
      const v = headers?.[name.toLowerCase()];
      return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : null;
    },
  };
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export function isLoopback(ip: string | undefined): boolean {
  return ip !== undefined && (LOOPBACK.has(ip) || ip.startsWith('127.'));
}

/** The client IP of the current request (pages and server actions). */
export async function requestIp(): Promise<string | undefined> {
  const { headers } = await import('next/headers');
  return clientIp(await headers());
}
