import type { ReactNode } from 'react';
import { codeClass, InlineText } from '@/components/api-docs/inline-text';

// A JSON Schema (as zod's toJSONSchema writes it) as a readable, nested list of fields: name,
// type, required or not, allowed values, limits, description. Shapes it does not recognise fall
// back to pretty JSON, so nothing is hidden.

export type Schema = { [key: string]: unknown };
export type Schemas = Record<string, Schema>;

const REF = '#/components/schemas/';
const MAX_DEPTH = 8;

type Analysis = {
  label: string;
  nullable: boolean;
  description?: string;
  enumValues?: unknown[];
  constraints: string[];
  /** An object whose fields to list. */
  fields?: Schema;
  /** A component the fields come from (listed collapsed, since it may be long). */
  refName?: string;
  variants?: { label: string; analysis: Analysis }[];
  /** Unrecognised: show the JSON. */
  raw?: Schema;
};

const isObj = (v: unknown): v is Schema => typeof v === 'object' && v !== null && !Array.isArray(v);
const SAFE = Number.MAX_SAFE_INTEGER;

export function constraintsOf(s: Schema): string[] {
  const out: string[] = [];
  const min = typeof s.minimum === 'number' && s.minimum > -SAFE ? s.minimum : undefined;
  const max = typeof s.maximum === 'number' && s.maximum < SAFE ? s.maximum : undefined;
  if (min !== undefined && max !== undefined) out.push(`${min} to ${max}`);
  else if (min !== undefined) out.push(`≥ ${min}`);
  else if (max !== undefined) out.push(`≤ ${max}`);
  const minL = typeof s.minLength === 'number' ? s.minLength : undefined;
  const maxL = typeof s.maxLength === 'number' ? s.maxLength : undefined;
  if (minL !== undefined && minL === maxL) out.push(`exactly ${minL} characters`);
  else if (minL !== undefined && maxL !== undefined) out.push(`${minL}–${maxL} characters`);
  else if (minL !== undefined) out.push(`at least ${minL} characters`);
  else if (maxL !== undefined) out.push(`at most ${maxL} characters`);
  const minI = typeof s.minItems === 'number' ? s.minItems : undefined;
  const maxI = typeof s.maxItems === 'number' ? s.maxItems : undefined;
  if (minI !== undefined && maxI !== undefined) out.push(`${minI}–${maxI} items`);
  else if (minI !== undefined) out.push(`at least ${minI} items`);
  else if (maxI !== undefined) out.push(`at most ${maxI} items`);
  if (s.uniqueItems === true) out.push('no duplicates');
  // A format (uuid, date-time, email) says what its long generated pattern says.
  if (typeof s.pattern === 'string' && !s.format) out.push(`matches ${s.pattern}`);
  if (s.default !== undefined) out.push(`default ${JSON.stringify(s.default)}`);
  return out;
}

