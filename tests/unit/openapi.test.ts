import { readdirSync } from 'node:fs';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AppError, ERROR_STATUS, type ErrorCode } from '@/lib/errors';
import { checkoutRequestSchema } from '@/lib/schemas/booking';
import { TEST_CARDS } from '@/lib/test-cards';
import { errorResponse } from '@/server/http/errors';
import {
  API_OPERATIONS,
  type ApiOperation,
  ERROR_CODES,
  errorEnvelopeSchema,
  exampleFromSchema,
  type JsonSchema,
  openApiDocument,
  operationErrorCodes,
} from '@/server/http/openapi';
import { call } from '@/tests/support/api';

// The document must describe the API that exists: one entry per exported handler, references
// that resolve, examples the real schemas accept, and error answers the handlers really give.

const ROOT = path.resolve(import.meta.dirname, '../..');
const API_DIR = path.join(ROOT, 'app/api');
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

type Handler = Parameters<typeof call>[0];
type RouteFile = { file: string; path: string };

function routeFiles(dir: string): RouteFile[] {
  const out: RouteFile[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...routeFiles(full));
    else if (entry.name === 'route.ts') {
      const segments = path
        .relative(path.join(ROOT, 'app'), dir)
        .split(path.sep)
        .filter((s) => !/^\(.*\)$/.test(s)); // route groups are not part of the URL
      if (segments.some((s) => s === '[...nextauth]')) continue; // next-auth's own endpoints
      const urlPath = `/${segments.map((s) => s.replace(/^\[(?:\.\.\.)?(.+)\]$/, '{$1}')).join('/')}`;
      out.push({ file: full, path: urlPath });
    }
  }
  return out;
}

async function handlersOnDisk(): Promise<{ key: string; handler: Handler }[]> {
  const found: { key: string; handler: Handler }[] = [];
  for (const r of routeFiles(API_DIR)) {
    const mod = (await import(r.file)) as Record<string, unknown>;
    for (const m of METHODS) {
      if (typeof mod[m] === 'function') found.push({ key: `${m} ${r.path}`, handler: mod[m] as Handler });
    }
  }
  return found;
}

const opKey = (op: ApiOperation) => `${op.method.toUpperCase()} ${op.path}`;
const doc = openApiDocument();
type Operation = JsonSchema & { responses: Record<string, JsonSchema>; parameters?: JsonSchema[] };
const docOperation = (op: ApiOperation) =>
  (doc.paths as Record<string, Record<string, Operation>>)[op.path]?.[op.method] as Operation;

function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  }
  return node;
}

function allRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const v of node) allRefs(v, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else allRefs(v, out);
    }
  }
  return out;
}

const deref = (p: JsonSchema): JsonSchema =>
  typeof p.$ref === 'string' ? (resolvePointer(p.$ref) as JsonSchema) : p;

describe('the registry covers exactly the route handlers', () => {
  it('has one entry per exported handler, and none without one', async () => {
    const onDisk = (await handlersOnDisk()).map((h) => h.key).sort();
    const documented = API_OPERATIONS.map(opKey);
    expect(onDisk.length).toBeGreaterThan(10);
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual(onDisk);
  });

  it('derives paths from folders, dynamic segments as {param}', () => {
    const paths = routeFiles(API_DIR).map((r) => r.path);
    expect(paths).toContain('/api/v1/bookings/{reference}/calendar.ics');
    expect(paths).toContain('/api/v1/showtimes/{id}/holds');
    expect(paths.some((p) => p.includes('nextauth'))).toBe(false);
  });
});

