import { BlockList, isIP } from 'node:net';

// METRICS_ALLOW: the addresses that may read /metrics without the token. Parsed by server/env.ts
// (a bad entry stops start-up, naming the variable) and matched with Node's own BlockList, so CIDR
// arithmetic is not ours to get wrong. No server-only marker: env.ts loads it before anything else.

/** The loopback addresses: the default, so a fresh install only answers scrapes from its own host. */
export const DEFAULT_METRICS_ALLOW = '127.0.0.1,::1';

type Entry = { address: string; prefix: number | null; family: 'ipv4' | 'ipv6' };

/** The entries of a comma-separated list of IPs and CIDRs, or null if one is not one. `none`: empty. */
export function parseAllowList(text: string): Entry[] | null {
  if (text.trim().toLowerCase() === 'none') return [];
  const entries: Entry[] = [];
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (!item) continue;
    const [address = '', prefixText, ...rest] = item.split('/');
    const version = isIP(address);
    if (version === 0 || rest.length > 0) return null;
    const family = version === 4 ? 'ipv4' : 'ipv6';
    let prefix: number | null = null;
    if (prefixText !== undefined) {
      if (!/^\d{1,3}$/.test(prefixText)) return null;
      prefix = Number(prefixText);
      if (prefix > (version === 4 ? 32 : 128)) return null;
    }
    entries.push({ address, prefix, family });
  }
  return entries;
}

export function allowList(text: string): BlockList {
  const entries = parseAllowList(text);
  if (!entries) throw new Error(`not a list of IP addresses and CIDR ranges: ${text}`);
  const list = new BlockList();
  for (const e of entries) {
    if (e.prefix === null) list.addAddress(e.address, e.family);
    else list.addSubnet(e.address, e.prefix, e.family);
  }
  return list;
}

/** Whether an address (as a socket reports it; IPv4 may come mapped into IPv6) is on the list. */
export function isAllowed(list: BlockList, address: string | undefined): boolean {
  if (!address) return false;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  const ip = mapped?.[1] ?? address;
  const version = isIP(ip);
  if (version === 0) return false;
  return list.check(ip, version === 4 ? 'ipv4' : 'ipv6');
}
