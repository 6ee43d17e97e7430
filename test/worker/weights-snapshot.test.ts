/**
 * The last good snapshot and the weights posted for saving:
 * - takeSnapshot keeps the previous snapshot when the new weights hold a NaN or an infinity;
 * - WeightsPoster posts at the first epoch end, then at most once per size-dependent interval;
 * - the real worker Session on WebGPU (Dawn + SwiftShader): weights loaded with a NaN never become
 *   the snapshot (restore refuses instead of bringing the NaN back), and a run posts the weights
 *   of its first epoch while it goes on, not only at its end.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import type { FromWorker, WeightsBlob } from '../../src/worker/protocol';
import { LARGE_BYTES, takeSnapshot, WeightsPoster, weightsInterval } from '../../src/worker/weights-snapshot';
import { startNodeSession, type NodeSession } from '../helpers/node-session';

const blob = (values: number[], epoch: number): WeightsBlob => ({ params: new Float32Array(values), epoch, globalStep: epoch * 10 });

describe('takeSnapshot', () => {
  it('takes finite weights and keeps the previous snapshot otherwise', () => {
    const good = blob([1, 2, 3], 2);
    const next = blob([1.5, 2.5, 3.5], 3);
    expect(takeSnapshot(good, next)).toBe(next);
    expect(takeSnapshot(good, blob([1, NaN, 3], 3))).toBe(good);
    expect(takeSnapshot(good, blob([Infinity, 0, 0], 3))).toBe(good);
    expect(takeSnapshot(null, blob([0, -Infinity], 1))).toBeNull();
    expect(takeSnapshot(null, next)).toBe(next);
  });
});

describe('WeightsPoster', () => {
  it('posts the first offer, then only after the interval; copies the params', () => {
    const posted: FromWorker[] = [];
    const clock = { t: 1000 };
    const poster = new WeightsPoster((m) => posted.push(m), () => clock.t);
    const w = blob([1, 2], 1);
    expect(poster.offer(w)).toBe(true);
    clock.t += 999;
    expect(poster.offer(blob([3, 4], 2))).toBe(false);
    clock.t += 1;
    expect(poster.offer(blob([5, 6], 3))).toBe(true);
    expect(poster.offer(null)).toBe(false);
    expect(posted.map((m) => m.type === 'weights' && [m.epoch, Array.from(m.params)])).toEqual([
      [1, [1, 2]],
      [3, [5, 6]],
    ]);
    expect(posted[0].type === 'weights' && posted[0].params).not.toBe(w.params);
  });

  it('waits longer for larger weights', () => {
    expect(weightsInterval(41 * 4)).toBe(1_000);
    expect(weightsInterval(8 << 20)).toBe(10_000);
    expect(weightsInterval(LARGE_BYTES + 4)).toBe(30_000);
  });
});

// --- the real Session -------------------------------------------------------------------------

let session: NodeSession['session'];
let got: FromWorker[];
let until: NodeSession['until'];
const isState = (status: string) => (m: FromWorker) => m.type === 'state' && m.status === status;

const preset = findPreset('regression')!;
const source = { kind: 'custom' as const, spec: preset.spec, dataset: preset.dataset, settings: { ...preset.train, epochs: 2 } };

beforeAll(async () => {
  ({ session, got, until } = await startNodeSession());
});

describe('Session snapshots (real WebGPU)', () => {
  it('never takes loaded NaN weights as the last good snapshot', async () => {
    let from = got.length;
    session.handle({ type: 'load', source, tag: 'fresh' });
    await until((m) => m.type === 'model' && m.info.tag === 'fresh', from);
    await until(isState('ready'), from);
    // Finite weights are a snapshot: restoring them answers with the weights (their length is the layout's).
    from = got.length;
    session.handle({ type: 'restore-snapshot' });
    const good = await until((m) => m.type === 'weights' || m.type === 'error', from);
    expect(good.type === 'weights' && good.params.every(Number.isFinite)).toBe(true);
    const n = good.type === 'weights' ? good.params.length : 0;
    await until(isState('ready'), from);

    const params = new Float32Array(n).fill(0.05);
    params[3] = NaN;
    from = got.length;
    session.handle({ type: 'load', source, tag: 'nan', weights: { params, epoch: 3, globalStep: 30 } });
    const model = await until((m) => m.type === 'model' && m.info.tag === 'nan', from);
    expect(model.type === 'model' && model.info.weights).toBe('restored');
    await until(isState('ready'), from);
    from = got.length;
    session.handle({ type: 'restore-snapshot' });
    const answer = await until((m) => m.type === 'error' || m.type === 'weights', from);
    expect(answer).toMatchObject({ type: 'error', message: 'There is no snapshot of good weights to restore.' });
  });

  it('posts the weights of the first epoch while the run goes on', async () => {
    let from = got.length;
    session.handle({ type: 'load', source, tag: 'run' });
    await until((m) => m.type === 'model' && m.info.tag === 'run', from);
    await until(isState('ready'), from);
    await new Promise((r) => setTimeout(r, 1_100)); // past the poster's interval since the previous test's weights
    from = got.length;
    session.handle({ type: 'train' });
    await until((m) => m.type === 'state' && m.status === 'ready' && m.epoch === 2, from);
    const run = got.slice(from);
    const epochAt = run.findIndex((m) => m.type === 'epoch');
    const secondEpochAt = run.findIndex((m, i) => i > epochAt && m.type === 'epoch');
    const weightsAt = run.findIndex((m) => m.type === 'weights');
    expect(epochAt).toBeGreaterThanOrEqual(0);
    expect(secondEpochAt).toBeGreaterThan(epochAt);
    // Between the two epochs: the snapshot of epoch 1, finite, counted in steps.
    expect(weightsAt).toBeGreaterThan(epochAt);
    expect(weightsAt).toBeLessThan(secondEpochAt);
    const w = run[weightsAt];
    const first = run[epochAt];
    const end = run.filter((m) => m.type === 'weights').at(-1)!;
    const size = end.type === 'weights' ? end.params.length : -1;
    expect(size).toBeGreaterThanOrEqual(41); // the engine's layout (41 parameters, padded)
    expect(w.type === 'weights' && [w.epoch, w.params.length, w.params.every(Number.isFinite)]).toEqual([1, size, true]);
    expect(w.type === 'weights' && first.type === 'epoch' && w.globalStep).toBe(first.type === 'epoch' ? first.metrics.steps : -1);
    // And the run's end still posts the final weights.
    expect(end).toMatchObject({ type: 'weights', epoch: 2 });
  });
});
