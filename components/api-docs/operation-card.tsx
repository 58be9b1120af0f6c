import type { ReactNode } from 'react';
import { codeClass, InlineText, MethodBadge } from '@/components/api-docs/inline-text';
import {
  constraintsOf,
  RawJson,
  type Schema,
  type Schemas,
  SchemaView,
} from '@/components/api-docs/schema-view';

// One operation of the OpenAPI document: what it does, who may call it, its parameters, body,
// responses and errors, and a curl command to try it.

export type DocParameter = {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  description?: string;
  schema?: Schema;
  example?: unknown;
};
export type DocResponse = {
  description: string;
  headers?: Record<string, Schema>;
  content?: Record<string, { schema?: Schema }>;
  'x-error-codes'?: string[];
};
export type DocOperation = {
  operationId: string;
  summary: string;
  description: string;
  tags: string[];
  /** Who may call, in words. */
  'x-auth': string;
  security?: Record<string, string[]>[];
  parameters?: (DocParameter | { $ref: string })[];
  requestBody?: { content: Record<string, { schema: Schema; example?: unknown }> };
  responses: Record<string, DocResponse>;
};
export type DocComponents = {
  schemas: Schemas;
  parameters: Record<string, DocParameter>;
  headers: Record<string, Schema>;
};

const STATUS_TEXT: Record<string, string> = {
  '200': 'OK',
  '201': 'Created',
  '204': 'No Content',
  '400': 'Bad Request',
  '401': 'Unauthorized',
  '402': 'Payment Required',
  '403': 'Forbidden',
  '404': 'Not Found',
  '409': 'Conflict',
  '413': 'Content Too Large',
  '415': 'Unsupported Media Type',
  '422': 'Unprocessable Content',
  '429': 'Too Many Requests',
  '500': 'Internal Server Error',
  '503': 'Service Unavailable',
};

function resolveParameters(op: DocOperation, components: DocComponents): DocParameter[] {
  return (op.parameters ?? []).flatMap((p) => {
    if ('$ref' in p) {
      const found = components.parameters[p.$ref.split('/').at(-1) ?? ''];
      return found ? [found] : [];
    }
    return [p];
  });
}

