import { describe, expect, it } from 'vitest';
import { API_OPERATIONS } from '@/server/api/registry';
import { apiRouteTable } from '@/server/http/request-gate';

// The custom server's gate lets through only the API paths an operation declares. A path whose
// parameter is part of a segment ({number}.pdf) must pass too, or the real server answers 404
// where the router (and every test through it) would have served it.

const table = apiRouteTable(API_OPERATIONS);
const passes = (path: string, method = 'GET') =>
  table.some((r) => r.pattern.test(path) && r.methods.has(method));

describe('the API gate', () => {
  it('lets through every declared operation, its example parameters in the path', () => {
    for (const op of API_OPERATIONS) {
      const params = (op.example?.params ?? {}) as Record<string, string>;
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(params[name] ?? 'x'),
      );
      expect(passes(path, op.method.toUpperCase()), `${op.method} ${path}`).toBe(true);
    }
  });

  it('matches a parameter inside a segment, and only with the rest of the segment', () => {
    expect(passes('/api/v1/bookings/MQ-7K3F9X2/credit-notes/BOM1CN2627-00042.pdf')).toBe(true);
    expect(passes('/api/v1/bookings/MQ-7K3F9X2/credit-notes/BOM1CN2627-00042.txt')).toBe(false);
    expect(passes('/api/v1/bookings/MQ-7K3F9X2/credit-notes/a/b.pdf')).toBe(false);
  });
});
