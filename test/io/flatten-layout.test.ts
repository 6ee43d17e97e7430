/**
 * PyTorch's flatten order (src/io/torch/flatten-layout.ts): the (H, W, C) -> (C, H, W)
 * permutation against tensors built index by index, which nodes carry PyTorch's order, which Dense
 * kernels get permuted columns, and the state_dict of a CNN: its first nn.Linear's columns checked
 * element by element, and an exact round trip through safetensors export and import.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/engine/graph';
import { layoutParams } from '../../src/engine/params';
import { sequential, type LayerSpec, type ModelSpec } from '../../src/engine/spec';
import { chwFromHwc, denseColumnOrders, invertPermutation, torchFlatOrders } from '../../src/io/torch/flatten-layout';
import { fromStateDict, modelStateDict } from '../../src/io/state-dict';
import { importSafetensors } from '../../src/io/import-safetensors';
import { weightsFile } from '../../src/io/torch/export-safetensors';
import { trainedModel } from '../../src/io/trained-model';
import { seededArray } from '../helpers/gpu';
import { datasetFile } from '../../src/io/torch/bundle';
import { decodeSafetensors } from '../../src/io/safetensors';
import type { Dataset } from '../../src/data/dataset';

const model = (layers: LayerSpec[]): ModelSpec => sequential('m', layers, 'mse', { type: 'adam' });

describe('chwFromHwc', () => {
  for (const [H, W, C] of [[2, 3, 4], [1, 5, 3], [3, 1, 2], [4, 4, 1], [2, 2, 2]] as const) {
    it(`[${H}, ${W}, ${C}]: the PyTorch flatten of the NCHW tensor picks the engine's flat values`, () => {
      // value(h, w, c) written channels-last (the engine), then read as a PyTorch NCHW tensor's flatten.
      const value = (h: number, w: number, c: number) => 1000 * h + 100 * w + c + 0.5;
      const hwc: number[] = [];
      for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) for (let c = 0; c < C; c++) hwc.push(value(h, w, c));
      const nchwFlat: number[] = [];
      for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) nchwFlat.push(value(h, w, c));
      const perm = chwFromHwc([H, W, C]);
      expect(Array.from(perm, (k) => hwc[k])).toEqual(nchwFlat);
      const inv = invertPermutation(perm);
      expect(Array.from(inv, (t) => nchwFlat[t])).toEqual(hwc);
      expect(new Set(perm).size).toBe(H * W * C);
    });
  }
});

describe('torchFlatOrders / denseColumnOrders', () => {
  it('marks Flatten and a one-axis Reshape of an image, and what keeps their order', () => {
    const spec: ModelSpec = {
      ...model([]),
      layers: [
        { id: 'x', type: 'Input', shape: [4, 4, 3], inputs: [] },
        { id: 'conv', type: 'Conv2D', filters: 2, kernelSize: 3, inputs: ['x'] },
        { id: 'flat', type: 'Flatten', inputs: ['conv'] },
        { id: 'reshape', type: 'Reshape', targetShape: [8], inputs: ['conv'] },
        { id: 'act', type: 'Activation', activation: 'tanh', inputs: ['flat'] },
        { id: 'drop', type: 'Dropout', rate: 0.5, inputs: ['act'] },
        { id: 'same', type: 'Add', inputs: ['drop', 'reshape'] },
        { id: 'd1', type: 'Dense', units: 8, inputs: ['same'] },
        { id: 'mixed', type: 'Add', inputs: ['flat', 'd1'] },
        { id: 'd2', type: 'Dense', units: 3, inputs: ['mixed'] },
        { id: 'norm', type: 'LayerNormalization', inputs: ['flat'] },
        { id: 'd3', type: 'Dense', units: 3, inputs: ['norm'] },
        { id: 'out', type: 'Add', inputs: ['d2', 'd3'] },
      ],
      output: 'out',
    };
    const graph = buildGraph(spec);
    const orders = torchFlatOrders(graph);
    expect([...orders.keys()].sort()).toEqual(['act', 'drop', 'flat', 'reshape', 'same']);
    expect(orders.get('same')).toEqual([2, 2, 2]);
    // d2 reads a mix (model.py gives it the playground's order back), d3 a LayerNorm.
    expect([...denseColumnOrders(graph)]).toEqual([['d1', [2, 2, 2]]]);
  });

  it('leaves alone one channel, one pixel, sequences, Dense over pixels and Reshape to an image', () => {
    const cases: [string, LayerSpec[]][] = [
      ['one channel', [{ id: 'x', type: 'Input', shape: [3, 3, 1] }, { id: 'f', type: 'Flatten' }, { id: 'd', type: 'Dense', units: 2 }]],
      ['one pixel', [{ id: 'x', type: 'Input', shape: [1, 1, 4] }, { id: 'f', type: 'Flatten' }, { id: 'd', type: 'Dense', units: 2 }]],
      ['sequence', [{ id: 'x', type: 'Input', shape: [5, 3] }, { id: 'f', type: 'Flatten' }, { id: 'd', type: 'Dense', units: 2 }]],
      ['pixels', [{ id: 'x', type: 'Input', shape: [3, 3, 2] }, { id: 'd', type: 'Dense', units: 2 }, { id: 'f', type: 'Flatten' }, { id: 'd2', type: 'Dense', units: 2 }]],
      ['reshape', [{ id: 'x', type: 'Input', shape: [2, 2, 4] }, { id: 'r', type: 'Reshape', targetShape: [4, 4] }, { id: 'd', type: 'Dense', units: 2 }]],
    ];
    for (const [name, layers] of cases) {
      const graph = buildGraph(model(layers));
      const expected = name === 'pixels' ? [['d2', [3, 3, 2]]] : [];
      expect([...denseColumnOrders(graph)], name).toEqual(expected);
    }
  });
});

describe('state_dict of a CNN in PyTorch layouts', () => {
  const H = 3;
  const W = 3;
  const C = 4;
  const U = 5;
  const spec = model([
    { id: 'x', type: 'Input', shape: [5, 5, 2] },
    { id: 'conv', type: 'Conv2D', filters: C, kernelSize: 3, activation: 'relu' },
    { id: 'flat', type: 'Flatten' },
    { id: 'dense', type: 'Dense', units: U, activation: 'relu' },
    { id: 'out', type: 'Dense', units: 3 },
  ]);
  const layout = layoutParams(buildGraph(spec));
  // Distinct values in every entry; the layout's alignment gaps stay 0 (import leaves them 0).
  const params = new Float32Array(layout.total);
  for (const e of layout.entries) params.set(seededArray(e.length, 3 + e.offset, -1, 1), e.offset);
  const m = trainedModel(spec, params);

  it("the first nn.Linear's column (c*H + h)*W + w is the engine's kernel row (h*W + w)*C + c", () => {
    const kernel = layout.entries.find((e) => e.layer === 'dense' && e.name === 'weight')!;
    const k = m.params.subarray(kernel.offset, kernel.offset + kernel.length); // [H*W*C, U]
    const t = modelStateDict(m).find((x) => x.name === 'dense.weight')!;
    expect(t.shape).toEqual([U, H * W * C]);
    let checked = 0;
    for (let o = 0; o < U; o++)
      for (let c = 0; c < C; c++)
        for (let h = 0; h < H; h++)
          for (let w = 0; w < W; w++) {
            expect(t.data[o * H * W * C + (c * H + h) * W + w]).toBe(k[((h * W + w) * C + c) * U + o]);
            checked++;
          }
    expect(checked).toBe(U * H * W * C);
    // The Dense after it is plainly transposed.
    const out = layout.entries.find((e) => e.layer === 'out' && e.name === 'weight')!;
    const t2 = modelStateDict(m).find((x) => x.name === 'out.weight')!;
    expect(t2.data[1 * U + 2]).toBe(m.params[out.offset + 2 * 3 + 1]);
  });

  it('export then import gives back exactly the same parameters', () => {
    const tensors = new Map(modelStateDict(m).map((t) => [t.name, t]));
    expect(Array.from(fromStateDict(spec, tensors).params)).toEqual(Array.from(m.params));
    expect(Array.from(importSafetensors(spec, weightsFile(m).data).params)).toEqual(Array.from(m.params));
  });
});

describe("the PyTorch bundle's data", () => {
  it('writes images [n, C, H, W]: x_train[i, c, h, w] is the playground row i at (h, w, c)', () => {
    const [n, H, W, C] = [2, 2, 3, 4];
    const x = seededArray(n * H * W * C, 9);
    const ds: Dataset = { name: 'img', task: 'classification', n, inputShape: [H, W, C], inputDtype: 'float32', x, y: Int32Array.from([0, 1]), targetShape: [], numClasses: 2 };
    const t = decodeSafetensors(datasetFile(ds)).tensors.get('x_train')!;
    expect(t.shape).toEqual([n, C, H, W]);
    for (let i = 0; i < n; i++)
      for (let c = 0; c < C; c++)
        for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) expect(t.data[((i * C + c) * H + h) * W + w]).toBe(x[((i * H + h) * W + w) * C + c]);
    // Features and sequences stay as they are.
    const seq: Dataset = { ...ds, inputShape: [H * W, C] };
    const s = decodeSafetensors(datasetFile(seq)).tensors.get('x_train')!;
    expect(s.shape).toEqual([n, H * W, C]);
    expect(Array.from(s.data)).toEqual(Array.from(x));
  });
});
