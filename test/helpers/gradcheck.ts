/**
 * Whole-model gradient checks: one training step's GPU gradient (read from the flat gradient
 * buffer) against central finite differences of the float64 reference model, on a dataset with
 * exactly one batch of rows (the loss is a mean, so the step's row order does not matter).
 */
import { gpu, seededArray } from './gpu';
import { Trainer } from '../../src/engine/trainer';
import { referenceForward, referenceLoss } from '../../src/engine/reference/model';
import type { ModelSpec } from '../../src/engine/spec';
import type { Dataset } from '../../src/data/dataset';

export interface GradCheckResult {
  /** Worst |numeric - gpu| / max(|numeric|, 5% of the largest gradient). */
  worst: number;
  checked: number;
  /** Where the worst error is, for the assertion message. */
  where: string;
  gmax: number;
  /** Every parameter tensor name, `<layer>.<param>`. */
  names: Set<string>;
  /** The training schedule's dispatch labels. */
  dispatches: string[];
}

/** Worst relative error of `grads` against finite differences of `loss(p64)` at `indices`. */
export function compareGrads(grads: Float32Array, p64: Float64Array, indices: Iterable<number>, loss: () => number, h = 1e-5): { worst: number; at: number; numericAt: number } {
  let worst = 0;
  let at = -1;
  let numericAt = 0;
  const gmax = grads.reduce((m, g) => Math.max(m, Math.abs(g)), 0);
  for (const i of indices) {
    const old = p64[i];
    p64[i] = old + h;
    const up = loss();
    p64[i] = old - h;
    const down = loss();
    p64[i] = old;
    const numeric = (up - down) / (2 * h);
    const err = Math.abs(numeric - grads[i]) / Math.max(Math.abs(numeric), 0.05 * gmax);
    if (err > worst) {
      worst = err;
      at = i;
      numericAt = numeric;
    }
  }
  return { worst, at, numericAt };
}

/**
 * Checks every parameter, or about `maxChecked` spread evenly over the tensors. `h` is the
 * finite-difference step (smaller for models with many ReLU/max kinks).
 */
export async function modelGradCheck(spec: ModelSpec, ds: Dataset, opts: { maxChecked?: number; h?: number; seed?: number } = {}): Promise<GradCheckResult> {
  const { device, pipelines } = await gpu();
  const batch = ds.n;
  const t = await Trainer.create(device, pipelines, spec, { train: ds }, { batchSize: batch, epochs: 1, seed: opts.seed ?? 3 });
  try {
    const params = await t.readParams();
    await t.runSteps(0, 1);
    const grads = await t.readGrads();
    const { graph, layout } = t.model;
    const p64 = Float64Array.from(params);
    const indices: number[] = [];
    const trained = layout.entries.filter((e) => e.decl.trainable !== false).length;
    const perTensor = opts.maxChecked ? Math.ceil(opts.maxChecked / trained) : Infinity;
    for (const e of layout.entries) {
      if (e.decl.trainable === false) continue; // non-trainable state (moving statistics): no gradient
      const stride = Math.max(1, Math.floor(e.length / perTensor));
      for (let i = 0; i < e.length; i += stride) indices.push(e.offset + i);
    }
    const loss = () => referenceLoss(graph, referenceForward(graph, layout, p64, ds.x, batch, 'train'), ds.y, batch);
    const { worst, at, numericAt } = compareGrads(grads, p64, indices, loss, opts.h);
    const owner = layout.entries.find((e) => at >= e.offset && at < e.offset + e.length);
    return {
      worst,
      checked: indices.length,
      where: owner ? `${owner.layer}.${owner.name}[${at - owner.offset}]: numeric ${numericAt}, gpu ${grads[at]}` : '',
      gmax: grads.reduce((m, g) => Math.max(m, Math.abs(g)), 0),
      names: new Set(layout.entries.map((e) => `${e.layer}.${e.name}`)),
      dispatches: t.trainSchedule.dispatches.map((d) => d.label),
    };
  } finally {
    t.destroy();
  }
}

/** n random rows for a model with a float Input: class ids cycling over `classes`, or regression targets. */
export function randomDataset(spec: ModelSpec, n: number, seed: number, classes = 0): Dataset {
  const input = spec.layers.find((l) => l.type === 'Input') as { shape: number[] };
  const features = input.shape.reduce((a, b) => a * b, 1);
  const x = seededArray(n * features, seed, -1, 1);
  if (spec.loss === 'mse') {
    return { name: 'random', task: 'regression', n, inputShape: input.shape, inputDtype: 'float32', x, y: seededArray(n, seed + 1), targetShape: [1] };
  }
  const units = classes || (spec.layers[spec.layers.length - 1] as { units: number }).units;
  const y = Int32Array.from({ length: n }, (_, i) => (i * 3 + seed) % units);
  return { name: 'random', task: 'classification', n, inputShape: input.shape, inputDtype: 'float32', x, y, targetShape: [], numClasses: units };
}
