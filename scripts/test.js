// npm test: typecheck, build, then the unit, integration and end-to-end tests one project after
// another (measurements in one project must not compete with another for the two cores), and a
// closing line with the totals.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const projects = ['unit', 'integration', 'e2e'];
const only = process.argv.slice(2);
const reports = mkdtempSync(join(tmpdir(), 'proclab-test-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
let broken = false;

function step(title, command, args) {
  process.stdout.write(`\n== ${title}\n`);
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) {
    process.stdout.write(`== ${title} failed (exit ${result.status ?? result.signal})\n`);
    broken = true;
  }
  return result.status === 0;
}

if (only.length === 0) {
  step('typecheck (core, contract, tests)', 'npx', ['tsc', '--noEmit', '-p', 'tsconfig.json']);
  step('typecheck (window)', 'npx', ['vue-tsc', '--noEmit', '-p', 'tsconfig.renderer.json']);
  if (!step('build', 'npx', ['electron-vite', 'build'])) {
    process.stdout.write('tests: 0 passed, 1 failed\n');
    process.exit(1);
  }
}

for (const project of only.length > 0 ? only : projects) {
  const output = join(reports, `${project}.json`);
  step(`${project} tests`, 'npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${output}`]);
  try {
    const report = JSON.parse(readFileSync(output, 'utf8'));
    totals.passed += report.numPassedTests;
    totals.failed += report.numFailedTests;
    totals.skipped += report.numPendingTests + report.numTodoTests;
    if (report.numTotalTests === 0) broken = true;
  } catch {
    process.stdout.write(`== ${project}: no test report was written\n`);
    broken = true;
  }
}
rmSync(reports, { recursive: true, force: true });

process.stdout.write(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped\n`);
process.exit(broken || totals.failed > 0 ? 1 : 0);