/** ErrorCode's `x-enum-descriptions` ("409: meaning"), by code. */
function errorCodeMeanings(components: DocComponents): Record<string, string> {
  const schema = components.schemas.ErrorCode ?? {};
  const codes = Array.isArray(schema.enum) ? schema.enum.map(String) : [];
  const texts = Array.isArray(schema['x-enum-descriptions']) ? schema['x-enum-descriptions'].map(String) : [];
  return Object.fromEntries(codes.map((c, i) => [c, (texts[i] ?? '').replace(/^\d{3}: /, '')]));
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** A runnable curl command, with $MARQUEE_URL and $MARQUEE_TOKEN for what differs per reader. */
function curlCommand(method: string, path: string, op: DocOperation, components: DocComponents): string {
  const params = resolveParameters(op, components);
  let url = path;
  const query: string[] = [];
  for (const p of params) {
    if (p.example === undefined) continue;
    if (p.in === 'path') url = url.replace(`{${p.name}}`, encodeURIComponent(String(p.example)));
    if (p.in === 'query') query.push(`${p.name}=${encodeURIComponent(String(p.example))}`);
  }
  const lines = [
    `curl${method === 'get' ? '' : ` -X ${method.toUpperCase()}`} "$MARQUEE_URL${url}${query.length ? `?${query.join('&')}` : ''}"`,
  ];
  const schemes = new Set((op.security ?? []).flatMap((s) => Object.keys(s)));
  if (schemes.has('bearerAuth')) lines.push(`-H "Authorization: Bearer $MARQUEE_TOKEN"`);
  if (schemes.has('cronBearer')) lines.push(`-H "Authorization: Bearer $CRON_SECRET"`);
  for (const p of params) {
    if (p.in !== 'header') continue;
    if (p.name === 'Idempotency-Key') lines.push(`-H "Idempotency-Key: $(uuidgen)"`);
    else if (p.example !== undefined) lines.push(`-H ${shellQuote(`${p.name}: ${String(p.example)}`)}`);
  }
  const body = op.requestBody?.content['application/json'];
  if (body) {
    lines.push(`-H "Content-Type: application/json"`);
    const compact = JSON.stringify(body.example ?? {});
    lines.push(`-d ${shellQuote(compact.length > 60 ? JSON.stringify(body.example, null, 2) : compact)}`);
  }
  const success = Object.entries(op.responses).find(([s]) => s.startsWith('2'))?.[1];
  const type = Object.keys(success?.content ?? {})[0];
  if (type === 'application/pdf') lines.push('-o tickets.pdf');
  else if (type === 'text/calendar') lines.push('-o booking.ics');
  return lines.join(' \\\n  ');
}

function Subheading({ children }: { children: ReactNode }) {
  return (
    <h4 className="mt-5 mb-1 text-sm font-semibold uppercase tracking-wide text-stone-600 dark:text-stone-400">
      {children}
    </h4>
  );
}

export function OperationCard({
  method,
  path,
  op,
  components,
  authLabel,
  exampleResponse,
}: {
  method: string;
  path: string;
  op: DocOperation;
  components: DocComponents;
  authLabel: string;
  exampleResponse?: unknown;
}) {
  const params = resolveParameters(op, components);
  const errorMeanings = errorCodeMeanings(components);
  const body = op.requestBody?.content['application/json'];
  const statuses = Object.keys(op.responses).sort();
  const success = statuses.filter((s) => s.startsWith('2'));
  const errors = statuses.filter((s) => Number(s) >= 400);
  const headingId = `${op.operationId}-title`;
  return (
    <section
      id={op.operationId}
      aria-labelledby={headingId}
      className="scroll-mt-20 rounded-lg border border-stone-200 bg-white p-4 shadow-sm sm:p-5 dark:border-ink-700 dark:bg-ink-900"
    >
      <p className="flex flex-wrap items-center gap-2">
        <MethodBadge method={method} />
        <code className="font-mono text-sm font-semibold wrap-anywhere">{path}</code>
      </p>
      <h3 id={headingId} className="mt-2 font-display text-xl font-bold">
        {op.summary}
      </h3>
      <p className="mt-1 text-sm">
        <span className="text-stone-600 dark:text-stone-400">Authentication: </span>
        <span className="font-medium">{authLabel}</span>
      </p>
      <p className="mt-3 max-w-prose leading-relaxed">
        <InlineText text={op.description} />
      </p>

      {params.length ? (
        <>
          <Subheading>Parameters</Subheading>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Parameters of {op.summary}</caption>
            <thead className="text-xs text-stone-600 dark:text-stone-400">
              <tr>
                <th scope="col" className="py-1 pr-3 font-medium sm:w-48">
                  Name
                </th>
                <th scope="col" className="hidden py-1 pr-3 font-medium sm:table-cell sm:w-40">
                  Type
                </th>
                <th scope="col" className="py-1 font-medium">
                  Description
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200 align-top dark:divide-ink-700">
              {params.map((p) => (
                <ParameterRow key={`${p.in}:${p.name}`} p={p} />
              ))}
            </tbody>
          </table>
        </>
      ) : null}

      {body ? (
        <>
          <Subheading>Request body</Subheading>
          <p className="text-xs text-stone-600 dark:text-stone-400">
            <code className={codeClass}>application/json</code>
          </p>
          <SchemaView schema={body.schema} schemas={components.schemas} />
          {body.example !== undefined ? (
            <details className="mt-2">
              <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                Example request body
              </summary>
              <RawJson value={body.example} />
            </details>
          ) : null}
        </>
      ) : null}

      <Subheading>Response</Subheading>
      {success.map((status) => {
        const res = op.responses[status] as DocResponse;
        const [type, media] = Object.entries(res.content ?? {})[0] ?? [];
        const headers = Object.keys(res.headers ?? {}).filter((h) => h !== 'X-Request-Id');
        return (
          <div key={status} className="space-y-1">
            <p className="text-sm">
              <span className="font-mono font-semibold text-emerald-800 dark:text-emerald-300">
                {status} {STATUS_TEXT[status] ?? ''}
              </span>{' '}
              — <InlineText text={res.description} />
              {type ? (
                <>
                  {' '}
                  <code className={codeClass}>{type}</code>
                </>
              ) : null}
            </p>
            {headers.length ? (
              <p className="text-xs text-stone-600 dark:text-stone-400">
                Headers:{' '}
                {headers.map((h, i) => (
                  <span key={h}>
                    {i > 0 ? ', ' : ''}
                    <code className={codeClass}>{h}</code>
                  </span>
                ))}
              </p>
            ) : null}
            {type === 'application/json' && media?.schema ? (
              <details className="mt-1">
                <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                  Response fields
                </summary>
                <SchemaView schema={media.schema} schemas={components.schemas} />
              </details>
            ) : null}
            {exampleResponse !== undefined ? (
              <details className="mt-1">
                <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
                  Example response (generated from the schema)
                </summary>
                <RawJson value={exampleResponse} />
              </details>
            ) : null}
          </div>
        );
      })}

      {errors.length ? (
        <>
          <Subheading>Errors</Subheading>
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Errors of {op.summary}</caption>
            <thead className="text-xs text-stone-600 dark:text-stone-400">
              <tr>
                <th scope="col" className="w-24 py-1 pr-3 font-medium">
                  Status
                </th>
                <th scope="col" className="py-1 font-medium">
                  Codes
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-stone-200 align-top dark:divide-ink-700">
              {errors.map((status) => {
                const res = op.responses[status] as DocResponse;
                const retry = res.headers !== undefined && 'Retry-After' in res.headers;
                return (
                  <tr key={status}>
                    <td className="py-2 pr-3">
                      <span className="font-mono font-semibold">{status}</span>
                      <span className="block text-xs text-stone-600 dark:text-stone-400">
                        {STATUS_TEXT[status] ?? ''}
                      </span>
                    </td>
                    <td className="py-2">
                      <ul className="space-y-1.5">
                        {(res['x-error-codes'] ?? []).map((code) => (
                          <li key={code}>
                            <code className={codeClass}>{code}</code>{' '}
                            <span className="text-stone-700 dark:text-stone-300">
                              <InlineText text={errorMeanings[code] ?? ''} />
                            </span>
                          </li>
                        ))}
                      </ul>
                      {retry ? (
                        <p className="mt-1 text-xs text-stone-600 dark:text-stone-400">
                          May carry <code className={codeClass}>Retry-After</code> (seconds).
                        </p>
                      ) : null}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : null}

      <Subheading>Try it with curl</Subheading>
      <p className="mb-1 text-xs text-stone-600 dark:text-stone-400">
        Click the command once to select all of it.
      </p>
      <pre className="select-all whitespace-pre-wrap rounded-md bg-ink-950 p-3 font-mono text-xs leading-relaxed text-stone-100 wrap-anywhere dark:bg-black/40">
        {curlCommand(method, path, op, components)}
      </pre>
    </section>
  );
}

function ParameterRow({ p }: { p: DocParameter }) {
  const schema = p.schema ?? {};
  const type =
    typeof schema.format === 'string'
      ? `${String(schema.type)} (${schema.format})`
      : String(schema.type ?? 'string');
  const notes = [
    ...(Array.isArray(schema.enum) ? [`one of ${schema.enum.map((v) => String(v)).join(', ')}`] : []),
    ...constraintsOf(schema),
  ];
  return (
    <tr>
      <td className="py-1.5 pr-3">
        <code className="font-mono font-semibold break-words">{p.name}</code>
        <span className="block font-mono text-xs text-sky-800 sm:hidden dark:text-sky-300">{type}</span>
        <span className="block text-xs text-stone-600 dark:text-stone-400">
          {p.in}
          {p.required ? ', required' : ''}
        </span>
      </td>
      <td className="hidden py-1.5 pr-3 font-mono text-xs text-sky-800 sm:table-cell dark:text-sky-300">
        {type}
      </td>
      <td className="py-1.5">
        {p.description ? <InlineText text={p.description} /> : null}
        {notes.length ? (
          <span className="block text-xs text-stone-600 wrap-anywhere dark:text-stone-400">
            {notes.join(' · ')}
          </span>
        ) : null}
      </td>
    </tr>
  );
}
