import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The supported Node lines are stated three times: package.json `engines`, the README's table
// and CI (which runs the suite on the machine's node and again on Node 24). They must agree, and
// the node running the tests must be one of them.

const root = path.resolve(import.meta.dirname, '../..');
const engines = (
  JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } }
).engines.node;
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** `^20.19.0 || ^22.14.0 || >=24.0.0` → [[20, 19, 'caret'], [22, 14, 'caret'], [24, 0, 'min']]. */
function ranges(spec: string) {
  return spec.split('||').map((part) => {
    const m = /^\s*(\^|>=)(\d+)\.(\d+)\.\d+\s*$/.exec(part);
    if (!m) throw new Error(`engines.node part not understood: ${part}`);
    return { kind: m[1] === '^' ? 'caret' : 'min', major: Number(m[2]), minor: Number(m[3]) };
  });
}

function satisfies(version: string, spec: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  return ranges(spec).some((r) =>
    r.kind === 'caret'
      ? major === r.major && minor >= r.minor
      : major > r.major || (major === r.major && minor >= r.minor),
  );
}

describe('supported Node lines', () => {
  it('the README states the engines range and the lines it admits', () => {
    const section = readme.slice(readme.indexOf('### Supported Node versions'));
    expect(section).toContain(`\`${engines}\``);
    for (const r of ranges(engines)) expect(section).toMatch(new RegExp(`\\*?\\*?${r.major}\\b`));
    expect(readme).toMatch(/Node\.js 22 or 24 LTS/);
  });

  it('admits the LTS lines and the end-of-life 20.19+, and refuses odd lines and older 20s', () => {
    for (const v of ['20.19.0', '22.14.0', '22.22.1', '24.0.0', '24.22.3'])
      expect(satisfies(v, engines), v).toBe(true);
    for (const v of ['18.20.0', '20.18.3', '21.7.3', '22.11.0', '23.11.0'])
      expect(satisfies(v, engines), v).toBe(false);
  });

  it('runs on a supported node', () => {
    expect(satisfies(process.versions.node, engines), process.versions.node).toBe(true);
  });
});
