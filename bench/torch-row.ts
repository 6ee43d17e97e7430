/**
 * The bench's PyTorch CPU row: finds a Python with torch and runs bench/torch_bench.py for one case
 * (a preset's training loop, or torch.mm for a matmul case: the CPU's native peak), one process each.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPreset } from '../src/presets/presets';
import type { Options } from './args';
import { caseSpec, type MatmulCase, type TrainCase } from './cases';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** One line of bench/torch_bench.py's output. */
export interface TorchResult {
  case: string;
  ok: boolean;
  samplesPerSec?: number;
  /** Matmul cases: GFLOP/s of torch.mm (median over repeats). */
  gflops?: number;
  samples?: number[];
  msPerStep?: number;
  steps?: number;
  threads?: number;
  torch?: string;
  error?: string;
  [k: string]: unknown;
}

export type TorchRow = { ok: true; python: string; version: string } | { ok: false; reason: string };

/** The Python with torch: $BENCH_PYTHON, else .venv/bin/python when it exists, else python3. */
export function findTorchPython(): TorchRow {
  const venv = path.join(ROOT, '.venv', 'bin', 'python');
  const python = process.env.BENCH_PYTHON || (existsSync(venv) ? venv : 'python3');
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8', timeout: 120_000 });
  if (r.error) return { ok: false, reason: `${python}: ${r.error.message}` };
  if (r.status !== 0) {
    const last = (r.stderr || '').trim().split('\n').pop() ?? '';
    return { ok: false, reason: `${python} cannot import torch (${last || `exit ${r.status}`}); run \`bash scripts/py-venv.sh\` or set BENCH_PYTHON` };
  }
  return { ok: true, python, version: r.stdout.trim() };
}

/**
 * Runs bench/torch_bench.py for one train case (one process; `repeats` timed runs inside it), or for
 * a matmul case: torch.mm on n x n float32, the CPU's native BLAS on the same cores.
 */
export function runTorch(python: string, c: TrainCase | MatmulCase, opts: Pick<Options, 'targetMs' | 'trials'>, timeoutS: number): Promise<TorchResult> {
  if (c.kind === 'matmul') return runTorchJob(python, c.id, { id: c.id, matmul: c.n, targetSeconds: opts.targetMs / 1000, repeats: opts.trials }, timeoutS);
  const preset = findPreset(c.preset);
  if (!preset) return Promise.resolve({ case: c.id, ok: false, error: `unknown preset ${c.preset}` });
  const spec = caseSpec(c, preset.spec);
  return runTorchJob(python, c.id, { id: c.id, layers: spec.layers, loss: spec.loss, optimizer: spec.optimizer, batch: c.batch, rows: c.rows ?? null, targetSeconds: opts.targetMs / 1000, repeats: opts.trials }, timeoutS);
}

function runTorchJob(python: string, id: string, job: Record<string, unknown>, timeoutS: number): Promise<TorchResult> {
  const input = JSON.stringify({ cases: [job] });
  return new Promise((resolve) => {
    const child = spawn(python, [path.join(ROOT, 'bench', 'torch_bench.py')], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      err += `\ntimed out after ${timeoutS} s`;
    }, timeoutS * 1000);
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => err += `\n${e.message}`);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.trim().split('\n').filter((l) => l.startsWith('{')).pop();
      if (line) {
        try {
          resolve(JSON.parse(line) as TorchResult);
          return;
        } catch {
          /* fall through */
        }
      }
      const tail = err.trim().split('\n').slice(-2).join(' | ');
      resolve({ case: id, ok: false, error: `torch_bench.py exited ${code}${tail ? `: ${tail}` : ''}` });
    });
    child.stdin.end(input);
  });
}
