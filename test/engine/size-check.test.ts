/**
 * Models too big for the device are refused before any allocation: shape inference refuses
 * tensors over 2^31-1 elements (or not a safe integer), the size check refuses buffers over the
 * device's per-buffer limits and totals over the budget, and the compiler throws it on a real device.
 */
import { describe, expect, it } from 'vitest';
import { analyzeModel, buildGraph, formatSpecError } from '../../src/engine/graph';
import { sequential, type LayerInit } from '../../src/engine/spec';
import { estimateBuffers, ModelTooLargeError, sizeProblems, totalBudget, WEBGPU_DEFAULT_LIMITS } from '../../src/engine/size-check';
import { compileModel } from '../../src/engine/compile';
import { analyzeForEditor } from '../../src/ui/model/analysis';
import type { ProjectCore } from '../../src/ui/project/types';
import { layerDef } from '../../src/engine/layers/registry';
import { findPreset, PRESETS } from '../../src/presets/presets';
import { gpu } from '../helpers/gpu';

/** A layer before it gets its id (distributes over the layer union). */
type Unnamed = LayerInit extends infer L ? (L extends LayerInit ? Omit<L, 'id'> : never) : never;

/** Layers named like Keras does: the type in lower case, then _1, _2, ... */
function model(layers: Unnamed[]) {
  const seen = new Map<string, number>();
  const named = layers.map((l) => {
    const base = l.type.toLowerCase();
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return { ...l, id: n === 0 ? base : `${base}_${n}` } as LayerInit;
  });
  return sequential('big', named, 'mse', { type: 'adam', lr: 0.001 });
}
const errorsOf = (layers: Unnamed[]) => analyzeModel(model(layers)).errors.map(formatSpecError);

describe('shape inference refuses tensors that cannot exist', () => {
  it('Dense(1e9): more parameters than one model may hold', () => {
    expect(errorsOf([{ type: 'Input', shape: [2] }, { type: 'Dense', units: 1e9 }])).toEqual(['params: the model has 3.000e+9 parameters, more than the 2147483647 one model may hold']);
    expect(errorsOf([{ type: 'Input', shape: [8] }, { type: 'Dense', units: 1e9 }])).toEqual(['layer "dense" params: a parameter of shape [8, 1000000000] has 8.000e+9 elements, more than the 2147483647 a tensor may hold']);
  });

  it('Embedding(2^40), Input [2^31, 2^31] and Conv2D with 1e5 filters on 1024x1024', () => {
    expect(errorsOf([{ type: 'Input', shape: [5], dtype: 'int32' }, { type: 'Embedding', inputDim: 2 ** 40, outputDim: 8 }, { type: 'Flatten' }, { type: 'Dense', units: 1 }])[0]).toBe(
      'layer "embedding" params: a parameter of shape [1099511627776, 8] has 8.796e+12 elements, more than the 2147483647 a tensor may hold',
    );
    expect(errorsOf([{ type: 'Input', shape: [2 ** 31, 2 ** 31] }, { type: 'Flatten' }, { type: 'Dense', units: 1 }])[0]).toBe(
      'layer "input" shape: the output shape [2147483648, 2147483648] has 4.612e+18 elements, more than the 2147483647 a tensor may hold',
    );
    expect(errorsOf([{ type: 'Input', shape: [1024, 1024, 1] }, { type: 'Conv2D', filters: 1e5, kernelSize: 3, padding: 'same' }, { type: 'Flatten' }, { type: 'Dense', units: 1 }])[0]).toBe(
      'layer "conv2d" shape: the output shape [1024, 1024, 100000] has 1.049e+11 elements, more than the 2147483647 a tensor may hold',
    );
  });
});

