// The whole test command: type-check, the layering rules (.dependency-cruiser.cjs), ESLint, engine tests
// (Vitest on real WebGPU under Node), then the browser tests (Playwright in Chromium).
// Ends with one plain line "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const bin = (name) => `node_modules/.bin/${name}`;
mkdirSync('reports', { recursive: true });
for (const f of ['reports/vitest.json', 'reports/playwright.json']) rmSync(f, { force: true });

function run(label, cmd, args, env = {}) {
  console.log(`\n=== ${label}: ${[cmd, ...args].join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return r.status === 0;
}

const results = [];
results.push(['typecheck', run('typecheck', bin('tsc'), ['--noEmit', '-p', '.'])]);
results.push(['lint:deps', run('layering (dependency-cruiser)', 'node', ['scripts/lint-deps.mjs', 'src'])]);
results.push(['lint', run('lint (eslint)', bin('eslint'), ['src', 'test', 'e2e', 'scripts'])]);
results.push(['unit', run('unit (vitest)', bin('vitest'), ['run', '--reporter=default', '--reporter=json', '--outputFile.json=reports/vitest.json'])]);
results.push(['e2e', run('e2e (playwright)', bin('playwright'), ['test'])]);

let passed = 0;
let failed = 0;
if (existsSync('reports/vitest.json')) {
  const v = JSON.parse(readFileSync('reports/vitest.json', 'utf8'));
  passed += v.numPassedTests;
  failed += v.numFailedTests;
}
if (existsSync('reports/playwright.json')) {
  const p = JSON.parse(readFileSync('reports/playwright.json', 'utf8'));
  passed += p.stats.expected + p.stats.flaky;
  failed += p.stats.unexpected;
}
for (const [name, ok] of results) if (!ok) console.log(`step failed: ${name}`);
const allOk = results.every(([, ok]) => ok);
if (!allOk && failed === 0) failed = 1; // a step failed without a failing test (type error, crash)
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(allOk ? 0 : 1);
