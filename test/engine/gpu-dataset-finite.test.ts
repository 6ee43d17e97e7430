/**
 * A dataset holding NaN or an infinite value is refused when it reaches the GPU, with the row and
 * column named (a built-in dataset as much as an upload), and nothing is uploaded.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { loadDataset } from '../../src/data/registry';
import { analyzeModel } from '../../src/engine/graph';
import { DatasetMismatchError, uploadDataset } from '../../src/engine/gpu-dataset';
import { planLoss } from '../../src/engine/loss-plan';
import { sequential } from '../../src/engine/spec';
import { BufferArena } from '../../src/gpu/arena';
import { gpu } from '../helpers/gpu';

function refusal(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}

const twoFeatures = (units: number, loss: 'sparse_categorical_crossentropy' | 'mse') =>
  analyzeModel(sequential('t', [{ id: 'in', type: 'Input', shape: [2] }, { id: 'out', type: 'Dense', units, activation: loss === 'mse' ? 'linear' : 'softmax' }], loss, { type: 'adam' })).graph!;

describe('uploadDataset refuses non-finite values', () => {
  it('names the row and column of a NaN or Infinity feature in a built-in dataset', async () => {
    const { device } = await gpu();
    const arena = new BufferArena(device);
    const graph = twoFeatures(2, 'sparse_categorical_crossentropy');
    const spiral = (await loadDataset('spiral')).train;
    expect(uploadDataset(arena, graph, planLoss(graph), spiral).n).toBe(spiral.n);
    const before = arena.liveBuffers;
    for (const [bad, shown] of [[NaN, 'NaN'], [Infinity, 'Infinity']] as const) {
      const x = Float32Array.from(spiral.x);
      x[5 * 2 + 1] = bad;
      const e = refusal(() => uploadDataset(arena, graph, planLoss(graph), { ...spiral, x }));
      expect(e).toBeInstanceOf(DatasetMismatchError);
      expect(e.message).toBe(`dataset "spiral" row 5, column 1 has feature ${shown}; every value must be a finite number (fix or drop that row).`);
    }
    expect(arena.liveBuffers).toBe(before);
  });

  it('names the row and column of a non-finite regression target', async () => {
    const { device } = await gpu();
    const graph = twoFeatures(1, 'mse');
    const ds: Dataset = {
      name: 'reg', task: 'regression', n: 3, inputShape: [2], inputDtype: 'float32',
      x: Float32Array.from([1, 2, 3, 4, 5, 6]), y: Float32Array.from([0.5, -Infinity, 1]), targetShape: [1],
    };
    const e = refusal(() => uploadDataset(new BufferArena(device), graph, planLoss(graph), ds));
    expect(e).toBeInstanceOf(DatasetMismatchError);
    expect(e.message).toBe('dataset "reg" row 1, column 0 has target -Infinity; every value must be a finite number (fix or drop that row).');
  });
});
