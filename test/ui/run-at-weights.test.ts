/**
 * The saved run record never goes beyond the saved weights: the reducer remembers where the run
 * stood when weights arrived, the document an autosave stores is cut back to that point (last
 * epoch report included), and a worker restart rolls the run on screen back to the same point.
 */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import { composeDoc, presetCore } from '../../src/ui/playground/documents';
import { docAtWeights, runAtWeights } from '../../src/ui/persist/run-at-weights';
import { initialState, reduce, type UiState } from '../../src/ui/state';
import type { EpochReport, FromWorker, ModelInfo } from '../../src/worker/protocol';

const info: ModelInfo = {
  presetId: null, tag: 'm1', name: 'Regression', dataset: 'plane', task: 'regression', outputs: 1, paramCount: 41,
  trainRows: 900, validationRows: 100, testRows: 500, batchSize: 32, stepsPerEpoch: 10, dispatchesPerStep: 1, epochs: 5, weights: 'fresh', epoch: 0,
};
const progress = (epoch: number, step: number): FromWorker => ({ type: 'progress', epoch, step, stepsPerEpoch: 10, globalStep: epoch * 10 + step, loss: 1 / (1 + epoch * 10 + step), accuracy: 0, samplesPerSec: 1 } as FromWorker);
const epochMsg = (epoch: number): FromWorker => ({ type: 'epoch', metrics: { epoch, loss: 0.5, accuracy: 0, valLoss: 0.4 - epoch / 100, valAccuracy: null, samplesPerSec: 1, seconds: 1, lr: 0.01, steps: 10, partial: false } as EpochReport });
const weights = (epoch: number): FromWorker => ({ type: 'weights', params: new Float32Array([epoch]), epoch, globalStep: epoch * 10 });

/** Two epochs, the weights of epoch 2 (an epoch-end snapshot), then most of epoch 3 and its end. */
function trained(): UiState {
  let s = reduce(initialState(), { kind: 'worker', messages: [{ type: 'model', info }] });
  const msgs: FromWorker[] = [];
  for (const e of [0, 1]) {
    for (let k = 1; k <= 10; k++) msgs.push(progress(e, k));
    msgs.push(epochMsg(e));
  }
  msgs.push(weights(2));
  for (let k = 1; k <= 10; k++) msgs.push(progress(2, k));
  msgs.push(epochMsg(2));
  s = reduce(s, { kind: 'worker', messages: msgs });
  return s;
}

describe('run record vs stored weights', () => {
  it('an autosave mid-run stores the run only up to the epoch of the stored weights', () => {
    const s = trained();
    expect(s.current.last?.epoch).toBe(2); // the screen shows epoch 3 finished
    expect(s.weights?.epoch).toBe(2);
    const meta = { id: 'p', name: 'x', createdAt: 0, presetId: null };
    const core = presetCore(findPreset('regression')!);
    const full = composeDoc(meta, core, {}, s);
    const doc = docAtWeights(full, s.weightsAt);
    expect(Math.max(...full.current!.val.map((p) => p.x))).toBe(3);
    // Stored: epochs 1 and 2 and the report of epoch 2 (0-based index 1), matching the weights.
    expect(doc.current!.val.map((p) => p.x)).toEqual([1, 2]);
    expect(Math.max(...doc.current!.train.map((p) => p.x))).toBe(2);
    expect(doc.current!.train).toHaveLength(20);
    expect(doc.current!.last?.epoch).toBe(1);
    // The run's end posts the final weights: the whole run is stored.
    const end = reduce(s, { kind: 'worker', messages: [weights(3)] });
    expect(docAtWeights(composeDoc(meta, core, {}, end), end.weightsAt).current!.val.map((p) => p.x)).toEqual([1, 2, 3]);
  });

  it('stores no points for a run whose weights never reached the page, and keeps runs whose relation is unknown', () => {
    const s = reduce(initialState(), { kind: 'worker', messages: [{ type: 'model', info }, progress(0, 1), progress(0, 2)] });
    expect(s.current.train).toHaveLength(2);
    expect(runAtWeights(s.current, s.weightsAt).train).toEqual([]);
    expect(runAtWeights(s.current, null)).toBe(s.current);
  });

  it('a project read from storage is covered by its weights as a whole', () => {
    const s = trained();
    const current = { ...s.current };
    const restored = reduce(initialState(), { kind: 'restore-project', current, history: [], evaluation: null, nextRunId: 2, weights: { params: new Float32Array(1), epoch: 3, globalStep: 30, archKey: 'a' } });
    expect(runAtWeights(restored.current, restored.weightsAt)).toBe(restored.current);
  });

  it('a worker restart rolls the run back to the weights it restores and says so', () => {
    const s = { ...trained(), status: 'training' as const };
    const message = 'The training worker crashed and was restarted; the weights of epoch 2 were restored.';
    const r = reduce(s, { kind: 'worker', messages: [{ type: 'worker-restarted', message, epoch: 2, gaveUp: false }] });
    expect(r.status).toBe('starting');
    expect(r.current.val.map((p) => p.x)).toEqual([1, 2]);
    expect(r.current.last?.epoch).toBe(1);
    expect(r.errors.at(-1)).toMatchObject({ where: 'worker', message });
    // Giving up keeps the run as it was and leaves the controls off.
    const g = reduce(s, { kind: 'worker', messages: [{ type: 'worker-restarted', message: 'gave up', epoch: null, gaveUp: true }] });
    expect(g.status).toBe('starting');
    expect(g.current).toBe(s.current);
  });
});
