/**
 * The Conv2D layer end to end: field validation and shape inference, the dispatches it emits, and
 * a whole-model gradient check of a tiny CNN (the GPU's gradient from one training step against
 * central finite differences of the float64 reference model), as in gradcheck.test.ts.
 */
import { describe, it, expect } from 'vitest';
import { gpu } from '../helpers/gpu';
import { modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { Trainer } from '../../src/engine/trainer';
import { analyzeModel } from '../../src/engine/graph';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';

const tinyCnn = (): ModelSpec =>
  sequential(
    'tiny-cnn',
    [
      { id: 'in', type: 'Input', shape: [6, 5, 2] },
      { id: 'c1', type: 'Conv2D', filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' },
      { id: 'c2', type: 'Conv2D', filters: 3, kernelSize: 2, strides: 2, activation: 'tanh' },
      { id: 'flat', type: 'Flatten' },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ],
    'sparse_categorical_crossentropy',
    { type: 'adam' },
  );

describe('Conv2D layer', () => {
  it('infers shapes and parameter counts', () => {
    const a = analyzeModel(tinyCnn());
    expect(a.errors).toEqual([]);
    expect(a.shapes.get('c1')?.shape).toEqual([6, 5, 4]);
    expect(a.shapes.get('c2')?.shape).toEqual([3, 2, 3]);
    expect(a.shapes.get('flat')?.shape).toEqual([18]);
    expect(a.paramCounts.get('c1')).toBe(3 * 3 * 2 * 4 + 4);
    expect(a.paramCounts.get('c2')).toBe(2 * 2 * 4 * 3 + 3);
    const c1 = a.graph!.byId.get('c1')!;
    expect(c1.params.map((p) => [p.name, p.shape, p.fanIn, p.fanOut])).toEqual([
      ['weight', [3, 3, 2, 4], 18, 36],
      ['bias', [4], 18, 36],
    ]);
  });

  it('reports bad fields by name', () => {
    const errorsFor = (conv: Record<string, unknown>, shape = [6, 5, 2]) => {
      const spec = sequential(
        'bad',
        [
          { id: 'in', type: 'Input', shape },
          { id: 'c', type: 'Conv2D', filters: 4, kernelSize: 3, ...conv } as LayerInit,
          { id: 'flat', type: 'Flatten' },
          { id: 'out', type: 'Dense', units: 2, activation: 'softmax' },
        ],
        'sparse_categorical_crossentropy',
        { type: 'adam' },
      );
      return analyzeModel(spec).errors.filter((e) => e.layer === 'c').map((e) => `${e.field}: ${e.message}`);
    };
    expect(errorsFor({})).toEqual([]);
    expect(errorsFor({ filters: 0 })).toEqual([expect.stringMatching(/^filters: .*positive whole number/)]);
    expect(errorsFor({ filters: 2.5 })).toEqual([expect.stringMatching(/^filters: /)]);
    expect(errorsFor({ kernelSize: 9 })).toEqual([expect.stringMatching(/^kernelSize: .*1 to 7/)]);
    expect(errorsFor({ kernelSize: [3, 0] })).toEqual([expect.stringMatching(/^kernelSize: /)]);
    expect(errorsFor({ kernelSize: [3, 3, 3] })).toEqual([expect.stringMatching(/^kernelSize: .*\[height, width\]/)]);
    expect(errorsFor({ strides: 3 })).toEqual([expect.stringMatching(/^strides: .*1 or 2/)]);
    expect(errorsFor({ padding: 'full' })).toEqual([expect.stringMatching(/^padding: .*"valid" or "same"/)]);
    expect(errorsFor({ activation: 'softmax' })).toEqual([expect.stringMatching(/^activation: softmax is not available on Conv2D/)]);
    expect(errorsFor({ activation: 'gelu' })).toEqual([expect.stringMatching(/^activation: gelu is not fused into Conv2D yet/)]);
    expect(errorsFor({ activation: 'swish' })).toEqual([expect.stringMatching(/^activation: swish is not fused into Conv2D yet/)]);
    expect(errorsFor({ activation: 'mish' as never })).toEqual([expect.stringMatching(/^activation: unknown activation "mish"/)]);
    expect(errorsFor({ activation: 'elu' })).toEqual([]);
    expect(errorsFor({ kernelInitializer: 'ones' })).toEqual([expect.stringMatching(/^kernelInitializer: /)]);
    expect(errorsFor({ kernelSize: 7 })).toEqual([expect.stringMatching(/^kernelSize: a 7x7 kernel does not fit in the 6x5 input/)]);
    expect(errorsFor({ kernelSize: 7, padding: 'same' })).toEqual([]);
    expect(errorsFor({}, [30])).toEqual([expect.stringMatching(/^inputs: Conv2D expects an image input \[height, width, channels\], got \[30\]/)]);
  });

  it('emits one forward dispatch and dz + split-K weight gradient (+ input gradient) backward', async () => {
    const { device, pipelines } = await gpu();
    const spec = tinyCnn();
    const t = await Trainer.create(device, pipelines, spec, { train: randomDataset(spec, 4, 1, 3) }, { batchSize: 4, epochs: 1, seed: 3 });
    try {
      const labels = t.trainSchedule.dispatches.map((d) => d.label).filter((l) => l.startsWith('c1:') || l.startsWith('c2:'));
      expect(labels).toEqual([
        'c1:conv2d_forward',
        'c2:conv2d_forward',
        'c2:conv2d_backward_dz',
        'c2:conv2d_backward_weight',
        'c2:conv2d_backward_weight_reduce',
        'c2:conv2d_backward_input',
        // c1 reads the model input, which needs no gradient.
        'c1:conv2d_backward_dz',
        'c1:conv2d_backward_weight',
        'c1:conv2d_backward_weight_reduce',
      ]);
    } finally {
      t.destroy();
    }
  });

  it('whole-model gradient check: Conv2D(same, relu) -> Conv2D(stride 2, tanh) -> Flatten -> Dense(softmax)', async () => {
    const spec = tinyCnn();
    const { worst, checked, gmax, where } = await modelGradCheck(spec, randomDataset(spec, 5, 5, 3));
    expect(checked).toBe(76 + 51 + 18 * 3 + 3);
    expect(gmax).toBeGreaterThan(0);
    expect(worst, where).toBeLessThan(2e-3);
  });
});