describe('size check against device limits', () => {
  const limits = { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 27 };

  it('counts parameters, gradients, optimizer slots, activations and the dataset', () => {
    const g = buildGraph(model([{ type: 'Input', shape: [10] }, { type: 'Dense', units: 20 }, { type: 'Dense', units: 1 }]));
    const est = estimateBuffers(g, 4, [{ label: 'training inputs', bytes: 4000 }]);
    expect(g.paramCount).toBe(241);
    // params, grads, m, v; input [4 x 10] (no gradient), dense [4 x 20] and its gradient, dense_1 [4 x 1] and its gradient; data.
    expect(est.buffers.map((b) => b.bytes)).toEqual([964, 964, 964, 964, 160, 320, 320, 16, 16, 4000]);
    expect(est.totalBytes).toBe(964 * 4 + 160 + 640 + 32 + 4000);
    expect(est.largest.label).toBe('training inputs');
  });

  it('names the largest buffer and the limits when one buffer is too big', () => {
    // 64 x 1,000,000 weights + 1,000,000 biases = 260 MB of parameters: over the 128 MiB binding limit.
    const g = buildGraph(model([{ type: 'Input', shape: [64] }, { type: 'Dense', units: 1_000_000 }]));
    expect(sizeProblems(g, 1, limits)).toEqual([
      'the parameters need 248.0 MiB in one buffer (and 3 more buffers), but this device allows 128.0 MiB per buffer (maxBufferSize 1024.0 MiB, maxStorageBufferBindingSize 128.0 MiB)',
    ]);
    expect(sizeProblems(g, 1, { maxBufferSize: 2 ** 30, maxStorageBufferBindingSize: 2 ** 30 })).toEqual([]);
  });

  it('refuses a total over the budget even when every buffer fits', () => {
    // Dense(65536), then 20 ReLUs: 21 activations of [batch 256 x 65536] (64 MiB each) and as many gradients.
    const layers: Unnamed[] = [{ type: 'Input', shape: [16] }, { type: 'Dense', units: 65536 }];
    for (let i = 0; i < 20; i++) layers.push({ type: 'Activation', activation: 'relu' });
    layers.push({ type: 'Dense', units: 1 });
    const g = buildGraph(model(layers));
    expect(totalBudget(limits)).toBe(4 * 2 ** 30);
    expect(totalBudget(WEBGPU_DEFAULT_LIMITS)).toBe(2 * 2 ** 30);
    expect(totalBudget({ maxBufferSize: 2 ** 40, maxStorageBufferBindingSize: 2 ** 31 })).toBe(16 * 2 ** 30);
    const problems = sizeProblems(g, 256, WEBGPU_DEFAULT_LIMITS);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^all buffers together need 2706\.0 MiB, more than the 2048\.0 MiB budget for this device/);
    expect(sizeProblems(g, 256, limits)).toEqual([]);
  });

  it('the editor blocks Train with the default-limits note; the presets are not blocked', () => {
    const arity = (t: string) => layerDef(t)?.arity;
    const core = (id: string, batchSize: number) => {
      const p = findPreset(id)!;
      return { spec: p.spec, dataset: p.dataset, settings: { batchSize } } as unknown as ProjectCore;
    };
    for (const p of PRESETS) expect(analyzeForEditor(core(p.id, p.train.batchSize), arity).blocker, p.id).toBeNull();
    const huge = analyzeForEditor(core('cnn', 4096), arity);
    expect(huge.blocker).toMatch(/^The model is too large for WebGPU's default limits \(your GPU may allow more\): the layer "conv2d" activations \(batch 4096 x \[\d+, \d+, \d+\]\) need [\d.]+ MiB in one buffer/);
    // With the device's own (larger) limits the same model trains; the dataset counts there.
    expect(analyzeForEditor(core('cnn', 4096), arity, [], { maxBufferSize: 2 ** 33, maxStorageBufferBindingSize: 2 ** 31 }).blocker).toBeNull();
    expect(analyzeForEditor(core('cnn', 32), arity, [], WEBGPU_DEFAULT_LIMITS).blocker).toMatch(/too large for this GPU: the training set on the GPU need 179\.4 MiB in one buffer/);
  });

  it('the compiler refuses before allocating, naming the device limits', async () => {
    const { device, pipelines } = await gpu();
    const perBuffer = Math.min(device.limits.maxBufferSize, device.limits.maxStorageBufferBindingSize);
    const units = Math.ceil((perBuffer / 4 + 1) / 16);
    const spec = model([{ type: 'Input', shape: [16] }, { type: 'Dense', units }]);
    const err = await compileModel(device, pipelines, spec, { batch: 1, seed: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ModelTooLargeError);
    expect((err as Error).message).toMatch(new RegExp(`^the model is too large for this GPU: the parameters need [\\d.]+ (MiB|GiB) in one buffer .*maxBufferSize ${(device.limits.maxBufferSize / 2 ** 20).toFixed(1)} MiB`));
  });
});
