/**
 * BatchNormalization's tensors in the PyTorch-facing files (no GPU): the state_dict names and
 * shapes (weight, bias, running_mean, running_var, num_batches_tracked []), the safetensors export
 * and import round trip carrying the moving statistics exactly, a file without running_var refused
 * with the tensor named, and the int8 export keeping every BatchNormalization tensor float32.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { sequential } from '../../src/engine/spec';
import { modelStateDict } from '../../src/io/state-dict';
import { exportSafetensors } from '../../src/io/torch/export-safetensors';
import { importSafetensors } from '../../src/io/import-safetensors';
import { decodeSafetensors, encodeSafetensors } from '../../src/io/safetensors';
import { quantizeModel } from '../../src/io/int8/quantize';
import { trainedModel } from '../../src/io/trained-model';

const SPEC = sequential(
  'bn io',
  [
    { id: 'in', type: 'Input', shape: [4, 4, 2] },
    { id: 'conv', type: 'Conv2D', filters: 3, kernelSize: 3, useBias: false },
    { id: 'bn', type: 'BatchNormalization' },
    { id: 'f', type: 'Flatten' },
    { id: 'd', type: 'Dense', units: 5 },
    { id: 'bn2', type: 'BatchNormalization', momentum: 0.9 },
    { id: 'out', type: 'Dense', units: 2, activation: 'softmax' },
  ],
  'sparse_categorical_crossentropy',
  { type: 'adam' },
);

function model() {
  const layout = layoutParams(buildGraph(SPEC));
  const params = Float32Array.from({ length: layout.total }, (_, i) => Math.sin(i + 1) + (i % 7) / 3);
  return trainedModel(SPEC, params);
}

describe('BatchNormalization in the PyTorch-facing files', () => {
  it('state_dict names and shapes', () => {
    const sd = modelStateDict(model());
    const bn = sd.filter((t) => t.name.startsWith('bn.')).map((t) => [t.name, t.shape]);
    expect(bn).toEqual([
      ['bn.weight', [3]],
      ['bn.bias', [3]],
      ['bn.running_mean', [3]],
      ['bn.running_var', [3]],
      ['bn.num_batches_tracked', []],
    ]);
    const m = model();
    const mv = m.layout.entries.find((e) => e.layer === 'bn2' && e.name === 'moving_variance')!;
    expect(Array.from(sd.find((t) => t.name === 'bn2.running_var')!.data)).toEqual(Array.from(m.params.subarray(mv.offset, mv.offset + 5)));
  });

  it('safetensors export -> import restores every parameter, the moving statistics included', async () => {
    const m = model();
    const file = (await exportSafetensors(m)).find((f) => f.name === 'weights.safetensors')!;
    const back = importSafetensors(SPEC, file.data);
    for (const e of m.layout.entries) expect(Array.from(back.params.subarray(e.offset, e.offset + e.length)), `${e.layer}.${e.name}`).toEqual(Array.from(m.params.subarray(e.offset, e.offset + e.length)));
    expect(m.layout.entries.filter((e) => e.name.startsWith('moving_'))).toHaveLength(4);
    expect(decodeSafetensors(file.data).tensors.get('bn.num_batches_tracked')!.shape).toEqual([]);
  });

  it('a file without a running_var is refused, naming the tensor', () => {
    const sd = modelStateDict(model()).filter((t) => t.name !== 'bn2.running_var');
    expect(() => importSafetensors(SPEC, encodeSafetensors(sd))).toThrow(/bn2\.running_var/);
  });

  it('int8 keeps every BatchNormalization tensor float32', () => {
    const q = quantizeModel(model());
    expect(q.quantized.map((t) => t.name).filter((n) => n.startsWith('bn'))).toEqual([]);
    expect(q.float.map((t) => t.name).filter((n) => n.startsWith('bn.'))).toEqual(['bn.weight', 'bn.bias', 'bn.running_mean', 'bn.running_var', 'bn.num_batches_tracked']);
  });
});
