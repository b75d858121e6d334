// `npm test`: build, lint, typecheck, then unit, integration (real MariaDB/Redis/NATS/S3-compatible
// server) and e2e in both run modes. Runs every tier even if one fails, then prints a summary and
// one closing line "tests: N passed, M failed" (jest test counts; lint/typecheck count as one each).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const only = process.argv.slice(2);
const reports = mkdtempSync(join(tmpdir(), 'flotilla-test-'));
const steps = [
  { name: 'build', cmd: ['npm', 'run', '--silent', 'build'] },
  { name: 'lint', cmd: ['npm', 'run', '--silent', 'lint'] },
  { name: 'typecheck', cmd: ['npm', 'run', '--silent', 'typecheck'] },
  { name: 'unit', jest: ['--selectProjects', 'unit'] },
  { name: 'int', jest: ['--selectProjects', 'int', '--runInBand'] },
  { name: 'e2e:standalone', jest: ['--selectProjects', 'e2e', '--runInBand'], env: { FLOTILLA_E2E_MODE: 'standalone' } },
  { name: 'e2e:distributed', jest: ['--selectProjects', 'e2e', '--runInBand'], env: { FLOTILLA_E2E_MODE: 'distributed' } },
].filter((s) => only.length === 0 || only.includes(s.name) || s.name === 'build');

let passed = 0;
let failed = 0;
const summary = [];
for (const step of steps) {
  const started = Date.now();
  const report = join(reports, `${step.name.replace(':', '-')}.json`);
  const cmd = step.jest ? ['npx', 'jest', ...step.jest, '--json', `--outputFile=${report}`] : step.cmd;
  process.stdout.write(`\n=== ${step.name}: ${cmd.join(' ')}\n`);
  const res = spawnSync(cmd[0], cmd.slice(1), { stdio: 'inherit', env: { ...process.env, ...step.env } });
  const ok = res.status === 0;
  let counts = '';
  if (step.jest) {
    try {
      const r = JSON.parse(readFileSync(report, 'utf8'));
      passed += r.numPassedTests;
      failed += r.numFailedTests + (ok ? 0 : r.numRuntimeErrorTestSuites);
      counts = ` (${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numTotalTestSuites} suites)`;
      if (r.numTotalTests === 0) {
        failed += 1;
        counts += ' — no tests ran';
      }
    } catch {
      failed += 1;
      counts = ' (no report)';
    }
  } else if (ok) passed += 1;
  else failed += 1;
  summary.push(`${ok ? 'ok  ' : 'FAIL'} ${step.name}${counts} ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (step.name === 'build' && !ok) break;
}
rmSync(reports, { recursive: true, force: true });
process.stdout.write(`\n=== summary\n${summary.join('\n')}\n`);
process.stdout.write(`tests: ${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 && summary.every((s) => s.startsWith('ok')) ? 0 : 1);
