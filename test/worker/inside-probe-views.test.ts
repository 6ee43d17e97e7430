/**
 * The neuron maps and conv views through the worker session on real WebGPU (Dawn + SwiftShader):
 * - neuron maps on spiral-mlp line up with the decision boundary: the output layer's maps equal
 *   the boundary report's outputs at the same grid points (1e-6), every map changes after a
 *   training step and carries its epoch and step, and a closed view sends nothing more;
 * - conv views on the CNN over procedural digits: the feature maps have the layers' shapes, the
 *   filters are [3, 3, 1, 32], the sample index is clamped to the test set, a drawing equal to a
 *   test image gives that image's maps (one of the wrong size is refused with the sizes), and the
 *   maps and filters change after a training step.
 */
import { describe, expect, it } from 'vitest';
import { findPreset } from '../../src/presets/presets';
import type { FromWorker } from '../../src/worker/protocol';
import { Session } from '../../src/worker/session';
import { gpu } from '../helpers/gpu';

type Of<K extends FromWorker['type']> = Extract<FromWorker, { type: K }>;

function harness() {
  const got: FromWorker[] = [];
  const session = new Session((m) => got.push(m), async () => (await gpu()).ctx);
  /** Waits (up to 60 s) for a message of `type` after index `from` that passes `ok`. */
  const next = async <K extends FromWorker['type']>(type: K, from: number, ok: (m: Of<K>) => boolean = () => true): Promise<Of<K>> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const m = got.slice(from).find((x): x is Of<K> => x.type === type && ok(x as Of<K>));
      if (m) return m;
      const err = got.find((x) => x.type === 'error');
      if (err) throw new Error(JSON.stringify(err));
      if (Date.now() > deadline) throw new Error(`no ${type} message`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  return { got, session, next };
}

const diff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
};

describe('inside views in the worker session', () => {
  it('neuron maps on spiral-mlp line up with the decision boundary and follow training', async () => {
    const { got, session, next } = harness();
    session.handle({ type: 'init' });
    session.handle({ type: 'load', source: { kind: 'preset', presetId: 'spiral-mlp' } });
    await next('model', 0);
    const resolution = 24;
    session.handle({ type: 'boundary', watch: true, resolution });
    session.handle({ type: 'watch-neurons', watch: true, resolution });
    const maps = await next('neuron-maps', 0);
    expect(maps.message).toBeNull();
    expect(maps.layers.map((l) => [l.layer, l.fanIn, l.units, l.activation, l.maps.length])).toEqual([
      ['dense', 2, 16, 'tanh', resolution ** 2 * 16],
      ['dense_1', 16, 16, 'tanh', resolution ** 2 * 16],
      ['dense_2', 16, 2, 'softmax', resolution ** 2 * 2],
    ]);
    expect(maps.output).toBe('dense_2');
    // tanh units stay in (-1, 1).
    for (const v of maps.layers[0].maps) expect(Math.abs(v)).toBeLessThan(1);
    // A step: the boundary and the maps are recomputed on the same grid.
    const mark = got.length;
    session.handle({ type: 'step-batch' });
    // The run ends paused; the boundary refreshed at its end is the last one posted before that.
    const paused = await next('state', mark, (m) => m.status === 'paused');
    const boundary = got.slice(mark, got.indexOf(paused)).filter((m): m is Of<'boundary'> => m.type === 'boundary').at(-1)!;
    expect(boundary.resolution).toBe(resolution);
    const after = await next('neuron-maps', mark, (m) => m.globalStep === 1);
    expect(after.extent).toEqual(boundary.extent);
    expect(diff(after.layers[2].maps, boundary.outputs)).toBeLessThan(1e-6);
    for (let i = 0; i < 3; i++) expect(diff(after.layers[i].maps, maps.layers[i].maps), after.layers[i].layer).toBeGreaterThan(0);
    // Closed: nothing more comes after the next steps.
    session.handle({ type: 'watch-neurons', watch: false, resolution });
    await new Promise((r) => setTimeout(r, 50));
    const closed = got.length;
    session.handle({ type: 'step-batch' });
    await next('state', closed, (m) => m.status === 'paused');
    await new Promise((r) => setTimeout(r, 200));
    expect(got.slice(closed).some((m) => m.type === 'neuron-maps')).toBe(false);
  }, 120_000);

  it('conv views on the CNN over digits: filters, feature maps of a clamped sample, refreshed by a step', async () => {
    const { got, session, next } = harness();
    const cnn = findPreset('cnn')!;
    session.handle({ type: 'init' });
    session.handle({ type: 'load', source: { kind: 'custom', spec: cnn.spec, dataset: 'digits', settings: { ...cnn.train, batchSize: 32 } } });
    await next('model', 0);
    session.handle({ type: 'watch-conv', watch: true, sample: 1e9 });
    const first = await next('conv-views', 0);
    expect(first.message).toBeNull();
    expect(first.sample).toBe(first.testRows - 1);
    expect(first.imageShape).toEqual([28, 28, 1]);
    expect(first.image.length).toBe(784);
    expect(first.label).toMatch(/^\d$/);
    expect(first.filters && [first.filters.layer, first.filters.kh, first.filters.kw, first.filters.cin, first.filters.count, first.filters.weights.length]).toEqual(['conv2d', 3, 3, 1, 32, 288]);
    expect(first.layers.map((l) => [l.layer, ...l.shape, l.values.length])).toEqual([
      ['conv2d', 26, 26, 32, 26 * 26 * 32],
      ['max_pooling2d', 13, 13, 32, 13 * 13 * 32],
    ]);
    session.handle({ type: 'watch-conv', watch: true, sample: 3 });
    const third = await next('conv-views', 0, (m) => m.sample === 3);
    expect(third.drawn).toBe(false);
    // A drawing equal to test image 3 gives its maps exactly; one of the wrong size is refused.
    let mark = got.length;
    session.handle({ type: 'watch-conv', watch: true, sample: 3, drawn: third.image.slice() });
    const drawn = await next('conv-views', mark);
    expect([drawn.drawn, drawn.label, drawn.message]).toEqual([true, null, null]);
    expect(diff(drawn.layers[1].values, third.layers[1].values)).toBe(0);
    mark = got.length;
    session.handle({ type: 'watch-conv', watch: true, sample: 3, drawn: new Float32Array(10) });
    expect((await next('conv-views', mark)).message).toBe("The drawing has 10 values but the model's input takes 784 (28×28×1).");
    session.handle({ type: 'watch-conv', watch: true, sample: 3 });
    mark = got.length;
    session.handle({ type: 'step-batch' });
    const after = await next('conv-views', mark, (m) => m.globalStep === 1);
    expect(after.sample).toBe(3);
    expect(Array.from(after.image)).toEqual(Array.from(third.image));
    expect(diff(after.filters!.weights, third.filters!.weights)).toBeGreaterThan(0);
    expect(diff(after.layers[0].values, third.layers[0].values)).toBeGreaterThan(0);
    session.handle({ type: 'watch-conv', watch: false, sample: 3 });
  }, 120_000);
});
