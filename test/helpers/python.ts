/**
 * Runs a Python script from the project's venv (`bash scripts/py-venv.sh` makes it; `npm test`
 * and `.ci/run` call that first) for parity and export tests: JSON in on stdin, JSON out as the
 * last line of stdout. Binary payloads travel as files in a temp dir the caller passes in JSON.
 * A missing venv is an error, not a skip: CI always has one.
 *
 * Scripts run in one long-lived Python per test process (py/py_server.py, started on first use),
 * reached through a small client process (py/py_client.py, no site imports): importing torch or
 * keras costs seconds, and some files run dozens of scripts. Each run still sees what a fresh
 * `python script.py` would (its own stdin, argv, cwd, env; see py_server.py for the state it
 * resets). TEST_PYTHON_SERVER=0 spawns a fresh Python per call instead.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, rmSync } from 'node:fs';
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

interface Server {
  child: ChildProcess;
  /** An abstract Unix socket's name (no file). */
  sock: string;
  /** The server's output until it listens (then it deletes the file). */
  log: string;
}
let server: Server | undefined;
let exitHook = false;

function stopServer(): void {
  if (!server) return;
  server.child.kill('SIGKILL');
  rmSync(server.log, { force: true }); // there if it never listened
  server = undefined;
}

function startServer(): Server {
  const name = `pysrv-${process.pid}-${randomBytes(6).toString('hex')}`;
  const log = path.join(tmpdir(), `${name}.log`);
  const fd = openSync(log, 'w');
  const child = spawn(pythonPath(), [SERVER, name, String(process.pid), log], { stdio: ['ignore', fd, fd], env: { ...process.env, ...SERVER_ENV } });
  closeSync(fd);
  child.unref();
  if (!exitHook) process.once('exit', stopServer);
  exitHook = true;
  return { child, sock: name, log };
}

/**
 * `python args...` in `cwd` with `env` added to process.env, as spawnSync would give it back.
 * A script (args[0] not an option, env not overriding what the server fixes at import) runs in
 * the shared server; anything else (`-m torch.distributed.run ...`) in a fresh process.
 */
export function runPythonProcess(args: string[], opts: { cwd?: string; env?: Record<string, string>; input?: string; timeoutMs: number }): PyProcessResult {
  const env = opts.env ?? {};
  const fixed = Object.entries(SERVER_ENV).every(([k, v]) => env[k] === undefined || env[k] === v);
  const spawnOpts = { input: opts.input ?? '', encoding: 'utf8' as const, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024 };
  if (process.env.TEST_PYTHON_SERVER === '0' || args[0].startsWith('-') || !fixed) {
    return spawnSync(pythonPath(), args, { ...spawnOpts, cwd: opts.cwd, env: { ...process.env, ...SERVER_ENV, ...env } });
  }
  if (server && server.child.exitCode !== null) stopServer();
  server ??= startServer();
  const spec = { sock: server.sock, pid: server.child.pid, log: server.log, script: path.resolve(opts.cwd ?? process.cwd(), args[0]), args: args.slice(1), cwd: opts.cwd ?? process.cwd(), env };
  const r = spawnSync(pythonPath(), ['-S', CLIENT, JSON.stringify(spec)], spawnOpts);
  if (r.error || r.status === 97) stopServer(); // a timed-out or dead server: the next call starts a fresh one
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