function analyze(s: Schema, schemas: Schemas, depth = 0): Analysis {
  const description = typeof s.description === 'string' ? s.description : undefined;
  if (depth > MAX_DEPTH) return { label: 'object', nullable: false, constraints: [], raw: s, description };

  const union = (Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : undefined)?.filter(
    isObj,
  );
  if (union) {
    const nonNull = union.filter((v) => v.type !== 'null');
    if (nonNull.length === 1 && union.length === 2 && nonNull[0]) {
      const inner = analyze(nonNull[0], schemas, depth + 1);
      return { ...inner, nullable: true, description: description ?? inner.description };
    }
    const variants = nonNull.map((v) => {
      const a = analyze(v, schemas, depth + 1);
      return { label: variantLabel(v, a, schemas), analysis: a };
    });
    const simple = variants.every((v) => !v.analysis.fields && !v.analysis.variants && !v.analysis.raw);
    if (simple) {
      return {
        label: variants.map((v) => v.label).join(' or '),
        nullable: nonNull.length !== union.length,
        constraints: [],
        description,
      };
    }
    return {
      label: 'one of',
      nullable: nonNull.length !== union.length,
      constraints: [],
      variants,
      description,
    };
  }

  // `type: ["string", "null"]`, as zod writes a nullable primitive.
  if (Array.isArray(s.type)) {
    const types = s.type.filter((t) => t !== 'null');
    const nullable = types.length !== s.type.length;
    if (types.length === 1) return { ...analyze({ ...s, type: types[0] }, schemas, depth + 1), nullable };
    return { label: types.join(' or '), nullable, constraints: constraintsOf(s), description };
  }

  if (typeof s.$ref === 'string' && s.$ref.startsWith(REF)) {
    const name = s.$ref.slice(REF.length);
    const target = schemas[name];
    if (!target) return { label: name, nullable: false, constraints: [], description };
    const inner = analyze(target, schemas, depth + 1);
    return {
      ...inner,
      label: inner.fields ? name : `${name} (${inner.label})`,
      refName: inner.fields ? name : undefined,
      description: description ?? inner.description,
    };
  }

  const constraints = constraintsOf(s);
  if (s.const !== undefined)
    return { label: JSON.stringify(s.const), nullable: false, constraints, description };
  if (Array.isArray(s.enum)) {
    return {
      label: `${typeof s.type === 'string' ? s.type : 'value'}, one of`,
      nullable: false,
      constraints,
      description,
      enumValues: s.enum,
    };
  }
  if (Array.isArray(s.allOf)) return { label: 'object', nullable: false, constraints, description, raw: s };

  switch (s.type) {
    case 'array': {
      const items = isObj(s.items) ? analyze(s.items, schemas, depth + 1) : undefined;
      return {
        label: `array of ${items ? pluralLabel(items.label) : 'anything'}`,
        nullable: false,
        constraints,
        description,
        fields: items?.fields,
        refName: items?.refName,
        variants: items?.variants,
        enumValues: items?.enumValues,
        raw: items?.raw,
      };
    }
    case 'object': {
      if (isObj(s.properties) && Object.keys(s.properties).length > 0) {
        return { label: 'object', nullable: false, constraints, description, fields: s };
      }
      const values = isObj(s.additionalProperties)
        ? analyze(s.additionalProperties, schemas, depth + 1)
        : undefined;
      return {
        label: values && values.label !== 'any' ? `object (keys → ${values.label})` : 'object (any keys)',
        nullable: false,
        constraints,
        description,
      };
    }
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
    case 'null':
      return {
        label: typeof s.format === 'string' ? `${s.type} (${s.format})` : s.type,
        nullable: false,
        constraints,
        description,
      };
    default:
      break;
  }
  const meaningful = Object.keys(s).filter((k) => k !== 'description');
  if (meaningful.length === 0) return { label: 'any', nullable: false, constraints, description };
  return { label: 'value', nullable: false, constraints, description, raw: s };
}

function pluralLabel(label: string): string {
  return /^[A-Z]/.test(label) ? label : label === 'object' ? 'objects' : label;
}

/** A union branch's name: its discriminating constant (`method: "card"`) when it has one. */
function variantLabel(v: Schema, a: Analysis, schemas: Schemas): string {
  const target =
    typeof v.$ref === 'string' && v.$ref.startsWith(REF) ? (schemas[v.$ref.slice(REF.length)] ?? v) : v;
  if (isObj(target.properties)) {
    for (const [k, p] of Object.entries(target.properties)) {
      if (isObj(p) && p.const !== undefined) return `${k}: ${JSON.stringify(p.const)}`;
    }
  }
  return a.constraints.length ? `${a.label} (${a.constraints.join(', ')})` : a.label;
}