describe('the document is well-formed OpenAPI 3.1', () => {
  it('declares 3.1 and survives JSON', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
    expect(openApiDocument()).toBe(doc); // memoised
  });

  it('resolves every $ref', () => {
    const refs = allRefs(doc);
    expect(refs.length).toBeGreaterThan(20);
    for (const ref of new Set(refs)) expect(resolvePointer(ref), ref).toBeDefined();
  });

  it('declares every path parameter of every path template, and no others', () => {
    for (const op of API_OPERATIONS) {
      const inTemplate = [...op.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]).sort();
      const declared = (docOperation(op).parameters ?? [])
        .map(deref)
        .filter((p) => p.in === 'path')
        .map((p) => {
          expect(p.required, `${opKey(op)} ${String(p.name)}`).toBe(true);
          return p.name;
        })
        .sort();
      expect(declared, opKey(op)).toEqual(inTemplate);
    }
  });

  it('gives every operation a unique operationId, a known tag, a 2xx response and known security schemes', () => {
    const ids = API_OPERATIONS.map((op) => docOperation(op).operationId);
    expect(new Set(ids).size).toBe(ids.length);
    const tags = new Set((doc.tags as { name: string }[]).map((t) => t.name));
    const schemes = Object.keys((doc.components as { securitySchemes: object }).securitySchemes);
    for (const op of API_OPERATIONS) {
      const o = docOperation(op);
      expect(o.operationId, opKey(op)).toMatch(/^[a-z][A-Za-z]+$/);
      for (const t of o.tags as string[]) expect(tags.has(t), `${opKey(op)} tag ${t}`).toBe(true);
      expect(
        Object.keys(o.responses).some((s) => /^2\d\d$/.test(s)),
        opKey(op),
      ).toBe(true);
      for (const req of o.security as Record<string, unknown>[]) {
        for (const name of Object.keys(req)) expect(schemes).toContain(name);
      }
    }
  });

  it('lists every error code with its real status, through the one envelope', () => {
    const schemas = (doc.components as { schemas: Record<string, JsonSchema> }).schemas;
    expect(schemas.ErrorCode?.enum).toEqual(Object.keys(ERROR_STATUS));
    for (const op of API_OPERATIONS) {
      const o = docOperation(op);
      const documented: string[] = [];
      for (const [status, res] of Object.entries(o.responses)) {
        if (Number(status) < 400) continue;
        const codes = res['x-error-codes'] as ErrorCode[];
        for (const c of codes) expect(ERROR_STATUS[c], `${opKey(op)} ${c}`).toBe(Number(status));
        documented.push(...codes);
        const schema = (res.content as Record<string, { schema: JsonSchema }>)['application/json']?.schema;
        expect(allRefs(schema)).toContain('#/components/schemas/Error');
        if (status === '429' || status === '503') expect(res.headers).toHaveProperty('Retry-After');
      }
      expect(documented.sort()).toEqual(operationErrorCodes(op).sort());
    }
  });

  it('says what route() itself answers: validation, body and auth errors', () => {
    for (const op of API_OPERATIONS) {
      const codes = operationErrorCodes(op);
      if (op.params || op.query || (op.body && !op.rawBody))
        expect(codes, opKey(op)).toContain('VALIDATION_FAILED');
      if (op.body && !op.rawBody) {
        for (const c of ['BAD_REQUEST', 'UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE'] as const) {
          expect(codes, opKey(op)).toContain(c);
        }
      }
      if (op.auth === 'user' || op.auth === 'manager' || op.auth === 'cron') {
        expect(codes, opKey(op)).toContain('UNAUTHENTICATED');
      }
      if (op.auth === 'manager') expect(codes, opKey(op)).toContain('FORBIDDEN');
    }
  });

  it('documents Idempotency-Key, Idempotent-Replayed and Retry-After on checkout', () => {
    const op = API_OPERATIONS.find((o) => o.operationId === 'checkoutHold');
    expect(op).toBeDefined();
    const o = docOperation(op as ApiOperation);
    const params = (o.parameters ?? []).map(deref);
    expect(params.find((p) => p.name === 'Idempotency-Key')).toMatchObject({ in: 'header', required: false });
    expect(o.responses['201']?.headers).toHaveProperty('Idempotent-Replayed');
    expect(o.responses['409']?.headers).toHaveProperty('Retry-After');
    expect(o.responses['409']?.['x-error-codes']).toContain('IDEMPOTENCY_CONFLICT');
  });

  it('explains the conventions in info.description, with the sandbox test cards', () => {
    const text = (doc.info as { description: string }).description;
    for (const card of TEST_CARDS) expect(text).toContain(card.number);
    for (const word of ['paise', 'UTC', 'IDEMPOTENCY_CONFLICT', 'Retry-After', '"error"']) {
      expect(text).toContain(word);
    }
  });
});

