/**
 * Runs a Python script from the project's venv (`bash scripts/py-venv.sh` makes it; `npm test`
 * and `.ci/run` call that first) for parity and export tests: JSON in on stdin, JSON out as the
 * last line of stdout. Binary payloads travel as files in a temp dir the caller passes in JSON.
 * A missing venv is an error, not a skip: CI always has one.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** $TEST_PYTHON, else .venv/bin/python. */
export function pythonPath(): string {
  const fromEnv = process.env.TEST_PYTHON;
  if (fromEnv) return fromEnv;
  const venv = path.join(ROOT, '.venv', 'bin', 'python');
  if (!existsSync(venv)) throw new Error('no .venv/bin/python: run `bash scripts/py-venv.sh` (npm test does)');
  return venv;
}

/** Runs `script` (a path relative to the repo root) with `input` as JSON; returns its last stdout line parsed. */
export function runPython<T = unknown>(script: string, input: unknown, opts: { timeoutMs?: number; env?: Record<string, string> } = {}): T {
  const r = spawnSync(pythonPath(), [path.join(ROOT, script)], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, KERAS_BACKEND: 'torch', OMP_NUM_THREADS: '1', ...opts.env },
  });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
