import { describe, expect, it } from 'vitest';
import { parseTraceparent, requestIdentity, traceparentOf, validRequestId } from '@/server/http/request-id';

describe('X-Request-Id', () => {
  it('keeps a printable token of at most 128 characters', () => {
    for (const id of [
      'abc-123',
      'f47ac10b-58cc-4372-a567-0e02b2c3d479',
      'Root=1-5759e988',
      'a'.repeat(128),
    ]) {
      expect(validRequestId(id.replace('=', '_'))).toBe(id.replace('=', '_'));
    }
  });

  it('refuses what would break a header or a log line, or is too long', () => {
    for (const id of ['', ' ', 'a b', 'a"b', 'a,b', 'line\nbreak', 'tab\t', 'é', 'a'.repeat(129), 'x=y']) {
      expect(validRequestId(id), JSON.stringify(id)).toBeUndefined();
    }
  });

  it('replaces an invalid or repeated id with a generated UUID', () => {
    const bad = requestIdentity({ 'x-request-id': 'has space' });
    expect(bad.requestIdFromClient).toBe(false);
    expect(bad.requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(requestIdentity({ 'x-request-id': ['a', 'b'] }).requestIdFromClient).toBe(false);
    const good = requestIdentity({ 'x-request-id': 'abc-123' });
    expect([good.requestId, good.requestIdFromClient]).toEqual(['abc-123', true]);
  });
});

describe('traceparent', () => {
  const valid = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

  it('reads a valid one, and a future version with more fields', () => {
    expect(parseTraceparent(valid)).toEqual({
      traceId: '4bf92f3577b34da6a3ce929d0e0e4736',
      parentSpanId: '00f067aa0ba902b7',
      flags: '01',
    });
    expect(parseTraceparent(`01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-extra`)?.flags).toBe(
      '00',
    );
  });

  it('ignores malformed ones', () => {
    for (const tp of [
      'garbage',
      '00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01',
      'ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      '00-00000000000000000000000000000000-00f067aa0ba902b7-01',
      '00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01',
      `${valid}-extra`,
      '00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01',
    ]) {
      expect(parseTraceparent(tp), tp).toBeUndefined();
    }
  });

  it('keeps the trace id and answers with a span of its own; starts a trace when none is valid', () => {
    const kept = requestIdentity({ traceparent: valid });
    expect(kept.trace.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceparentOf(kept)).toMatch(/^00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01$/);
    expect(traceparentOf(kept)).not.toContain('00f067aa0ba902b7');
    const fresh = requestIdentity({ traceparent: 'nonsense' });
    expect(fresh.trace.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(fresh.trace.parentSpanId).toBeUndefined();
    expect(parseTraceparent(traceparentOf(fresh))?.traceId).toBe(fresh.trace.traceId);
  });
});
