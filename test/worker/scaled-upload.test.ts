/**
 * Numeric CSV uploads with feature scaling, through the real worker Session on WebGPU
 * (Dawn + SwiftShader):
 * - 'standard': the rows the trainer holds on the GPU have column means 0 and stds 1 over the
 *   upload's train part, with statistics of that part only;
 * - regression: every reported loss (epoch validation loss, evaluation loss) is the MSE in raw
 *   units computed on the CPU from the raw predictions; R², MAE and the mean baseline equal a CPU
 *   reference; a typed raw row is scaled before the model sees it and its output comes back raw;
 * - 'minmax' on a 2-feature classifier: the decision-boundary grid spans raw feature values and
 *   its outputs are the model's on the scaled grid; a raw row's prediction equals the model's
 *   output on the manually scaled row;
 * - exports: the worker's TrainedModel carries the Preprocessing; the PyTorch bundle gets raw rows.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { startNodeSession, type NodeSession } from '../helpers/node-session';
import { readBuffer } from '../../src/gpu/arena';
import { findPreset } from '../../src/presets/presets';
import { numericCsvDataset } from '../../src/data/uploads/numeric-csv';
import { splitTestRows } from '../../src/data/uploads/test-split';
import type { UploadedDataset, UploadId } from '../../src/data/uploads/types';
import type { ModelSpec } from '../../src/engine/spec';
import type { FromWorker } from '../../src/worker/protocol';
import { checkEvaluation } from '../../src/ui/project/validate-runs';
import { bundleContext, currentModel } from '../../src/worker/model-io';

let session: NodeSession['session'];
let got: FromWorker[];
let until: NodeSession['until'];

function upload(id: UploadId, csv: string, task: 'classification' | 'regression'): UploadedDataset {
  const ds = numericCsvDataset(csv, { labelColumn: 'target', task, name: `${id}.csv` });
  const { train, test } = splitTestRows(ds);
  return { id, name: `${id}.csv`, format: 'csv', data: { kind: 'tensor', train, test } };
}

/** Column means and population stds of the row-major [n, w] `x` (float64). */
function stats(x: ArrayLike<number>, w: number): { mean: number[]; std: number[] } {
  const n = x.length / w;
  const mean = Array.from({ length: w }, (_, c) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += x[r * w + c];
    return s / n;
  });
  const std = mean.map((m, c) => {
    let s = 0;
    for (let r = 0; r < n; r++) s += (x[r * w + c] - m) ** 2;
    return Math.sqrt(s / n);
  });
  return { mean, std };
}

// Columns on very different scales: a in [0, 0.06], b in the thousands, c in [-5, 5].
const regRows = ['a,b,c,target'];
for (let i = 0; i < 240; i++) {
  const a = (i % 7) * 0.01;
  const b = 1000 + 370 * (i % 13);
  const c = 5 * Math.sin(i * 1.7);
  regRows.push(`${a},${b},${c.toFixed(4)},${(300 + 2000 * a + 0.05 * b + 10 * c + Math.cos(i) * 3).toFixed(3)}`);
}
const REG_ID = 'upload:scaled-reg' as UploadId;
// Two features: x in [0, 1000], y in [-0.01, 0.01]; the class is x > 500.
const clsRows = ['x,y,target'];
for (let i = 0; i < 200; i++) {
  const x = (i * 613) % 1000;
  const y = ((i * 37) % 21) / 1000 - 0.01;
  clsRows.push(`${x},${y.toFixed(4)},${x > 500 ? 'big' : 'small'}`);
}
const CLS_ID = 'upload:scaled-cls' as UploadId;

beforeAll(async () => {
  ({ session, got, until } = await startNodeSession({ failOnError: true }));
  session.handle({ type: 'dataset-add', dataset: upload(REG_ID, regRows.join('\n'), 'regression') });
  session.handle({ type: 'dataset-add', dataset: upload(CLS_ID, clsRows.join('\n'), 'classification') });
});

