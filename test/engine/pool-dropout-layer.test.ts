/**
 * Pooling and Dropout layers inside whole models: GPU gradients of one training step against
 * central finite differences of the float64 reference (as in gradcheck.test.ts), the Dropout
 * train/eval behaviour, dispatch counts, and field validation.
 */
import { describe, it, expect } from 'vitest';
import { gpu } from '../helpers/gpu';
import { compareGrads, modelGradCheck, randomDataset } from '../helpers/gradcheck';
import { Trainer } from '../../src/engine/trainer';
import { denseForwardRef } from '../../src/engine/reference/dense';
import { dropoutMask, dropoutSalt } from '../../src/engine/reference/dropout';
import { analyzeModel } from '../../src/engine/graph';
import { readF32 } from '../../src/gpu/arena';
import { sequential, type LayerInit, type ModelSpec } from '../../src/engine/spec';


const model = (name: string, layers: LayerInit[]): ModelSpec => sequential(name, layers, 'sparse_categorical_crossentropy', { type: 'adam' });

const gradCheck = async (spec: ModelSpec, batch: number, maxChecked: number) => {
  const r = await modelGradCheck(spec, randomDataset(spec, batch, 5), { maxChecked });
  return { worst: r.worst, checked: r.checked, dispatches: r.dispatches };
};

const count = (labels: string[], layer: string) => labels.filter((l) => l.startsWith(`${layer}:`)).length;

