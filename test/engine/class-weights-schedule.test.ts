/**
 * A model's class weights change no schedule: the training step has as many dispatches with weights
 * as without, and all-ones weights train bit for bit as no weights (the unweighted model binds an
 * all-ones buffer, and x 1.0 is exact), while other weights do change the trained parameters.
 */
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import type { LossOptions } from '../../src/engine/losses';
import { sequential, type ModelSpec } from '../../src/engine/spec';
import { Trainer } from '../../src/engine/trainer';
import { gpu, seededArray } from '../helpers/gpu';

const N = 26; // batches of 8: the last one partial (2 rows)
const spec = (lossOptions?: LossOptions): ModelSpec => {
  const s = sequential('cw', [{ id: 'input', type: 'Input', shape: [4] }, { id: 'hidden', type: 'Dense', units: 6, activation: 'relu' }, { id: 'out', type: 'Dense', units: 3, activation: 'softmax' }], 'sparse_categorical_crossentropy', { type: 'adam', lr: 0.05 });
  return lossOptions ? { ...s, lossOptions } : s;
};
const ds: Dataset = { name: 'rows', n: N, inputShape: [4], inputDtype: 'float32', x: seededArray(N * 4, 2), task: 'classification', y: Int32Array.from({ length: N }, (_, i) => i % 3), targetShape: [], numClasses: 3 };

async function train(o?: LossOptions): Promise<{ dispatches: number; params: Float32Array; losses: number[] }> {
  const { device, pipelines } = await gpu();
  const t = await Trainer.create(device, pipelines, spec(o), { train: ds }, { batchSize: 8, epochs: 3, seed: 4 });
  try {
    const losses: number[] = [];
    for (let e = 0; e < 3; e++) losses.push((await t.trainEpoch()).loss);
    return { dispatches: t.trainSchedule.dispatchCount, params: await t.readParams(), losses };
  } finally {
    t.destroy();
  }
}

describe('class weights and the training schedule', () => {
  it('same dispatch count; all-ones weights bit-identical to none; other weights differ', async () => {
    const none = await train();
    const ones = await train({ classWeights: [1, 1, 1] });
    const other = await train({ classWeights: [1, 4, 0.25] });
    expect(ones.dispatches).toBe(none.dispatches);
    expect(other.dispatches).toBe(none.dispatches);
    expect(Array.from(ones.params)).toEqual(Array.from(none.params));
    expect(ones.losses).toEqual(none.losses);
    expect(Array.from(other.params)).not.toEqual(Array.from(none.params));
    expect(Math.abs(other.losses[0] - none.losses[0])).toBeGreaterThan(1e-3);
  }, 120_000);
});
