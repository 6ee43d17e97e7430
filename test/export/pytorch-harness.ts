/**
 * Shared by the PyTorch export tests: writes export files and fixed inputs to a temp dir, runs
 * test/export/py/torch_predict.py (strict load_state_dict + predict) and measures the largest
 * absolute difference from the playground's predictions.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Dataset } from '../../src/data/dataset';
import type { ExportFile } from '../../src/io/trained-model';
import { runPython, runPythonProcess } from '../helpers/python';

export function writeFiles(files: ExportFile[], dir = mkdtempSync(join(tmpdir(), 'export-'))): string {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.data);
  }
  return dir;
}

export { maxAbsDiff } from '../helpers/max-abs-diff';

/**
 * PyTorch's predictions for `inputs` from model.py + `weights` in `dir`: images go in NCHW (model.py's
 * default), or as they are with `channelsLast` (Model(channels_last=True)).
 */
export function torchPredict(dir: string, inputs: Dataset, weights = 'weights.safetensors', channelsLast = false): { pred: Float64Array; shape: number[]; keys: string[] } {
  const xPath = join(dir, 'inputs.bin');
  writeFileSync(xPath, new Uint8Array(inputs.x.buffer, inputs.x.byteOffset, inputs.x.byteLength));
  const out = join(dir, 'pred.bin');
  const r = runPython<{ shape: number[]; state_dict_keys: string[] }>('test/export/py/torch_predict.py', {
    dir,
    weights,
    inputs: [{ path: xPath, shape: [inputs.n, ...inputs.inputShape], dtype: inputs.inputDtype }],
    out,
    channels_last: channelsLast,
  });
  const buf = readFileSync(out);
  return { pred: new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8), shape: r.shape, keys: r.state_dict_keys };
}

/** The JSON summary train.py prints last with --json. */
export interface TrainPySummary {
  world_size: number;
  initial_loss: number;
  epochs: { loss: number; accuracy: number }[];
  final_loss: number;
  out: string;
}

/** Runs the venv's Python with `args` in the bundle directory `dir` (one CPU thread, gloo on loopback; a plain train.py in the file's shared Python, see helpers/python.ts); throws with the output tail on failure. */
export function runTrainPy(dir: string, args: string[]): TrainPySummary {
  const r = runPythonProcess(args, { cwd: dir, timeoutMs: 300_000, env: { OMP_NUM_THREADS: '1', GLOO_SOCKET_IFNAME: 'lo' } });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}:\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-4000)}`);
  const lines = r.stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]) as TrainPySummary;
}
