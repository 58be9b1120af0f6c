import { Validator } from '@seriousme/openapi-schema-validator';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { AppError, ERROR_STATUS } from '@/lib/errors';
import { TEST_CARDS } from '@/lib/test-cards';
import { exampleFromSchema, type JsonSchema, openApiDocument } from '@/server/api/openapi';
import { type Operation, operationErrorCodes } from '@/server/api/operation';
import { API_OPERATIONS } from '@/server/api/registry';
import { ERROR_CODES, errorEnvelopeSchema } from '@/server/api/responses';
import { apiRouter } from '@/server/api/router';
import { errorAnswer } from '@/server/api/run-operation';
import { call } from '../support/api';

// The OpenAPI document is generated from the operation declarations, so these tests check what
// could still go wrong: that the router serves exactly the declared operations, that the document
// is valid OpenAPI 3.1 (checked by an independent validator), that path templates and their
// declared parameters agree, that examples pass the real schemas, that the envelope the server
// sends is the documented one, and that real calls answer with documented statuses and codes.
// (Every JSON answer in every integration test is also checked against its declared schema:
// server/api/run-operation.ts.)

const doc = openApiDocument() as {
  paths: Record<string, Record<string, JsonSchema & { responses: Record<string, JsonSchema> }>>;
  components: { schemas: Record<string, JsonSchema> };
} & JsonSchema;
const opKey = (op: Operation) => `${op.method.toUpperCase()} ${op.path}`;

describe('the router serves exactly the declared operations', () => {
  it('routes every operation, under its method and path', async () => {
    const { app } = await apiRouter();
    for (const op of API_OPERATIONS) {
      const url = op.path.replace(/\{([^}]+)\}/g, ':$1');
      expect(app.hasRoute({ method: op.method.toUpperCase() as 'GET', url }), opKey(op)).toBe(true);
    }
    expect(new Set(API_OPERATIONS.map(opKey)).size).toBe(API_OPERATIONS.length);
    expect(new Set(API_OPERATIONS.map((o) => o.operationId)).size).toBe(API_OPERATIONS.length);
  });

  it('answers an undeclared path in the envelope', async () => {
    const op = API_OPERATIONS.find((o) => o.operationId === 'getHealth') as Operation;
    const res = await call({ ...op, path: '/api/v1/no-such-thing' });
    expect(res.status).toBe(404);
    expect(errorEnvelopeSchema.parse(res.body).error.code).toBe('NOT_FOUND');
  });
});

describe('the document', () => {
  it('is valid OpenAPI 3.1, by an independent validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(JSON.parse(JSON.stringify(doc)));
    expect(result.errors ?? [], JSON.stringify(result.errors)?.slice(0, 2000)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toMatch(/^3\.1/);
  });

  it('has every declared operation, once, and nothing else', () => {
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(documented.sort()).toEqual(API_OPERATIONS.map(opKey).sort());
  });

  it('declares each path template’s parameters in the operation’s params schema, and no others', () => {
    for (const op of API_OPERATIONS) {
      const inTemplate = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = op.params ? Object.keys((op.params as z.ZodObject).shape).sort() : [];
      expect(declared, opKey(op)).toEqual(inTemplate);
      const documented = ((doc.paths[op.path]?.[op.method]?.parameters ?? []) as JsonSchema[])
        .filter((p) => p.in === 'path')
        .map((p) => p.name)
        .sort();
      expect(documented, opKey(op)).toEqual(inTemplate);
    }
  });

  it('documents each operation’s success and every error code it may answer, with the real statuses', () => {
    for (const op of API_OPERATIONS) {
      const responses = doc.paths[op.path]?.[op.method]?.responses ?? {};
      expect(Object.keys(responses), opKey(op)).toContain(String(op.success.status));
      for (const code of operationErrorCodes(op)) {
        const r = responses[String(ERROR_STATUS[code])];
        expect(r?.['x-error-codes'], `${opKey(op)} ${code}`).toContain(code);
      }
    }
  });

  it('describes the envelope the server sends, for every code', () => {
    expect(ERROR_CODES).toEqual(Object.keys(ERROR_STATUS));
    for (const code of ERROR_CODES) {
      const res = errorAnswer(new AppError(code, 'x', { details: { any: 'thing' } }));
      expect(res.status).toBe(ERROR_STATUS[code]);
      expect(errorEnvelopeSchema.safeParse(JSON.parse(String(res.body))).success, code).toBe(true);
    }
  });

  it('explains the conventions, with the sandbox test cards', () => {
    const description = String((doc.info as JsonSchema).description);
    for (const card of TEST_CARDS) expect(description).toContain(card.number);
    expect(description).toContain('Idempotency-Key');
  });
});

