/**
 * The shared Python of helpers/python.ts runs each script as a fresh `python script.py` would:
 * one server process for the file's calls; its own stdin/stdout/stderr, argv, cwd and env per
 * run; exit statuses and tracebacks passed through; a stuck script killed at its timeout; an
 * export's model.py never reused for the next bundle's; torch's default dtype and grad mode and
 * keras's floatx back at a fresh process's values (compared with a real fresh process).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pythonPath, runPython, runPythonProcess } from './python';

const dir = mkdtempSync(path.join(tmpdir(), 'pysrv-test-'));
const cwd = mkdtempSync(path.join(tmpdir(), 'pysrv-cwd-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(cwd, { recursive: true, force: true });
});
function script(name: string, body: string): string {
  const p = path.join(dir, name);
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, body);
  return p;
}
const lastJson = (stdout: string): Record<string, unknown> => JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;

describe('runPythonProcess in the shared server', () => {
  it('gives each run its stdin, argv, cwd, sys.path[0] and env, and stdout, stderr and status back', () => {
    const echo = script('echo.py', `import json, os, sys
data = json.load(sys.stdin)
print("noise before the result")
print("to stderr", file=sys.stderr)
print(json.dumps({"data": data, "argv": sys.argv[1:], "cwd": os.getcwd(), "path0": sys.path[0], "foo": os.environ.get("PYSRV_FOO"), "pid": os.getpid(), "omp": os.environ.get("OMP_NUM_THREADS")}))
`);
    const a = runPythonProcess([echo, '--x', 'ü'], { cwd, env: { PYSRV_FOO: 'bar' }, input: '{"n": [1, 2.5, "é"]}', timeoutMs: 60_000 });
    expect(a.status).toBe(0);
    expect(a.stderr).toBe('to stderr\n');
    expect(a.stdout.split('\n')[0]).toBe('noise before the result');
    const ra = lastJson(a.stdout);
    expect(ra).toMatchObject({ data: { n: [1, 2.5, 'é'] }, argv: ['--x', 'ü'], cwd, path0: dir, foo: 'bar', omp: '1' });
    const rb = lastJson(runPythonProcess([echo], { input: '{}', timeoutMs: 60_000 }).stdout);
    expect(rb).toMatchObject({ argv: [], cwd: process.cwd(), foo: null });
    expect(rb.pid).toBe(ra.pid); // one Python for the file
    expect(rb.pid).not.toBe(process.pid);
  });

  it('passes exit statuses and tracebacks through; runPython throws with the traceback', () => {
    const exits = script('exits.py', 'import sys\nsys.exit(int(sys.argv[1]))\n');
    expect(runPythonProcess([exits, '3'], { timeoutMs: 60_000 }).status).toBe(3);
    expect(runPythonProcess([exits, '0'], { timeoutMs: 60_000 }).status).toBe(0);
    const raises = script('raises.py', 'raise ValueError("boom from the script")\n');
    const r = runPythonProcess([raises], { timeoutMs: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('ValueError: boom from the script');
    expect(() => runPython(path.relative(path.resolve(__dirname, '..', '..'), raises), {})).toThrow(/exited 1:[\s\S]*ValueError: boom from the script/);
  });

  it('a script past its timeout fails the call as spawnSync would; the next call gets a fresh server', () => {
    const pid = script('pid.py', 'import os, time, sys\nprint(os.getpid())\nif sys.argv[1:] == ["sleep"]:\n    time.sleep(60)\n');
    const before = Number(runPythonProcess([pid], { timeoutMs: 60_000 }).stdout.trim());
    const r = runPythonProcess([pid, 'sleep'], { timeoutMs: 1500 });
    expect(r.error?.message).toMatch(/ran past 1500 ms/);
    const after = Number(runPythonProcess([pid], { timeoutMs: 60_000 }).stdout.trim());
    expect(after).toBeGreaterThan(0);
    expect(after).not.toBe(before);
  });

  it("imports each bundle's own model.py (train.py's `from model import ...`)", () => {
    const values: unknown[] = [];
    for (const v of [1, 2, 3]) {
      script(`bundle${v}/model.py`, `VALUE = ${v}\n`);
      const train = script(`bundle${v}/train.py`, `import os, sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model import VALUE
print(VALUE)
`);
      const r = runPythonProcess(['train.py'], { cwd: path.dirname(train), timeoutMs: 60_000 });
      expect(r.stderr).toBe('');
      values.push(Number(r.stdout.trim()));
    }
    expect(values).toEqual([1, 2, 3]);
  });

  it("starts each run from a fresh process's torch dtype and grad mode and keras floatx", () => {
    const state = script('state.py', `import json, os
os.environ.setdefault("KERAS_BACKEND", "torch")
import torch, keras
out = {"dtype": str(torch.get_default_dtype()), "grad": torch.is_grad_enabled(), "floatx": keras.config.floatx()}
torch.set_default_dtype(torch.float64)
torch.set_grad_enabled(False)
keras.config.set_floatx("float64")
print(json.dumps(out))
`);
    const fresh = spawnSync(pythonPath(), [state], { encoding: 'utf8', env: { ...process.env, KERAS_BACKEND: 'torch', OMP_NUM_THREADS: '1' }, timeout: 120_000 });
    expect(fresh.status).toBe(0);
    const want = lastJson(fresh.stdout);
    expect(want).toMatchObject({ dtype: 'torch.float32', grad: true, floatx: 'float32' });
    for (let run = 0; run < 2; run++) expect(lastJson(runPythonProcess([state], { timeoutMs: 120_000 }).stdout)).toEqual(want);
  }, 240_000);
});
