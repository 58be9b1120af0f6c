import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { errorResponse, toAppError } from '@/server/http/errors';

describe('one error envelope', () => {
  it('turns zod failures into VALIDATION_FAILED with the fields named', async () => {
    const result = z.object({ seatIds: z.array(z.uuid()).min(1) }).safeParse({ seatIds: ['nope'] });
    const res = errorResponse(result.error);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.details).toEqual([{ path: 'seatIds.0', message: expect.any(String) }]);
  });

  it('keeps AppErrors as they are, with Retry-After when given', async () => {
    const res = errorResponse(new AppError('RATE_LIMITED', 'Slow down.', { retryAfter: 30 }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(await res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: 'Slow down.' } });
  });

  it('hides unknown errors behind a generic 500 without leaking their message or stack', async () => {
    const res = errorResponse(new Error('connection string postgres://user:secret@db/prod refused'));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
    expect(JSON.parse(text).error.code).toBe('INTERNAL');
  });

  it('maps a serialization failure that reached the top to BUSY (503), never 500', () => {
    const commitFailure = Object.assign(new Error('x'), {
      name: 'DriverAdapterError',
      cause: { originalCode: '40001', kind: 'TransactionWriteConflict' },
    });
    expect(toAppError(commitFailure).code).toBe('BUSY');
    expect(toAppError(Object.assign(new Error('x'), { code: 'P2034' })).status).toBe(503);
  });
});
