import { describe, expect, it } from 'vitest';
import { redact } from '@/server/log';

describe('log redaction', () => {
  it('never lets secrets through, however deep they sit', () => {
    const out = JSON.stringify(
      redact({
        email: 'a@b.c',
        password: 'hunter2-hunter2',
        nested: { authorization: 'Bearer abc.def', card: { number: '4242424242424242', cvc: '123' } },
        list: [{ accessToken: 'tok_123' }, { passwordHash: '$argon2id$v=19$...' }],
        code: '123456',
        statusCode: 409,
      }),
    );
    for (const secret of ['hunter2', 'Bearer abc', '4242424242424242', 'tok_123', '$argon2id', '123456']) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain('a@b.c');
    expect(out).toContain('409');
  });
});

describe('credentials inside strings', () => {
  it('are removed from connection strings in messages and stacks', () => {
    const out = JSON.stringify(
      redact({ err: { message: 'connect postgres://app:s3cr3t-pw@db.internal:5432/x failed' } }),
    );
    expect(out).not.toContain('s3cr3t-pw');
    expect(out).toContain('postgres://app:[redacted]@db.internal');
  });
});
