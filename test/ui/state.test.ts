/**
 * The UI's pure reducer of worker messages (src/ui/state.ts): the main transitions — a load asked
 * for and answered (fresh, kept, restored), progress and epoch series, run status (paused/ready),
 * divergence, device loss, a restarted worker, weights, evaluation, restored projects and errors —
 * checked on the fields they set.
 */
import { describe, expect, it } from 'vitest';
import { initialState, reduce, type LoadMeta, type UiAction, type UiState } from '../../src/ui/state';
import { DEFAULT_PRESET, presetCore, runConfig } from '../../src/ui/playground/documents';
import type { RunConfig } from '../../src/ui/project/types';
import type { EpochReport, EvalReport, FromWorker, ModelInfo } from '../../src/worker/protocol';

const base = runConfig(presetCore(DEFAULT_PRESET));
const config = (lr: number): RunConfig => ({ ...base, optimizer: { ...base.optimizer, lr } as RunConfig['optimizer'], archKey: 'arch-1' });
const lrOf = (c: RunConfig | null | undefined) => (c?.optimizer as { lr?: number } | undefined)?.lr;

const loadMeta = (tag: string, lr = 0.01): LoadMeta => ({ tag, configKey: `cfg-${tag}`, archKey: 'arch-1', config: config(lr) });

const info = (tag: string, weights: ModelInfo['weights'] = 'fresh', epoch = 0): ModelInfo => ({
  presetId: null, tag, name: 'Spiral', dataset: 'spiral', task: 'classification', outputs: 2, paramCount: 10,
  trainRows: 90, validationRows: 10, testRows: 50, batchSize: 10, stepsPerEpoch: 10, dispatchesPerStep: 1, epochs: 5, weights, epoch,
});

const progress = (epoch: number, step: number, loss = 0.5): FromWorker =>
  ({ type: 'progress', epoch, step, stepsPerEpoch: 10, globalStep: epoch * 10 + step, loss, accuracy: 0.75, samplesPerSec: 100 }) as FromWorker;

const epochMsg = (epoch: number): FromWorker => ({
  type: 'epoch',
  metrics: { epoch, loss: 0.5, accuracy: 0.7, valLoss: 0.4, valAccuracy: 0.8, samplesPerSec: 1, seconds: 1, lr: 0.01, steps: 10, partial: false } as EpochReport,
});

const evalReport: EvalReport = { split: 'test', loss: 0.3, accuracy: 0.9, count: 50, confusion: [[25, 0], [5, 20]], scatter: null };

const worker = (s: UiState, ...messages: FromWorker[]) => reduce(s, { kind: 'worker', messages });
const act = (s: UiState, a: UiAction) => reduce(s, a);

/** A model asked for and built with fresh weights, the GPU ready. */
function loaded(tag = 'm1'): UiState {
  let s = worker(initialState(), { type: 'ready', adapter: 'Test GPU' });
  s = act(s, { kind: 'loading', meta: loadMeta(tag) });
  return worker(s, { type: 'model', info: info(tag) }, { type: 'state', status: 'ready', epoch: 0, epochs: 5 });
}

/** `loaded()` after one epoch of training. */
function trained(): UiState {
  let s = worker(loaded(), { type: 'state', status: 'training', epoch: 0, epochs: 5 });
  for (let k = 1; k <= 10; k++) s = worker(s, progress(0, k));
  return worker(s, epochMsg(0));
}

