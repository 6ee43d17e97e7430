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
import { runPython } from '../helpers/python';

export function writeFiles(files: ExportFile[], dir = mkdtempSync(join(tmpdir(), 'export-'))): string {
  for (const f of files) {
    mkdirSync(dirname(join(dir, f.name)), { recursive: true });
    writeFileSync(join(dir, f.name), f.data);
  }
  return dir;
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return Number.isNaN(m) ? Infinity : m;
}

/** PyTorch's predictions for `inputs` from model.py + `weights` in `dir`. */
export function torchPredict(dir: string, inputs: Dataset, weights = 'weights.safetensors'): { pred: Float64Array; shape: number[]; keys: string[] } {
  const xPath = join(dir, 'inputs.bin');
  writeFileSync(xPath, new Uint8Array(inputs.x.buffer, inputs.x.byteOffset, inputs.x.byteLength));
  const out = join(dir, 'pred.bin');
  const r = runPython<{ shape: number[]; state_dict_keys: string[] }>('test/export/py/torch_predict.py', {
    dir,
    weights,
    inputs: [{ path: xPath, shape: [inputs.n, ...inputs.inputShape], dtype: inputs.inputDtype }],
    out,
  });
  const buf = readFileSync(out);
  return { pred: new Float64Array(buf.buffer, buf.byteOffset, buf.byteLength / 8), shape: r.shape, keys: r.state_dict_keys };
}
