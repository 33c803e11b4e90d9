#!/usr/bin/env node
/**
 * `npm test`: typecheck, unit/integration tests, build, e2e, then one closing line
 * `N passed, N failed` (CI reads it). Every stage runs even when an earlier one failed, so one
 * run shows everything that is broken; the exit code is 1 if anything failed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const run = (label, cmd, args, env = {}) => {
  console.log(`\n=== ${label}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
};
const readJson = (p) => (existsSync(p) ? JSON.parse(readFileSync(p, 'utf8')) : undefined);

rmSync('reports', { recursive: true, force: true });
mkdirSync('reports', { recursive: true });
let passed = 0;
let failed = 0;
let skipped = 0;

if (run('typecheck', 'npx', ['tsc', '--noEmit', '-p', '.'])) passed++; else failed++;

run('unit and integration tests', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json']);
const v = readJson('reports/vitest.json');
if (v) { passed += v.numPassedTests; failed += v.numFailedTests + (v.numRuntimeErrors ?? 0); skipped += v.numPendingTests + v.numTodoTests; }
else { console.error('vitest wrote no report'); failed++; }
if (v && !v.success && v.numFailedTests === 0) { console.error('vitest failed outside a test (suite error)'); failed++; }

const built = run('build', 'npx', ['vite', 'build']);
if (built) passed++; else failed++;

if (built) {
  run('e2e (Chromium, browser mode)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: 'reports/e2e.json' });
  const e = readJson('reports/e2e.json');
  if (e) { passed += e.stats.expected + e.stats.flaky; failed += e.stats.unexpected; skipped += e.stats.skipped; }
  else { console.error('playwright wrote no report'); failed++; }
  if (e && e.errors?.length) { console.error('playwright reported errors outside tests'); failed += e.errors.length; }
}

console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