describe('scaled numeric uploads in the worker (real WebGPU)', () => {
  it('standardises on the train part, reports regression losses and metrics in raw units', async () => {
    const reg = findPreset('regression')!;
    const spec: ModelSpec = {
      ...reg.spec,
      layers: reg.spec.layers.map((l) => (l.type === 'Input' ? { ...l, shape: [3] } : l)),
      optimizer: { type: 'adam', lr: 0.05 },
    } as ModelSpec;
    const settings = { ...reg.train, epochs: 4, batchSize: 16, validationSplit: 0.2, scaling: 'standard' as const };
    let from = got.length;
    session.handle({ type: 'load', source: { kind: 'custom', spec, dataset: REG_ID, settings }, tag: 'reg' });
    await until((m) => m.type === 'model' && m.info.tag === 'reg', from);
    await until((m) => m.type === 'state' && m.status === 'ready', from);
    const m = session.model!;
    const up = upload(REG_ID, regRows.join('\n'), 'regression').data as { train: { x: Float32Array; y: Float32Array; n: number } };

    // Statistics from the upload's train part (before validation is carved), features and targets.
    const raw = stats(up.train.x, 3);
    const pre = m.preprocessing!;
    expect(pre.mode).toBe('standard');
    for (let c = 0; c < 3; c++) {
      expect(pre.features!.offset[c]).toBeCloseTo(raw.mean[c], 3);
      expect(pre.features!.scale[c] * raw.std[c]).toBeCloseTo(1, 5);
    }
    const ty = stats(up.train.y, 1);
    expect(pre.targets!.offset[0]).toBeCloseTo(ty.mean[0], 3);
    expect(pre.targets!.scale[0] * ty.std[0]).toBeCloseTo(1, 5);

    // What the trainer holds on the GPU is the scaled train rows; with validation they are the whole train part.
    const t = m.trainer;
    const gpuX = new Float32Array(await readBuffer(t.device, t.train.x, m.data.train.n * 3 * 4));
    expect(Array.from(gpuX)).toEqual(Array.from(m.data.train.x));
    expect(m.data.train.n + m.data.validation.n).toBe(up.train.n);
    const seen = stats([...m.data.train.x, ...m.data.validation.x], 3);
    for (let c = 0; c < 3; c++) {
      expect(Math.abs(seen.mean[c])).toBeLessThan(1e-5);
      expect(seen.std[c]).toBeCloseTo(1, 5);
    }
    expect(Math.abs(stats([...m.data.train.y, ...m.data.validation.y], 1).mean[0])).toBeLessThan(1e-5);

    // Train; the last epoch's validation loss is the raw-unit MSE of the final weights.
    from = got.length;
    session.handle({ type: 'train' });
    await until((x) => x.type === 'state' && x.status === 'ready' && x.epoch === 4, from);
    const epochs = got.slice(from).filter((x) => x.type === 'epoch');
    expect(epochs).toHaveLength(4);
    const s2 = pre.targets!.scale[0] ** 2;
    const rawMse = async (split: 'validation' | 'test') => {
      const out = await t.predict(m.data[split]);
      const y = m.raw[split].y;
      let sse = 0;
      for (let i = 0; i < y.length; i++) sse += (out[i] / pre.targets!.scale[0] + pre.targets!.offset[0] - y[i]) ** 2;
      return { mse: sse / y.length, pred: Array.from(out, (v) => v / pre.targets!.scale[0] + pre.targets!.offset[0]) };
    };
    const last = epochs.at(-1)!;
    const val = await rawMse('validation');
    expect(last.type === 'epoch' && last.metrics.valLoss).toBeCloseTo(val.mse, Math.max(0, -Math.log10(val.mse * 1e-4)));
    expect(Math.abs((last.type === 'epoch' ? last.metrics.valLoss! : 0) - val.mse) / val.mse).toBeLessThan(1e-4);
    // Raw units are far from scaled ones here: the targets' std is in the tens.
    expect(s2).toBeLessThan(0.01);

    // The evaluation: raw MSE, and R², MAE and the mean baseline from every test row.
    from = got.length;
    session.handle({ type: 'evaluate', split: 'test' });
    const ev = await until((x) => x.type === 'evaluated', from);
    if (ev.type !== 'evaluated') throw new Error('no evaluation');
    const test = await rawMse('test');
    expect(Math.abs(ev.loss - test.mse) / test.mse).toBeLessThan(1e-4);
    const y = Array.from(m.raw.test.y);
    const trainMean = Array.from(m.raw.train.y).reduce((a, b) => a + b, 0) / m.raw.train.n;
    const yMean = y.reduce((a, b) => a + b, 0) / y.length;
    const sst = y.reduce((a, v) => a + (v - yMean) ** 2, 0);
    const sse = y.reduce((a, v, i) => a + (test.pred[i] - v) ** 2, 0);
    const mae = y.reduce((a, v, i) => a + Math.abs(test.pred[i] - v), 0) / y.length;
    const base = y.reduce((a, v) => a + (v - trainMean) ** 2, 0) / y.length;
    expect(ev.regression!.r2).toBeCloseTo(1 - sse / sst, 4);
    expect(Math.abs(ev.regression!.mae - mae) / mae).toBeLessThan(1e-4);
    expect(Math.abs(ev.regression!.baselineMse - base) / base).toBeLessThan(1e-6);
    // Adam on standardised data learns far more than the mean in 4 epochs.
    expect(ev.regression!.r2).toBeGreaterThan(0.5);
    expect(ev.warnings).toEqual([]);
    // Scatter pairs are raw.
    expect(ev.scatter![0].target).toBeCloseTo(m.raw.test.y[0], 3);
    expect(ev.scatter![0].prediction).toBeCloseTo(test.pred[0], 2);
    // The project file keeps the new fields.
    const checked = checkEvaluation(JSON.parse(JSON.stringify(ev)));
    expect(checked.ok && checked.value.regression?.r2).toBeCloseTo(ev.regression!.r2, 10);
    expect(checkEvaluation({ ...JSON.parse(JSON.stringify(ev)), warnings: [3] }).ok).toBe(false);

    // A typed raw row: scaled before the model, answer in raw units.
    const row = new Float32Array([0.03, 2110, -1.5]);
    from = got.length;
    session.handle({ type: 'predict', id: 41, input: row });
    const p = await until((x) => x.type === 'prediction' && x.id === 41, from);
    const scaled = Float32Array.from(row, (v, c) => (v - pre.features!.offset[c]) * pre.features!.scale[c]);
    const direct = (await t.predictOne(scaled))[0] / pre.targets!.scale[0] + pre.targets!.offset[0];
    expect(p.type === 'prediction' && p.probabilities![0]).toBeCloseTo(direct, 3);
    expect(direct).toBeGreaterThan(200); // raw units (targets ~300-500), not standardised ones

    // Exports carry the scaling (so exported models take raw rows); the bundle gets raw training rows
    // and the last loss in the scaled units its train.py reads.
    const model = await currentModel(m);
    expect(model.preprocessing).toEqual(pre);
    const ctx = await bundleContext(m, 12.5);
    expect(Array.from(ctx.train.x.slice(0, 3))).toEqual(Array.from(m.raw.train.x.slice(0, 3)));
    expect(ctx.train.x[1]).toBeGreaterThan(999);
    expect(ctx.lastLoss).toBeCloseTo(12.5 * s2, 10);
  });

  it('warns when an unscaled regression upload is no better than the mean, naming target scaling', async () => {
    const reg = findPreset('regression')!;
    const spec = { ...reg.spec, layers: reg.spec.layers.map((l) => (l.type === 'Input' ? { ...l, shape: [3] } : l)), optimizer: { type: 'sgd', lr: 1e-9 } } as ModelSpec;
    let from = got.length;
    session.handle({ type: 'load', source: { kind: 'custom', spec, dataset: REG_ID, settings: { ...reg.train, epochs: 1, scaling: 'none' } }, tag: 'raw' });
    await until((x) => x.type === 'state' && x.status === 'ready', from);
    expect(session.model!.preprocessing).toBeNull();
    from = got.length;
    session.handle({ type: 'evaluate', split: 'test' });
    const ev = await until((x) => x.type === 'evaluated', from);
    if (ev.type !== 'evaluated') throw new Error('no evaluation');
    expect(ev.loss).toBeGreaterThan(ev.regression!.baselineMse);
    expect(ev.warnings![0]).toMatch(/^The model is no better than predicting the mean \(MSE [\d.]+ vs [\d.]+\): it has learned only the average\. Try Adam with a learning rate of 0\.01-0\.1, scale the targets/);
  });

  it('min-max scales a 2-feature classifier: raw boundary extent, scaled grid, raw typed rows', async () => {
    const spiral = findPreset('spiral-mlp')!;
    const settings = { ...spiral.train, epochs: 2, validationSplit: 0.1, scaling: 'minmax' as const };
    let from = got.length;
    session.handle({ type: 'load', source: { kind: 'custom', spec: spiral.spec, dataset: CLS_ID, settings }, tag: 'cls' });
    await until((x) => x.type === 'state' && x.status === 'ready', from);
    const m = session.model!;
    const pre = m.preprocessing!;
    expect(pre.targets).toBeNull();
    // min-max of the train part: x spans [0, 999] (up to the held-out rows), y [-0.01, 0.01].
    expect(pre.features!.offset[0]).toBeLessThan(10);
    expect(1 / pre.features!.scale[0]).toBeGreaterThan(980);
    expect(pre.features!.offset[1]).toBeCloseTo(-0.01, 4);
    expect(1 / pre.features!.scale[1]).toBeCloseTo(0.02, 4);
    const all = [...m.data.train.x, ...m.data.validation.x];
    expect(Math.min(...all)).toBeCloseTo(0, 6);
    expect(Math.max(...all)).toBeCloseTo(1, 5);

    from = got.length;
    session.handle({ type: 'boundary', watch: true, resolution: 4 });
    const b = await until((x) => x.type === 'boundary', from);
    if (b.type !== 'boundary') throw new Error('no boundary');
    // Extent and points in raw units.
    expect(b.extent[1] - b.extent[0]).toBeGreaterThan(900);
    expect(Math.max(...b.points.map((q) => q.x))).toBeGreaterThan(500);
    // Cell (r, c) centre in raw units, scaled by hand: the model's probabilities there.
    const [x0, x1, y0, y1] = b.extent;
    const grid = new Float32Array(32);
    for (let r = 0; r < 4; r++)
      for (let c = 0; c < 4; c++) {
        const i = r * 4 + c;
        grid[i * 2] = ((x0 + ((c + 0.5) / 4) * (x1 - x0)) - pre.features!.offset[0]) * pre.features!.scale[0];
        grid[i * 2 + 1] = ((y0 + ((r + 0.5) / 4) * (y1 - y0)) - pre.features!.offset[1]) * pre.features!.scale[1];
      }
    for (const i of [0, 5, 15]) {
      const want = await m.trainer.predictOne(grid.slice(i * 2, i * 2 + 2));
      expect(b.outputs[i * 2]).toBeCloseTo(want[0], 5);
      expect(b.outputs[i * 2 + 1]).toBeCloseTo(want[1], 5);
    }
    session.handle({ type: 'boundary', watch: false, resolution: 4 });

    const row = new Float32Array([750, 0.005]);
    from = got.length;
    session.handle({ type: 'predict', id: 42, input: row });
    const p = await until((x) => x.type === 'prediction' && x.id === 42, from);
    const want = await m.trainer.predictOne(Float32Array.from(row, (v, c) => (v - pre.features!.offset[c]) * pre.features!.scale[c]));
    expect(p.type === 'prediction' && Array.from(p.probabilities!)).toEqual(Array.from(want));
    expect(p.type === 'prediction' && p.classNames).toEqual(['big', 'small']);
  });
});
