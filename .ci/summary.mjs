// Adds up what the runners reported: Vitest's and Playwright's JSON reports, plus the pass/fail
// of the non-test steps, each drill (bench/drills/, step names drill-*) one of them. A suite whose
// report is missing counts as one failure (it crashed).
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const lines = [];
const drills = { passed: [], failed: [] };

for (const line of readFileSync('test-results/steps.txt', 'utf8').trim().split('\n')) {
  const [result, name] = line.split(' ');
  if (name === 'test' || name === 'e2e') continue; // counted from their reports below
  if (name.startsWith('drill-'))
    drills[result === 'pass' ? 'passed' : 'failed'].push(name.slice('drill-'.length));
  if (result === 'pass') passed++;
  else {
    failed++;
    lines.push(`step failed: ${name}`);
  }
}
if (drills.passed.length + drills.failed.length) {
  lines.push(
    `drills (bench/results/*-small.md): ${drills.passed.length} passed, ${drills.failed.length} failed${drills.failed.length ? ` (${drills.failed.join(', ')})` : ''}`,
  );
}

function vitest(file) {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTests ?? 0),
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

function playwright(file) {
  if (!existsSync(file)) return null;
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

for (const [name, result] of [
  ['unit + integration (vitest)', vitest('test-results/vitest.json')],
  ['end-to-end (playwright)', playwright('test-results/e2e.json')],
]) {
  if (!result) {
    failed++;
    lines.push(`${name}: no report (the runner crashed)`);
    continue;
  }
  passed += result.passed;
  failed += result.failed;
  lines.push(`${name}: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`);
}

console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
