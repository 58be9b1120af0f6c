import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The layering STYLE.md asks for, checked on the source so that it stays true: `app/` is routes
// only, components get server actions from server/actions, the domain never imports a transport
// (Socket.IO, the HTTP layers), and no module imports itself round a circle.

const ROOT = path.resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir)).flatMap((name) => {
    const rel = path.join(dir, name);
    if (statSync(path.join(ROOT, rel)).isDirectory()) return files(rel);
    return /\.tsx?$/.test(name) ? [rel] : [];
  });
}

const SOURCES = ['app', 'components', 'lib', 'server'].flatMap(files);

function resolve(spec: string, from: string): string | null {
  const base = spec.startsWith('@/')
    ? path.join(ROOT, spec.slice(2))
    : spec.startsWith('.')
      ? path.resolve(path.dirname(path.join(ROOT, from)), spec)
      : null;
  if (!base) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return path.relative(ROOT, candidate);
    } catch {}
  }
  return null;
}

/** Static imports only: a dynamic import() is how a module deliberately breaks a load-time circle. */
function importsOf(file: string): string[] {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const out: string[] = [];
  for (const statement of source.statements) {
    if (
      (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      const typeOnly = ts.isImportDeclaration(statement)
        ? statement.importClause?.isTypeOnly
        : statement.isTypeOnly;
      if (typeOnly) continue;
      const target = resolve(statement.moduleSpecifier.text, file);
      if (target) out.push(target);
    }
  }
  return out;
}

const GRAPH = new Map(SOURCES.map((f) => [f, importsOf(f)]));

describe('the layering', () => {
  it('keeps app/ to routes: no server action is defined there, and nothing imports an app/ module', () => {
    const actionsInApp = SOURCES.filter(
      (f) => f.startsWith('app/') && readFileSync(path.join(ROOT, f), 'utf8').startsWith("'use server'"),
    );
    expect(actionsInApp).toEqual([]);
    const intoApp = [...GRAPH].flatMap(([f, deps]) =>
      f.startsWith('app/') ? [] : deps.filter((d) => d.startsWith('app/')).map((d) => `${f} → ${d}`),
    );
    expect(intoApp).toEqual([]);
  });

  it('keeps the domain free of transports: use cases never import Socket.IO, REST or actions', () => {
    const transports = ['server/realtime/', 'server/api/', 'server/actions/'];
    const domains = [
      'server/booking/',
      'server/payments/',
      'server/waitlist/',
      'server/venues/',
      'server/account/',
    ];
    const leaks = [...GRAPH].flatMap(([f, deps]) =>
      domains.some((d) => f.startsWith(d))
        ? deps.filter((d) => transports.some((t) => d.startsWith(t))).map((d) => `${f} → ${d}`)
        : [],
    );
    expect(leaks).toEqual([]);
  });

  it('has no import circle', () => {
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (f: string) => {
      state.set(f, 'open');
      stack.push(f);
      for (const d of GRAPH.get(f) ?? []) {
        if (state.get(d) === 'open') circles.push([...stack.slice(stack.indexOf(d)), d].join(' → '));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, 'done');
    };
    for (const f of GRAPH.keys()) if (!state.has(f)) visit(f);
    expect(circles).toEqual([]);
  });
});