function Details({ a, schemas, depth }: { a: Analysis; schemas: Schemas; depth: number }): ReactNode {
  if (a.raw) return <RawJson value={a.raw} />;
  if (a.variants) {
    return (
      <div className="mt-2 space-y-2">
        {a.variants.map((v) => (
          <div key={v.label} className="rounded-md border border-stone-200 p-2 dark:border-ink-700">
            <p className="text-sm font-medium">
              <span className="text-stone-500 dark:text-stone-400">variant </span>
              <code className={codeClass}>{v.label}</code>
            </p>
            <Details a={v.analysis} schemas={schemas} depth={depth + 1} />
          </div>
        ))}
      </div>
    );
  }
  if (!a.fields) return null;
  const list = <FieldList schema={a.fields} schemas={schemas} depth={depth + 1} />;
  if (a.refName && depth > 0) {
    return (
      <details className="mt-1">
        <summary className="cursor-pointer text-sm font-medium text-brand-700 hover:underline dark:text-brand-400">
          {a.refName} fields
        </summary>
        {list}
      </details>
    );
  }
  return list;
}

function FieldList({ schema, schemas, depth }: { schema: Schema; schemas: Schemas; depth: number }) {
  const props = isObj(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? (schema.required as string[]) : []);
  return (
    <ul
      className={`divide-y divide-stone-200 dark:divide-ink-700 ${depth > 1 ? 'mt-1 border-l-2 border-stone-200 pl-3 dark:border-ink-700' : ''}`}
    >
      {Object.entries(props).map(([name, p]) =>
        isObj(p) ? (
          <Field
            key={name}
            name={name}
            schema={p}
            required={required.has(name)}
            schemas={schemas}
            depth={depth}
          />
        ) : null,
      )}
    </ul>
  );
}

function Field({
  name,
  schema,
  required,
  schemas,
  depth = 0,
  location,
}: {
  name: string;
  schema: Schema;
  required: boolean;
  schemas: Schemas;
  depth?: number;
  location?: string;
}) {
  const a = analyze(schema, schemas, depth);
  return (
    <li className="py-2">
      <p className="flex flex-wrap items-baseline gap-x-2 gap-y-0.5">
        <code className="font-mono text-sm font-semibold wrap-anywhere">{name}</code>
        <TypeLabel a={a} />
        {location ? <span className="text-xs text-stone-600 dark:text-stone-400">in {location}</span> : null}
        {required ? (
          <span className="text-xs font-semibold text-brand-700 dark:text-brand-400">required</span>
        ) : (
          <span className="text-xs text-stone-600 dark:text-stone-400">optional</span>
        )}
      </p>
      <FieldNotes a={a} />
      <Details a={a} schemas={schemas} depth={depth} />
    </li>
  );
}

function TypeLabel({ a }: { a: Analysis }) {
  return (
    <span className="font-mono text-xs text-sky-800 dark:text-sky-300">
      {a.label}
      {a.nullable ? ' | null' : ''}
    </span>
  );
}

function FieldNotes({ a }: { a: Analysis }) {
  return (
    <>
      {a.description ? (
        <p className="mt-0.5 text-sm text-stone-700 dark:text-stone-300">
          <InlineText text={a.description} />
        </p>
      ) : null}
      {a.enumValues ? (
        <p className="mt-1 flex flex-wrap gap-1 text-xs">
          {a.enumValues.map((v) => (
            <code key={String(v)} className={codeClass}>
              {typeof v === 'string' ? v : JSON.stringify(v)}
            </code>
          ))}
        </p>
      ) : null}
      {a.constraints.length ? (
        <p className="mt-0.5 text-xs text-stone-600 wrap-anywhere dark:text-stone-400">
          {a.constraints.join(' · ')}
        </p>
      ) : null}
    </>
  );
}

/** A whole request or response body. */
export function SchemaView({ schema, schemas }: { schema: Schema; schemas: Schemas }) {
  const a = analyze(schema, schemas);
  return (
    <div className="text-sm">
      {a.refName || a.label !== 'object' ? (
        <p className="flex flex-wrap items-baseline gap-x-2">
          <TypeLabel a={a} />
        </p>
      ) : null}
      <FieldNotes a={a} />
      <Details a={a} schemas={schemas} depth={0} />
    </div>
  );
}

export function RawJson({ value }: { value: unknown }) {
  return (
    <pre className="mt-1 overflow-x-auto whitespace-pre-wrap rounded-md bg-stone-100 p-3 font-mono text-xs wrap-anywhere dark:bg-ink-950">
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