describe('examples agree with the zod schemas', () => {
  it('gives every operation with input a valid example request', () => {
    for (const op of API_OPERATIONS) {
      if (op.params)
        expect(op.params.safeParse(op.example?.params).success, `${opKey(op)} params`).toBe(true);
      if (op.query) expect(op.query.safeParse(op.example?.query).success, `${opKey(op)} query`).toBe(true);
      if (op.body) expect(op.body.safeParse(op.example?.body).success, `${opKey(op)} body`).toBe(true);
    }
  });

  it('puts the same examples in the document', () => {
    for (const op of API_OPERATIONS) {
      const o = docOperation(op);
      const body = (o.requestBody as { content: Record<string, { example?: unknown }> } | undefined)?.content[
        'application/json'
      ]?.example;
      expect(body, opKey(op)).toEqual(op.example?.body);
      for (const p of (o.parameters ?? []).map(deref)) {
        const source =
          p.in === 'path' ? op.example?.params : p.in === 'query' ? op.example?.query : undefined;
        if (source && String(p.name) in source) expect(p.example).toEqual(source[String(p.name)]);
      }
    }
  });

  it('checkout accepts the documented example, and every test card in it', () => {
    const op = API_OPERATIONS.find((o) => o.operationId === 'checkoutHold');
    const parsed = checkoutRequestSchema.parse(op?.example?.body);
    expect(parsed.payment.method).toBe('card');
    for (const card of TEST_CARDS) {
      const body = {
        payment: { method: 'card', card: { number: card.number, expMonth: 1, expYear: 30, cvc: '123' } },
      };
      expect(checkoutRequestSchema.safeParse(body).success, card.number).toBe(true);
    }
  });

  it('builds example responses from the document that the response schemas accept', () => {
    for (const op of API_OPERATIONS) {
      if (!op.success.schema) continue;
      const res = docOperation(op).responses[String(op.success.status)] as {
        content: Record<string, { schema: JsonSchema }>;
      };
      const example = exampleFromSchema(res.content['application/json']?.schema, doc);
      const parsed = op.success.schema.safeParse(example);
      expect(parsed.success, `${opKey(op)}: ${JSON.stringify(parsed.error?.issues)}`).toBe(true);
    }
  });

  it('describes the envelope errorResponse() really sends, for every code', async () => {
    expect(ERROR_CODES).toEqual(Object.keys(ERROR_STATUS));
    for (const code of ERROR_CODES) {
      const res = errorResponse(new AppError(code, 'x', { details: { any: 'thing' } }));
      expect(res.status).toBe(ERROR_STATUS[code]);
      expect(errorEnvelopeSchema.safeParse(await res.json()).success, code).toBe(true);
    }
  });
});

describe('handlers answer as documented', () => {
  async function expectDocumented(op: ApiOperation, res: { status: number; body: unknown }) {
    const documented = docOperation(op).responses[String(res.status)];
    expect(documented, `${opKey(op)} answered ${res.status}: ${JSON.stringify(res.body)}`).toBeDefined();
    if (res.status >= 400) {
      const body = errorEnvelopeSchema.parse(res.body);
      expect(documented?.['x-error-codes'], opKey(op)).toContain(body.error.code);
      return body.error.code;
    }
    return null;
  }

  const handlers = handlersOnDisk();
  const handlerFor = async (op: ApiOperation) =>
    (await handlers).find((h) => h.key === opKey(op))?.handler as Handler;
  const urlOf = (op: ApiOperation, params: Record<string, string> = {}) =>
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) => params[name] ?? name);

  it('refuses calls without credentials where sign-in is required (401 UNAUTHENTICATED)', async () => {
    const guarded = API_OPERATIONS.filter((op) => ['user', 'manager', 'cron'].includes(op.auth));
    expect(guarded.length).toBeGreaterThan(5);
    for (const op of guarded) {
      const params = op.example?.params ?? {};
      const res = await call(await handlerFor(op), {
        method: op.method.toUpperCase(),
        path: urlOf(op, params),
        params,
        body: op.example?.body,
      });
      expect(await expectDocumented(op, res)).toBe('UNAUTHENTICATED');
    }
  });

  it('rejects invalid input on public operations as documented', async () => {
    const seats = API_OPERATIONS.find((o) => o.operationId === 'getSeatMap') as ApiOperation;
    const bad = await call(await handlerFor(seats), {
      path: urlOf(seats, { id: 'nope' }),
      params: { id: 'nope' },
    });
    expect(await expectDocumented(seats, bad)).toBe('VALIDATION_FAILED');

    const token = API_OPERATIONS.find((o) => o.operationId === 'createApiToken') as ApiOperation;
    const empty = await call(await handlerFor(token), { method: 'POST', path: token.path, body: {} });
    expect(await expectDocumented(token, empty)).toBe('VALIDATION_FAILED');
    const text = await call(await handlerFor(token), {
      method: 'POST',
      path: token.path,
      body: 'email=a',
      headers: { 'content-type': 'text/plain' },
    });
    expect(await expectDocumented(token, text)).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('serves the document itself, cacheable', async () => {
    const op = API_OPERATIONS.find((o) => o.operationId === 'getOpenApiDocument') as ApiOperation;
    const res = await call(await handlerFor(op), { path: op.path });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.body).toEqual(doc);
  });

  it('answers the health check with the documented body', async () => {
    const op = API_OPERATIONS.find((o) => o.operationId === 'getHealth') as ApiOperation;
    const res = await call(await handlerFor(op), { path: op.path });
    expect(await expectDocumented(op, res)).toBeNull();
    expect(op.success.schema?.safeParse(res.body).success).toBe(true);
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
    expect(html).not.toContain('[object Object]');
    expect(html).not.toMatch(/<script/i);
  });
});
