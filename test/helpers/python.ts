/**
 * Runs a Python script from the project's venv (`bash scripts/py-venv.sh` makes it; `npm test`
 * and `.ci/run` call that first) for parity and export tests: JSON in on stdin, JSON out as the
 * last line of stdout. Binary payloads travel as files in a temp dir the caller passes in JSON.
 * A missing venv is an error, not a skip: CI always has one.
 *
 * Scripts run in a long-lived Python (py/py_server.py, started by the first call), one per Vitest
 * worker slot for the whole run, reached through a small client process (py/py_client.py, no
 * site imports): importing torch or keras costs seconds, some files run dozens of scripts and
 * about forty files run some. Each run still sees what a fresh `python script.py` would (its own
 * stdin, argv, cwd, env; see py_server.py for the state it resets). TEST_PYTHON_SERVER=0 spawns a
 * fresh Python per call instead.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(__dirname, 'py', 'py_server.py');
const CLIENT = path.join(__dirname, 'py', 'py_client.py');
/** Set when the server starts: what torch and keras read at import, the same for every run. */
const SERVER_ENV = { KERAS_BACKEND: 'torch', OMP_NUM_THREADS: '1' };

/** $TEST_PYTHON, else .venv/bin/python. */
export function pythonPath(): string {
  const fromEnv = process.env.TEST_PYTHON;
  if (fromEnv) return fromEnv;
  const venv = path.join(ROOT, '.venv', 'bin', 'python');
  if (!existsSync(venv)) throw new Error('no .venv/bin/python: run `bash scripts/py-venv.sh` (npm test does)');
  return venv;
}

export interface PyProcessResult {
  status: number | null;
  stdout: string;
  stderr: string;
  error?: Error;
}

/** How long an idle server waits for the next call (the next test file of its Vitest slot). */
const IDLE_S = 120;

/**
 * The server's socket name and the pid it lives for: under Vitest, one per worker slot
 * (VITEST_POOL_ID, never two files at once) for the whole run (the worker's parent); else this
 * process's own.
 */
function serverSlot(): { sock: string; owner: number } {
  const slot = process.env.VITEST_POOL_ID;
  if (slot) return { sock: `pysrv-${process.ppid}-w${slot}`, owner: process.ppid };
  return { sock: `pysrv-${process.pid}`, owner: process.pid };
}

/**
 * `python args...` in `cwd` with `env` added to process.env, as spawnSync would give it back.
 * A script (args[0] not an option, env not overriding what the server fixes at import) runs in
 * the shared server (Linux: abstract sockets, /proc); anything else (`-m torch.distributed.run
 * ...`, other systems) in a fresh process.
 */
export function runPythonProcess(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs: number }): PyProcessResult {
  const extra = opts.env ?? {};
  const env = { ...process.env, ...SERVER_ENV, ...extra } as Record<string, string>;
  const fixed = Object.entries(SERVER_ENV).every(([k, v]) => extra[k] === undefined || extra[k] === v);
  const spawnOpts = { input: opts.input ?? '', encoding: 'utf8' as const, maxBuffer: 64 * 1024 * 1024, env };
  if (process.env.TEST_PYTHON_SERVER === '0' || process.platform !== 'linux' || args[0].startsWith('-') || !fixed) {
    return spawnSync(pythonPath(), args, { ...spawnOpts, cwd: opts.cwd, timeout: opts.timeoutMs });
  }
  const cwd = opts.cwd ?? process.cwd();
  const log = path.join(tmpdir(), `pysrv-${process.pid}-${randomBytes(6).toString('hex')}.log`);
  const spec = { ...serverSlot(), python: pythonPath(), server: SERVER, log, idle: IDLE_S, timeout: opts.timeoutMs / 1000, script: path.resolve(cwd, args[0]), args: args.slice(1), cwd, env };
  // The client enforces the timeout (it kills a stuck server); this one only backs it up.
  const r = spawnSync(pythonPath(), ['-S', CLIENT, JSON.stringify(spec)], { ...spawnOpts, timeout: opts.timeoutMs + 90_000 });
  rmSync(log, { force: true }); // left only by a server that failed to start
  if (r.status === 98) return { ...r, error: new Error(`${args[0]} ran past ${opts.timeoutMs} ms (spawnSync ETIMEDOUT):\n${r.stderr}`) };
  return r;
}

/** Runs `script` (a path relative to the repo root) with `input` as JSON; returns its last stdout line parsed. */
export function runPython<T = unknown>(script: string, input: unknown, opts: { timeoutMs?: number; env?: Record<string, string> } = {}): T {
  const r = runPythonProcess([path.join(ROOT, script)], { input: JSON.stringify(input), timeoutMs: opts.timeoutMs ?? 120_000, env: opts.env });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${script} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as T;
}