describe('pooling layers: whole-model gradient checks against float64 finite differences', () => {
  it('Input [6,5,3] -> MaxPooling2D(2) -> Flatten -> Dense(4, softmax)', async () => {
    const spec = model('maxpool', [
      { id: 'in', type: 'Input', shape: [6, 5, 3] },
      { id: 'pool', type: 'MaxPooling2D', poolSize: 2 },
      { id: 'flat', type: 'Flatten' },
      { id: 'out', type: 'Dense', units: 4, activation: 'softmax' },
    ]);
    const { worst, checked } = await gradCheck(spec, 4, 1000);
    expect(checked).toBe(3 * 2 * 3 * 4 + 4);
    expect(worst).toBeLessThan(2e-3);
  });

  it('Input [5,7,4] -> AveragePooling2D(3, strides 2, same) -> GlobalAveragePooling2D -> Dense(3, softmax)', async () => {
    const spec = model('avgpool', [
      { id: 'in', type: 'Input', shape: [5, 7, 4] },
      { id: 'pool', type: 'AveragePooling2D', poolSize: 3, strides: 2, padding: 'same' },
      { id: 'gap', type: 'GlobalAveragePooling2D' },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const { worst, checked } = await gradCheck(spec, 3, 1000);
    expect(checked).toBe(4 * 3 + 3);
    expect(worst).toBeLessThan(2e-3);
  });

  // With trainable layers before the pools, their gradients flow through the pool backward kernels.
  it('Dense -> Reshape [6,5,4] -> MaxPooling2D(2, strides 1) (overlapping, vec4) -> Flatten -> Dense(4, softmax)', async () => {
    const spec = model('maxpool-deep', [
      { id: 'in', type: 'Input', shape: [10] },
      { id: 'pre', type: 'Dense', units: 120, activation: 'tanh' },
      { id: 'img', type: 'Reshape', targetShape: [6, 5, 4] },
      { id: 'pool', type: 'MaxPooling2D', poolSize: 2, strides: 1 },
      { id: 'flat', type: 'Flatten' },
      { id: 'out', type: 'Dense', units: 4, activation: 'softmax' },
    ]);
    const { worst, dispatches } = await gradCheck(spec, 3, 600);
    expect(worst).toBeLessThan(2e-3);
    expect(dispatches).toContain('pool:maxpool2d_forward_vec4');
    expect(dispatches).toContain('pool:maxpool2d_backward_vec4');
    expect(count(dispatches, 'pool')).toBe(2);
  });

  it('Dense -> Reshape [5,7,3] -> AveragePooling2D(3, strides 2, same) (scalar) -> GlobalAveragePooling2D -> Dense(3, softmax)', async () => {
    const spec = model('avgpool-deep', [
      { id: 'in', type: 'Input', shape: [10] },
      { id: 'pre', type: 'Dense', units: 105, activation: 'tanh' },
      { id: 'img', type: 'Reshape', targetShape: [5, 7, 3] },
      { id: 'pool', type: 'AveragePooling2D', poolSize: 3, strides: 2, padding: 'same' },
      { id: 'gap', type: 'GlobalAveragePooling2D' },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const { worst, dispatches } = await gradCheck(spec, 3, 600);
    expect(worst).toBeLessThan(2e-3);
    expect(count(dispatches, 'pool')).toBe(2);
    expect(count(dispatches, 'gap')).toBe(2);
  });

  it('non-overlapping pools (scatter backwards) with a valid remainder and a gap: MaxPooling2D(2) -> AveragePooling2D([1,2], strides [1,3])', async () => {
    const spec = model('scatter', [
      { id: 'in', type: 'Input', shape: [10] },
      { id: 'pre', type: 'Dense', units: 105, activation: 'tanh' },
      { id: 'img', type: 'Reshape', targetShape: [5, 7, 3] },
      { id: 'max', type: 'MaxPooling2D', poolSize: 2 }, // [2, 3, 3]: row 4 and column 6 uncovered
      { id: 'avg', type: 'AveragePooling2D', poolSize: [1, 2], strides: [1, 3], padding: 'same' }, // [2, 1, 3]: column 2 in no window
      { id: 'flat', type: 'Flatten' },
      { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
    ]);
    const { worst, dispatches } = await gradCheck(spec, 3, 600);
    expect(worst).toBeLessThan(2e-3);
    expect(count(dispatches, 'max')).toBe(2);
    expect(count(dispatches, 'avg')).toBe(2);
  });

  it('one image feeding a max and an average pool (same padding, accumulated input gradient) -> Add -> GlobalAveragePooling2D', async () => {
    const spec: ModelSpec = {
      ...model('two-pools', [{ id: 'in', type: 'Input', shape: [10] }]),
      layers: [
        { id: 'in', type: 'Input', shape: [10], inputs: [] },
        { id: 'pre', type: 'Dense', units: 120, activation: 'tanh', inputs: ['in'] },
        { id: 'img', type: 'Reshape', targetShape: [6, 5, 4], inputs: ['pre'] },
        { id: 'max', type: 'MaxPooling2D', poolSize: 2, strides: 1, padding: 'same', inputs: ['img'] },
        { id: 'avg', type: 'AveragePooling2D', poolSize: 3, strides: 1, padding: 'same', inputs: ['img'] },
        { id: 'sum', type: 'Add', inputs: ['max', 'avg'] },
        { id: 'gap', type: 'GlobalAveragePooling2D', inputs: ['sum'] },
        { id: 'out', type: 'Dense', units: 3, activation: 'softmax', inputs: ['gap'] },
      ],
      output: 'out',
    };
    const { worst } = await gradCheck(spec, 3, 600);
    expect(worst).toBeLessThan(2e-3);
  });
});

describe('Dropout in a model', () => {
  const layers = (withDropout: boolean): LayerInit[] => [
    { id: 'in', type: 'Input', shape: [12] },
    { id: 'h', type: 'Dense', units: 16, activation: 'tanh' },
    ...(withDropout ? [{ id: 'drop', type: 'Dropout', rate: 0.5 } as LayerInit] : []),
    { id: 'out', type: 'Dense', units: 3, activation: 'softmax' },
  ];

  it('training-mode outputs differ from evaluation; evaluation equals the model without Dropout; the gradient uses the mask', async () => {
    const { device, pipelines } = await gpu();
    const B = 8;
    const withDrop = model('drop', layers(true));
    const without = model('plain', layers(false));
    const ds = randomDataset(withDrop, B, 9);
    const seed = 4;
    const a = await Trainer.create(device, pipelines, withDrop, { train: ds }, { batchSize: B, epochs: 1, seed });
    const b = await Trainer.create(device, pipelines, without, { train: ds }, { batchSize: B, epochs: 1, seed });
    try {
      expect(a.dispatchesPerStep - b.dispatchesPerStep).toBe(2); // one forward, one backward
      const params = await a.readParams();
      expect(Array.from(await b.readParams())).toEqual(Array.from(params));

      await a.runSteps(0, 1); // first step: identity permutation, so batch row i is dataset row i
      const trainOut = await readF32(device, a.model.predictions, B * 3);
      const grads = await a.readGrads();
      a.writeParams(params); // undo the update to compare outputs at the same weights
      const evalA = await a.predict(ds);
      const evalB = await b.predict(ds);
      expect(Array.from(evalA)).toEqual(Array.from(evalB));
      const diff = Math.max(...Array.from(trainOut, (v, i) => Math.abs(v - evalA[i])));
      expect(diff).toBeGreaterThan(1e-3);

      // Float64 reference of the training step with the mask rebuilt from the same hash. The step
      // seed follows Trainer.writeStep (seed * 2654435761 + step) for the first step.
      const stepSeed = (seed * 2654435761 + 1) >>> 0;
      const mask = dropoutMask(stepSeed, dropoutSalt('drop'), B * 16, 0.5);
      const off = (layer: string, name: string) => a.model.layout.entries.find((e) => e.layer === layer && e.name === name)!.offset;
      const p64 = Float64Array.from(params);
      const slice = (o: number, n: number) => p64.subarray(o, o + n);
      const trainForward = () => {
        const h = denseForwardRef(ds.x, slice(off('h', 'weight'), 12 * 16), slice(off('h', 'bias'), 16), B, 12, 16, 'tanh').y;
        for (let i = 0; i < h.length; i++) h[i] = mask[i] ? h[i] * 2 : 0;
        return denseForwardRef(h, slice(off('out', 'weight'), 16 * 3), slice(off('out', 'bias'), 3), B, 16, 3, 'softmax').y;
      };
      const probs = trainForward();
      for (let i = 0; i < B * 3; i++) expect(Math.abs(trainOut[i] - probs[i])).toBeLessThan(1e-5);
      const loss = () => {
        const p = trainForward();
        let s = 0;
        for (let r = 0; r < B; r++) s -= Math.log(p[r * 3 + ds.y[r]]);
        return s / B;
      };
      const all = Array.from({ length: a.model.layout.total }, (_, i) => i).filter((i) => a.model.layout.entries.some((e) => i >= e.offset && i < e.offset + e.length));
      expect(compareGrads(grads, p64, all, loss).worst).toBeLessThan(2e-3);
    } finally {
      a.destroy();
      b.destroy();
    }
  });
});

describe('field validation', () => {
  const errorsOf = (layers: LayerInit[]) => analyzeModel(model('bad', layers)).errors.map((e) => `${e.layer} ${e.field}: ${e.message}`);
  const head: LayerInit = { id: 'in', type: 'Input', shape: [6, 5, 3] };
  const tail: LayerInit[] = [{ id: 'flat', type: 'Flatten' }, { id: 'out', type: 'Dense', units: 2, activation: 'softmax' }];

  it('pool larger than the input with valid padding, bad sizes, bad padding', () => {
    expect(errorsOf([head, { id: 'p', type: 'MaxPooling2D', poolSize: [7, 2] }, ...tail])).toEqual([
      'p poolSize: pool 7x2 is larger than the 6x5 input with padding "valid"; use a smaller poolSize or padding "same"',
    ]);
    expect(errorsOf([head, { id: 'p', type: 'MaxPooling2D', poolSize: [7, 2], padding: 'same' }, ...tail])).toEqual([]);
    expect(errorsOf([head, { id: 'p', type: 'AveragePooling2D', poolSize: 0 }, ...tail])[0]).toMatch(/^p poolSize: poolSize must be a positive whole number/);
    expect(errorsOf([head, { id: 'p', type: 'AveragePooling2D', strides: [1, 1.5] as never }, ...tail])[0]).toMatch(/^p strides: /);
    expect(errorsOf([head, { id: 'p', type: 'MaxPooling2D', padding: 'full' as never }, ...tail])[0]).toMatch(/^p padding: padding must be "valid" or "same"/);
  });

  it('non-image inputs', () => {
    const flat: LayerInit = { id: 'in', type: 'Input', shape: [30] };
    expect(errorsOf([flat, { id: 'p', type: 'MaxPooling2D' }, ...tail])[0]).toMatch(/^p inputs: MaxPooling2D expects an image input \[height, width, channels\], got \[30\]/);
    expect(errorsOf([flat, { id: 'g', type: 'GlobalAveragePooling2D' }, { id: 'out', type: 'Dense', units: 2, activation: 'softmax' }])[0]).toMatch(/^g inputs: GlobalAveragePooling2D expects an image input/);
  });

  it('dropout rate outside [0, 1)', () => {
    for (const rate of [1, -0.1, Number.NaN, '0.5' as never]) {
      expect(errorsOf([head, { id: 'd', type: 'Dropout', rate }, ...tail])[0]).toMatch(/^d rate: rate must be a number from 0 up to \(not including\) 1/);
    }
    expect(errorsOf([head, { id: 'd', type: 'Dropout', rate: 0 }, ...tail])).toEqual([]);
  });
});
