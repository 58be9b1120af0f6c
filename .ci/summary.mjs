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
  if (name === 'test' || name === 'test-node24' || name === 'e2e') continue; // counted from their reports below
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

// Every failed test by name, and every test that passed only on its retry (flaky), with the first
// line of its first failure: the run's tail is often all a reader gets to see.
const named = [];
const firstLine = (message) =>
  String(message ?? '')
    .split('\n')[0]
    .slice(0, 240);

function vitest(file, label = '') {
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8'));
  // A file that failed before or around its tests (an error in its setup) has no failed test of
  // its own: it counts as one failure, or a broken file would pass unnoticed.
  let brokenFiles = 0;
  for (const f of r.testResults) {
    const where = `${label}${f.name.replace(/^.*?(tests\/)/, '$1')}`;
    for (const a of f.assertionResults) {
      if (a.status === 'failed')
        named.push(`FAILED ${where} › ${a.fullName}: ${firstLine(a.failureMessages[0])}`);
      else if (a.status === 'passed' && a.failureMessages?.length)
        named.push(`flaky (passed on retry) ${where} › ${a.fullName}: ${firstLine(a.failureMessages[0])}`);
    }
    if (f.status === 'failed' && !f.assertionResults.some((a) => a.status === 'failed')) {
      brokenFiles++;
      named.push(`FAILED ${where} (the file itself): ${firstLine(f.message)}`);
    }
  }
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTests ?? 0) + brokenFiles,
    skipped: r.numPendingTests + r.numTodoTests,
  };
}

function playwrightTests(suite, titles = []) {
  const out = [];
  for (const child of suite.suites ?? []) out.push(...playwrightTests(child, [...titles, child.title]));
  for (const spec of suite.specs ?? [])
    for (const test of spec.tests ?? [])
      out.push({ title: [...titles, spec.title].filter(Boolean).join(' › '), test });
  return out;
}

function playwright(file) {
  if (!existsSync(file)) return null;
  const report = JSON.parse(readFileSync(file, 'utf8'));
  for (const { title, test } of playwrightTests(report)) {
    const error = test.results?.find((r) => r.error)?.error?.message;
    if (test.status === 'unexpected') named.push(`FAILED ${title}: ${firstLine(error)}`);
    else if (test.status === 'flaky') named.push(`flaky (passed on retry) ${title}: ${firstLine(error)}`);
  }
  const s = report.stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
}

for (const [name, result] of [
  ['unit + integration (vitest)', vitest('test-results/vitest.json')],
  ['unit + integration on Node 24 (vitest)', vitest('test-results/vitest-node24.json', '[Node 24] ')],
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

if (named.length) console.log(`\n${named.join('\n')}`);
console.log(`\n${lines.join('\n')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
