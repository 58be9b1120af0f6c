import { randomUUID } from 'node:crypto';
import type { Rng } from '@/prisma/seed-data/schedule';

// Values for the fuzz drill (bench/drills/fuzz.ts): plausible ones generated from a JSON schema
// (so requests get past validation into the use cases), and the nasty ones that have broken
// servers before (NUL, broken percent-encoding, lone surrogates, huge, wrong types).

export type JsonSchema = { [key: string]: unknown };

/** Known-good values by field or parameter name, taken from the drill's database. */
export type Pools = Record<string, readonly unknown[]>;

export const NASTY_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '%00',
  '%zz',
  '%',
  '%E0%A4',
  '..',
  '../../etc/passwd',
  '%2e%2e',
  '\\',
  "'; DROP TABLE users; --",
  '" OR 1=1 --',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '\u202e\u0645',
  '😀'.repeat(40),
  '\ud800',
  'A'.repeat(10_000),
  '-1',
  '1e309',
  'NaN',
  'null',
  '__proto__',
  '00000000-0000-0000-0000-000000000000',
  'MQ-0000',
];

const NASTY_VALUES: readonly unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  2 ** 53 + 1,
  [],
  {},
  [null],
  // An own __proto__ key, as JSON.parse makes one (a literal would set the prototype instead).
  JSON.parse('{"__proto__":{"polluted":true}}'),
  Array.from({ length: 200 }, () => 'x'),
];

/** NUL is what PostgreSQL refuses outright (22021), so a quarter of the nasty values carry one. */
const WITH_NUL = ['\u0000', 'a\u0000b', 'MQ-\u0000', 'dune\u0000'];

export function nasty(rng: Rng): unknown {
  const roll = rng.float();
  if (roll < 0.25) return rng.pick(WITH_NUL);
  return roll < 0.7 ? rng.pick(NASTY_STRINGS) : rng.pick(NASTY_VALUES);
}

export function resolve(schema: unknown, root: JsonSchema): JsonSchema {
  let s = (schema ?? {}) as JsonSchema;
  for (let i = 0; i < 10 && typeof s.$ref === 'string'; i++) {
    const parts = s.$ref.replace(/^#\//, '').split('/');
    let target: unknown = root;
    for (const p of parts) target = (target as JsonSchema | undefined)?.[p];
    s = (target ?? {}) as JsonSchema;
  }
  return s;
}

/** A value the schema accepts, as far as a generator can tell (patterns are not inverted). */
export function generate(
  schema: unknown,
  root: JsonSchema,
  rng: Rng,
  pools: Pools,
  key = '',
  depth = 0,
): unknown {
  const s = resolve(schema, root);
  const pool = pools[key];
  if (pool?.length && rng.chance(0.85)) return rng.pick(pool);
  if (depth > 6) return null;
  const variants = (s.oneOf ?? s.anyOf) as unknown[] | undefined;
  if (variants?.length) return generate(rng.pick(variants), root, rng, pools, key, depth + 1);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length) return rng.pick(s.enum);
  if (Array.isArray(s.examples) && s.examples.length && rng.chance(0.5)) return rng.pick(s.examples);
  if (s.example !== undefined && rng.chance(0.5)) return s.example;
  const type = Array.isArray(s.type) ? rng.pick(s.type as string[]) : (s.type as string | undefined);
  switch (type) {
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries(props)) {
        if (required.has(name) || rng.chance(0.5))
          out[name] = generate(prop, root, rng, pools, name, depth + 1);
      }
      return out;
    }
    case 'array': {
      const min = Number(s.minItems ?? 0);
      const max = Math.min(Number(s.maxItems ?? min + 3), min + 3);
      return Array.from({ length: rng.int(min, Math.max(min, max)) }, () =>
        generate(s.items, root, rng, pools, key, depth + 1),
      );
    }
    case 'integer':
    case 'number': {
      const min = Number(s.minimum ?? 0);
      const max = Number(s.maximum ?? min + 100);
      const n = min + rng.float() * (Math.min(max, min + 1_000) - min);
      return type === 'integer' ? Math.round(n) : Math.round(n * 1000) / 1000;
    }
    case 'boolean':
      return rng.chance(0.5);
    case 'string':
      return stringFor(s, rng);
    default:
      return rng.chance(0.5) ? 'x' : null;
  }
}

function stringFor(s: JsonSchema, rng: Rng): string {
  switch (s.format) {
    case 'uuid':
      return randomUUID();
    case 'email':
      return `fuzz-${rng.int(1, 99_999)}@example.test`;
    case 'date-time':
      return new Date(Date.now() + rng.int(-1e9, 1e9)).toISOString();
    default: {
      const min = Number(s.minLength ?? 0);
      const max = Math.min(Number(s.maxLength ?? min + 12), min + 40);
      let out = '';
      const n = rng.int(min, Math.max(min, max));
      for (let i = 0; i < n; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789 -'[rng.int(0, 37)];
      return out;
    }
  }
}

/** One change that should make a valid value invalid: a nasty leaf, a dropped or added key. */
export function mutate(value: unknown, rng: Rng, depth = 0): unknown {
  if (value && typeof value === 'object' && depth < 5) {
    if (Array.isArray(value)) {
      if (!value.length || rng.chance(0.3)) return rng.chance(0.5) ? [...value, nasty(rng)] : nasty(rng);
      const i = rng.int(0, value.length - 1);
      return value.map((v, j) => (j === i ? mutate(v, rng, depth + 1) : v));
    }
    const entries = Object.entries(value);
    const roll = rng.float();
    if (!entries.length || roll < 0.15) {
      return { ...value, [rng.pick(['extra', 'userId', 'role', 'status'])]: nasty(rng) };
    }
    const [k] = rng.pick(entries);
    if (roll < 0.3) {
      const { [k]: _, ...rest } = value as Record<string, unknown>;
      return rest;
    }
    return { ...value, [k]: mutate((value as Record<string, unknown>)[k], rng, depth + 1) };
  }
  if (typeof value === 'string' && rng.chance(0.6)) {
    const bad = rng.chance(0.5) ? rng.pick(WITH_NUL) : rng.pick(NASTY_STRINGS);
    return rng.chance(0.5) ? bad : `${value}${bad}`;
  }
  return nasty(rng);
}

/** Garbage that is not a JSON document of the expected shape at all. */
export function garbageBody(rng: Rng): string {
  return rng.pick([
    '',
    'garbage',
    '{',
    '{"a":',
    'null',
    '"a string"',
    '[]',
    '[1,2,3]',
    '{"seatIds":',
    '\u0000',
    `{"x":"${'A'.repeat(40_000)}"}`,
    `${'['.repeat(3_000)}${']'.repeat(3_000)}`,
    '{"__proto__":{"admin":true}}',
    '\ufeff{}',
  ]);
}

/** Percent-encodes a path segment, or now and then puts a broken escape in raw. */
export function pathSegment(value: unknown, rng: Rng): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
  if (/^%(zz|E0%A4|2e%2e|00)?$/i.test(text) && rng.chance(0.6)) return text;
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as some clients encode it anyway
  }
}

export function queryValue(value: unknown, rng: Rng): string {
  return pathSegment(typeof value === 'string' ? value : String(value), rng);
}
