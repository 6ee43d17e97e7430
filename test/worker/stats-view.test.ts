/**
 * The layer-statistics view in the real worker Session (Dawn + SwiftShader): watch-stats yields
 * `stats` reports whose gradient and weight norms equal float64 norms of the trainer's read-back
 * buffers; watch false stops them (and removes the probe); a model loaded while the view is open
 * is sampled too; a bad `every` is refused with a message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import type { FromWorker } from '../../src/worker/protocol';
import { normRef } from '../../src/engine/reference/stats';
import { startNodeSession, type NodeSession } from '../helpers/node-session';

let s: NodeSession;
const isState = (status: string) => (m: FromWorker) => m.type === 'state' && m.status === status;
const preset = findPreset('mlp-100')!;
const source = { kind: 'custom' as const, spec: preset.spec, dataset: preset.dataset, settings: { ...preset.train, epochs: 1 } };

beforeAll(async () => {
  s = await startNodeSession({ failOnError: true });
});

async function load(tag: string) {
  const from = s.got.length;
  s.session.handle({ type: 'load', source, tag });
  await s.until((m) => m.type === 'model' && m.info.tag === tag, from);
  await s.until(isState('ready'), from);
}

/** One training step; the stats reports it brought. */
async function step() {
  const from = s.got.length;
  s.session.handle({ type: 'step-batch' });
  await s.until((m) => m.type === 'weights', from);
  await s.until(isState('paused'), from); // a single step leaves the epoch paused
  return s.got.slice(from).flatMap((m) => (m.type === 'stats' ? [m] : []));
}

/** The sample's norms against float64 norms of the trainer's buffers right now. */
async function expectNorms(report: Extract<FromWorker, { type: 'stats' }>) {
  const t = s.session.model!.trainer;
  const grads = await t.readGrads();
  const params = await t.readParams();
  const layers = [...new Set(t.model.layout.entries.map((e) => e.layer))];
  expect(report.sample.layers.filter((l) => l.gradNorm !== null).map((l) => l.layer)).toEqual(layers);
  for (const id of layers) {
    const pick = (flat: Float32Array) => t.model.layout.entries.filter((e) => e.layer === id).flatMap((e) => Array.from(flat.subarray(e.offset, e.offset + e.length)));
    const l = report.sample.layers.find((x) => x.layer === id)!;
    const g = normRef(pick(grads));
    const w = normRef(pick(params));
    expect(g).toBeGreaterThan(0);
    expect(Math.abs(l.gradNorm! - g)).toBeLessThanOrEqual(1e-4 * g);
    expect(Math.abs(l.weightNorm! - w)).toBeLessThanOrEqual(1e-4 * w);
    expect(l.weights!.counts.reduce((a, b) => a + b, 0)).toBe(l.weights!.count);
  }
}

describe('stats view (real WebGPU)', () => {
  it('reports samples that match the trainer, stops when closed, follows a reloaded model', async () => {
    await load('a');
    s.session.handle({ type: 'watch-stats', watch: true, every: 1 });
    const first = await step();
    expect(first.map((m) => m.sample.globalStep)).toEqual([1]);
    await expectNorms(first[0]);
    expect(first[0].warnings).toEqual([]);
    const second = await step();
    expect(second.map((m) => m.sample.globalStep)).toEqual([2]);
    await expectNorms(second[0]);

    s.session.handle({ type: 'watch-stats', watch: false, every: 1 });
    expect(await step()).toEqual([]);
    expect(s.session.model!.trainer.stepProbe).toBeNull();

    s.session.handle({ type: 'watch-stats', watch: true, every: 2 });
    await load('b');
    expect(await step()).toEqual([]); // step 1 of the new model: not a multiple of 2
    const again = await step();
    expect(again.map((m) => m.sample.globalStep)).toEqual([2]);
    await expectNorms(again[0]);
    s.session.handle({ type: 'watch-stats', watch: false, every: 2 });
  });

  it('refuses an every that is not a whole number of steps from 1 to 10000', async () => {
    const quiet = await startNodeSession();
    const from = quiet.got.length;
    quiet.session.handle({ type: 'watch-stats', watch: true, every: 0.5 });
    const err = await quiet.until((m) => m.type === 'error', from);
    expect(err).toMatchObject({ type: 'error', where: 'protocol', message: 'watch-stats: "every" must be a whole number of steps from 1 to 10000 (got 0.5)' });
  });
});
