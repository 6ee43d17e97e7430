/**
 * safetensors files PyTorch writes from `model.half()`, `.bfloat16()` and `.double()` import into
 * the model: F16 and BF16 widen exactly, F64 rounds to the nearest float32, each value equal to
 * what PyTorch's own `.float()` gives.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { initParams, layoutParams } from '../../src/engine/params';
import { importSafetensors } from '../../src/io/import-safetensors';
import { weightsFile } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { findPreset } from '../../src/presets/presets';
import { runPython } from '../helpers/python';
import { writeFiles } from './pytorch-harness';

describe('safetensors import of F16, BF16 and F64 files written by PyTorch', () => {
  it('gives exactly PyTorch .float() of each tensor', () => {
    const spec = findPreset('cnn')!.spec;
    const model = trainedModel(spec, initParams(layoutParams(buildGraph(spec)), 5));
    const dir = writeFiles([weightsFile(model)]);
    const dtypes = runPython<Record<string, string[]>>('test/export/py/half_weights.py', { dir });
    expect(dtypes).toEqual({ f16: ['torch.float16'], bf16: ['torch.bfloat16'], f64: ['torch.float64'] });
    for (const name of ['f16', 'bf16', 'f64']) {
      const got = importSafetensors(spec, readFileSync(join(dir, `${name}.safetensors`)), name);
      const want = importSafetensors(spec, readFileSync(join(dir, `${name}-as-f32.safetensors`)));
      expect(Array.from(got.params), name).toEqual(Array.from(want.params));
      expect(Array.from(got.params), name).not.toEqual(Array.from(model.params)); // it was converted, not passed through
    }
  }, 120_000);
});