describe('UI state reducer', () => {
  it('starts pending with an empty run', () => {
    const s = initialState();
    expect(s.gpu).toEqual({ kind: 'pending' });
    expect(s.status).toBe('starting');
    expect(s.current.train).toEqual([]);
    expect(s.loaded).toBeNull();
  });

  it('ready and no-webgpu set the GPU state', () => {
    expect(worker(initialState(), { type: 'ready', adapter: 'X' }).gpu).toEqual({ kind: 'ready', adapter: 'X' });
    expect(worker(initialState(), { type: 'no-webgpu', message: 'none' }).gpu).toEqual({ kind: 'unavailable', message: 'none' });
  });

  it('loading then the matching model: pending becomes loaded, a fresh run starts', () => {
    const s0 = act(initialState(), { kind: 'loading', meta: loadMeta('m1') });
    expect(s0.pendingLoad?.tag).toBe('m1');
    expect(s0.loaded).toBeNull();
    const s1 = worker(s0, { type: 'model', info: info('m1') });
    expect(s1.pendingLoad).toBeNull();
    expect(s1.loaded?.tag).toBe('m1');
    expect(s1.model?.paramCount).toBe(10);
    expect(lrOf(s1.current.config)).toBe(0.01);
    expect(s1.weights).toBeNull();
    expect(s1.weightsAt).toEqual({ runId: s1.current.id, x: -Infinity, last: null });
  });

  it('a model for an older load leaves the newer one pending', () => {
    let s = act(initialState(), { kind: 'loading', meta: loadMeta('m1') });
    s = act(s, { kind: 'loading', meta: loadMeta('m2') });
    s = worker(s, { type: 'model', info: info('m1') });
    expect(s.pendingLoad?.tag).toBe('m2');
    expect(s.loaded).toBeNull();
  });

  it('a failed load clears the pending load and lists the error', () => {
    let s = act(initialState(), { kind: 'loading', meta: loadMeta('m1') });
    s = worker(s, { type: 'error', where: 'load', message: 'bad model' });
    expect(s.pendingLoad).toBeNull();
    expect(s.errors).toEqual([{ id: 1, where: 'load', message: 'bad model' }]);
  });

  it('progress and epoch reports extend the current run', () => {
    const s = trained();
    expect(s.status).toBe('training');
    expect(s.progress?.step).toBe(10);
    expect(s.current.train).toHaveLength(10);
    expect(s.current.train[0]).toEqual({ x: 0.1, loss: 0.5, acc: 0.75 });
    expect(s.current.val).toEqual([{ x: 1, loss: 0.4, acc: 0.8 }]);
    expect(s.current.last?.epoch).toBe(0);
  });

  it('finished-step reports move the counter between metric reads, never back, and add no point', () => {
    let s = worker(trained(), progress(1, 2));
    const points = s.current.train.length;
    s = worker(s, { type: 'step', epoch: 1, step: 5, stepsPerEpoch: 10, globalStep: 15 });
    expect(s.progress?.step).toBe(5);
    expect(s.progress?.loss).toBe(0.5);
    expect(s.current.train.length).toBe(points);
    // A stale report (an earlier step, another epoch) changes nothing.
    expect(worker(s, { type: 'step', epoch: 1, step: 4, stepsPerEpoch: 10, globalStep: 14 })).toBe(s);
    expect(worker(s, { type: 'step', epoch: 0, step: 9, stepsPerEpoch: 10, globalStep: 9 })).toBe(s);
    // The metrics of steps 3-4 arrive after step 5 was shown: a point at step 4, the counter stays at 5.
    s = worker(s, progress(1, 4, 0.25));
    expect(s.progress?.step).toBe(5);
    expect(s.progress?.loss).toBe(0.25);
    expect(s.current.train.at(-1)).toMatchObject({ x: 1.4, loss: 0.25 });
  });

  it('a non-finite loss updates progress but adds no point', () => {
    const s = worker(trained(), progress(1, 1, Number.NaN));
    expect(s.progress?.epoch).toBe(1);
    expect(s.current.train).toHaveLength(10);
  });

  it('state messages set status and epochs (paused, ready)', () => {
    let s = worker(trained(), { type: 'state', status: 'paused', epoch: 1, epochs: 5 });
    expect([s.status, s.epoch, s.epochs]).toEqual(['paused', 1, 5]);
    s = worker(s, { type: 'state', status: 'ready', epoch: 5, epochs: 5 });
    expect([s.status, s.epoch]).toEqual(['ready', 5]);
  });

  it('a fresh model after training moves the run into history', () => {
    const s0 = trained();
    const s = worker(act(s0, { kind: 'loading', meta: loadMeta('m2') }), { type: 'model', info: info('m2') });
    expect(s.history).toHaveLength(1);
    expect(s.history[0].id).toBe(s0.current.id);
    expect(s.current.id).toBe(s0.nextRunId);
    expect(s.current.train).toEqual([]);
    expect(s.nextRunId).toBe(s0.nextRunId + 1);
    expect(s.evaluation).toBeNull();
  });

  it('kept weights with changed settings start a new run; the same settings continue it', () => {
    const s0 = trained();
    const changed = worker(act(s0, { kind: 'loading', meta: loadMeta('m2', 0.1) }), { type: 'model', info: info('m2', 'kept') });
    expect(changed.history).toHaveLength(1);
    expect(lrOf(changed.current.config)).toBe(0.1);
    expect(changed.current.train).toEqual([]);
    const same = worker(act(s0, { kind: 'loading', meta: loadMeta('m3') }), { type: 'model', info: info('m3', 'kept') });
    expect(same.history).toHaveLength(0);
    expect(same.current.train).toHaveLength(10);
  });

  it('weights are kept with the loaded architecture and where the run stood', () => {
    const s = worker(trained(), { type: 'weights', params: new Float32Array([1, 2]), epoch: 1, globalStep: 10 });
    expect(s.weights?.archKey).toBe('arch-1');
    expect(s.weights?.epoch).toBe(1);
    expect(s.weightsAt?.x).toBe(1);
    expect(s.weightsAt?.last?.epoch).toBe(0);
    expect(s.weightsAt?.runId).toBe(s.current.id);
  });

  it('diverged, then restored from the snapshot: series cut back, divergence cleared', () => {
    let s = trained();
    for (let k = 1; k <= 5; k++) s = worker(s, progress(1, k));
    s = worker(s, { type: 'diverged', message: 'Loss became NaN', epoch: 1, step: 5, loss: Number.NaN, snapshotEpoch: 1 });
    expect(s.diverged).toMatchObject({ message: 'Loss became NaN', snapshotEpoch: 1 });
    s = worker(s, { type: 'model', info: info('m1', 'restored', 1) });
    expect(s.diverged).toBeNull();
    expect(s.current.train.every((p) => p.x <= 1)).toBe(true);
    expect(s.current.train).toHaveLength(10);
  });

  it('device lost is kept until a state other than lost', () => {
    let s = worker(trained(), { type: 'device-lost', message: 'GPU reset', canRecover: true });
    expect(s.deviceLost).toEqual({ message: 'GPU reset', canRecover: true });
    s = worker(s, { type: 'state', status: 'lost', epoch: 1, epochs: 5 });
    expect(s.deviceLost).not.toBeNull();
    s = worker(s, { type: 'state', status: 'ready', epoch: 1, epochs: 5 });
    expect(s.deviceLost).toBeNull();
  });

  it('a restarted worker goes back to the stored weights and reports it', () => {
    let s = worker(trained(), { type: 'weights', params: new Float32Array([1]), epoch: 1, globalStep: 10 });
    for (let k = 1; k <= 5; k++) s = worker(s, progress(1, k));
    s = worker(s, { type: 'device-lost', message: 'lost', canRecover: true });
    const r = worker(s, { type: 'worker-restarted', message: 'The worker restarted.', epoch: 1, gaveUp: false });
    expect(r.status).toBe('starting');
    expect(r.progress).toBeNull();
    expect(r.deviceLost).toBeNull();
    expect(r.current.train).toHaveLength(10);
    expect(r.errors.at(-1)).toMatchObject({ where: 'worker', message: 'The worker restarted.' });
    const gaveUp = worker(s, { type: 'worker-restarted', message: 'Gave up.', epoch: 1, gaveUp: true });
    expect(gaveUp.current.train).toHaveLength(15);
    expect(gaveUp.deviceLost).not.toBeNull();
  });

  it('evaluated stores the report and counts it', () => {
    const s = worker(trained(), { type: 'evaluated', ...evalReport });
    expect(s.evaluation).toEqual(evalReport);
    expect(s.evalSeq).toBe(1);
    expect(worker(s, { type: 'evaluated', ...evalReport }).evalSeq).toBe(2);
  });

  it('restore-project replaces the run records and weights', () => {
    const s0 = trained();
    const w = { params: new Float32Array([3]), epoch: 2, globalStep: 20, archKey: 'arch-1' };
    const s = act(s0, { kind: 'restore-project', current: s0.current, history: [], evaluation: evalReport, nextRunId: 7, weights: w });
    expect(s.current).toBe(s0.current);
    expect(s.nextRunId).toBe(7);
    expect(s.evaluation).toEqual(evalReport);
    expect(s.weights).toBe(w);
    expect(s.weightsAt?.runId).toBe(s0.current.id);
    const empty = act(s0, { kind: 'restore-project', current: null, history: [], evaluation: null, nextRunId: 4, weights: null });
    expect(empty.current).toMatchObject({ id: 4, train: [] });
    expect(empty.nextRunId).toBe(5);
    expect(empty.weightsAt).toBeNull();
  });

  it('UI errors are capped, dismissed by id; history can be cleared', () => {
    let s = initialState();
    for (let i = 0; i < 6; i++) s = act(s, { kind: 'ui-error', where: 'storage', message: `e${i}` });
    expect(s.errors.map((e) => e.message)).toEqual(['e2', 'e3', 'e4', 'e5']);
    s = act(s, { kind: 'dismiss-error', id: s.errors[0].id });
    expect(s.errors.map((e) => e.message)).toEqual(['e3', 'e4', 'e5']);
    const t = worker(act(trained(), { kind: 'loading', meta: loadMeta('m2') }), { type: 'model', info: info('m2') });
    expect(act(t, { kind: 'clear-history' }).history).toEqual([]);
  });

  it('a dataset preview error is shown in its panel, not the error list', () => {
    const s = worker(initialState(), { type: 'error', where: 'dataset', message: 'no rows' });
    expect(s.previewError).toBe('no rows');
    expect(s.errors).toEqual([]);
  });
});