describe('examples agree with the real schemas', () => {
  it('gives every operation with input an example the schemas accept', () => {
    for (const op of API_OPERATIONS) {
      if (op.params)
        expect(op.params.safeParse(op.example?.params ?? {}).success, `${opKey(op)} params`).toBe(true);
      if (op.query)
        expect(op.query.safeParse(op.example?.query ?? {}).success, `${opKey(op)} query`).toBe(true);
      if (op.body && !op.rawBody) {
        expect(op.body.safeParse(op.example?.body).success, `${opKey(op)} body`).toBe(true);
      }
    }
  });

  it('builds example answers from the document that the declared answer schemas accept', () => {
    for (const op of API_OPERATIONS) {
      const content = doc.paths[op.path]?.[op.method]?.responses[String(op.success.status)]?.content as
        | Record<string, { schema?: unknown }>
        | undefined;
      const schema = content?.['application/json']?.schema;
      if (!schema || !op.success.schema || op.operationId === 'getOpenApiDocument') continue;
      const example = exampleFromSchema(schema, doc);
      expect(op.success.schema.safeParse(example).success, opKey(op)).toBe(true);
    }
  });
});

describe('real calls answer as declared', () => {
  async function expectDocumented(op: Operation, res: { status: number; body: unknown }) {
    const documented = doc.paths[op.path]?.[op.method]?.responses[String(res.status)];
    expect(documented, `${opKey(op)} answered ${res.status}: ${JSON.stringify(res.body)}`).toBeDefined();
    if (res.status < 400) return null;
    const body = errorEnvelopeSchema.parse(res.body);
    expect(documented?.['x-error-codes'], opKey(op)).toContain(body.error.code);
    return body.error.code;
  }

  it('refuses anonymous calls where sign-in or a secret is required (401 UNAUTHENTICATED)', async () => {
    const guarded = API_OPERATIONS.filter((op) => typeof op.auth === 'object' || op.auth === 'cron');
    expect(guarded.length).toBeGreaterThan(10);
    for (const op of guarded) {
      const res = await call(op, { params: op.example?.params, body: op.example?.body });
      expect(await expectDocumented(op, res), opKey(op)).toBe('UNAUTHENTICATED');
    }
  });

  it('refuses bad input as declared: a bad path parameter, an empty body, the wrong content type', async () => {
    const seats = API_OPERATIONS.find((o) => o.operationId === 'getSeatMap') as Operation;
    expect(await expectDocumented(seats, await call(seats, { params: { id: 'nope' } }))).toBe(
      'VALIDATION_FAILED',
    );
    const token = API_OPERATIONS.find((o) => o.operationId === 'createApiToken') as Operation;
    expect(await expectDocumented(token, await call(token, { body: {} }))).toBe('VALIDATION_FAILED');
    const text = await call(token, { body: 'email=a', headers: { 'content-type': 'text/plain' } });
    expect(await expectDocumented(token, text)).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await call(token, { body: JSON.stringify({ email: 'a'.repeat(40_000) }) });
    expect(await expectDocumented(token, big)).toBe('PAYLOAD_TOO_LARGE');
    const garbled = await call(token, { body: '{"email":' });
    expect(await expectDocumented(token, garbled)).toBe('BAD_REQUEST');
  });

  it('serves the document itself, cacheable, and the health check', async () => {
    const op = API_OPERATIONS.find((o) => o.operationId === 'getOpenApiDocument') as Operation;
    const res = await call(op);
    expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'public, max-age=300']);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
    const health = API_OPERATIONS.find((o) => o.operationId === 'getHealth') as Operation;
    const h = await call(health);
    expect(await expectDocumented(health, h)).toBeNull();
    expect(health.success.schema?.safeParse(h.body).success).toBe(true);
  });
});

describe('the reference page', () => {
  it('renders every operation, error code and test card, without client JavaScript', async () => {
    const { default: ApiDocsPage } = await import('@/app/api/docs/page');
    const html = renderToStaticMarkup(createElement(ApiDocsPage));
    for (const op of API_OPERATIONS) {
      expect(html).toContain(`id="${op.operationId}"`);
      expect(html).toContain(`href="#${op.operationId}"`);
    }
    for (const code of ERROR_CODES) expect(html).toContain(code);
    for (const card of TEST_CARDS) expect(html).toContain(card.number);
    expect(html).toContain('curl -X POST &quot;$MARQUEE_URL/api/v1/holds/');
    expect(html).toContain('Staff or Managers of the cinema, or admins');
    expect(html).not.toContain('[object Object]');
    expect(html).not.toMatch(/<script/i);
  });
});
