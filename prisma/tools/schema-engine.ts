import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';

// Prisma's schema engine compiled to WebAssembly, driven directly: the CLI insists on a native
// binary it downloads, which our machines cannot reach. We use it for two things only:
//   - `npm run db:diff`: write the SQL of the next migration (schema.prisma vs. the database);
//   - tests/integration/schema-agrees.int.test.ts: prove schema.prisma and the migrated
//     database agree (an empty diff).
// This leans on engine internals, so the package is pinned to an exact version and the test
// above fails loudly if an upgrade breaks it.

const root = path.resolve(import.meta.dirname, '..', '..');
const SCHEMA_PATH = path.join(root, 'prisma', 'schema.prisma');

type DiffResult = { exitCode: number; stdout: string };
type Engine = {
  diff(params: unknown): Promise<DiffResult>;
  free?: () => void;
};
type Bg = {
  __wbg_set_wasm(exports: WebAssembly.Exports): void;
  SchemaEngine: { new: (options: unknown, log: (msg: string) => void, adapter: unknown) => Promise<Engine> };
};

let loaded: Promise<Bg> | undefined;

async function loadEngine(): Promise<Bg> {
  const require = createRequire(path.join(root, 'package.json'));
  // The package's exports map hides package.json; resolve its main entry instead.
  const dir = path.dirname(require.resolve('@prisma/schema-engine-wasm'));
  // The package imports its .wasm as an ES module, which Node cannot; instantiate it by hand.
  const bg = (await import(path.join(dir, 'schema_engine_bg.js'))) as Bg;
  const { instance } = await WebAssembly.instantiate(readFileSync(path.join(dir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': bg as unknown as WebAssembly.ModuleImports,
  });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  const g = globalThis as typeof globalThis & { PRISMA_WASM_PANIC_REGISTRY?: unknown };
  g.PRISMA_WASM_PANIC_REGISTRY ??= {
    set_message: (m: string) => process.stderr.write(`schema engine panic: ${m}\n`),
  };
  return bg;
}

// @prisma/adapter-pg 7.10 cannot describe PostgreSQL's internal "char" type (OID 18), which the
// engine reads from pg_constraint; report it as text (and as Character to the engine).
const CHAR_OID = 18;
const TEXT_OID = 25;
const CHARACTER_COLUMN = 6;
let patched = false;

async function adapterFor(url: string) {
  const factory = new PrismaPg({ connectionString: url, max: 2 });
  if (!patched) {
    const probe = await factory.connect();
    let proto = Object.getPrototypeOf(probe);
    while (proto && !Object.hasOwn(proto, 'performIO')) proto = Object.getPrototypeOf(proto);
    const charCols = new WeakMap<object, number[]>();
    const performIO = proto.performIO;
    proto.performIO = async function (this: unknown, query: unknown) {
      const result = await performIO.call(this, query);
      const cols: number[] = [];
      (result.fields ?? []).forEach((f: { dataTypeID: number }, i: number) => {
        if (f.dataTypeID === CHAR_OID) {
          f.dataTypeID = TEXT_OID;
          cols.push(i);
        }
      });
      charCols.set(result.rows, cols);
      return result;
    };
    const queryRaw = proto.queryRaw;
    proto.queryRaw = async function (this: unknown, query: unknown) {
      const result = await queryRaw.call(this, query);
      for (const i of charCols.get(result.rows) ?? []) result.columnTypes[i] = CHARACTER_COLUMN;
      return result;
    };
    await probe.dispose();
    patched = true;
  }
  return bindMigrationAwareSqlAdapterFactory(factory);
}

/** SQL that would bring the database at `url` to schema.prisma; empty when they agree. */
export async function diffDatabaseToSchema(url: string): Promise<{ empty: boolean; sql: string }> {
  loaded ??= loadEngine();
  const bg = await loaded;
  const content = readFileSync(SCHEMA_PATH, 'utf8');
  const files = [{ path: 'schema.prisma', content }];
  const engine = await bg.SchemaEngine.new(
    { datamodels: [['schema.prisma', content]] },
    () => {},
    await adapterFor(url),
  );
  const result = await engine.diff({
    from: { tag: 'schemaDatasource', files, configDir: root },
    to: { tag: 'schemaDatamodel', files },
    script: true,
    exitCode: true,
    filters: { externalTables: [], externalEnums: [] },
  });
  engine.free?.();
  return { empty: result.exitCode === 0, sql: result.stdout };
}
