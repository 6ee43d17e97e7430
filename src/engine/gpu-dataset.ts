/**
 * A dataset resident on the GPU: inputs and targets uploaded once, plus the index permutation the
 * gather kernel reads (rewritten once per epoch). Targets are converted to what the loss reads:
 * class ids (sparse cross-entropy) or float rows (one-hot, binary targets, regression values).
 * A dataset that does not fit the model, or holds a NaN or infinite feature or target, is refused
 * with a DatasetMismatchError naming what is wrong (and the row and column of a bad value).
 */
import type { BufferArena } from '../gpu/arena';
import { featureSize, targetSize, type Dataset } from '../data/dataset';
import type { ModelGraph } from './graph';
import type { LossPlan } from './loss-plan';
import { lossRow } from './losses';

export interface GpuDataset {
  n: number;
  x: GPUBuffer;
  y: GPUBuffer;
  perm: GPUBuffer;
}

export class DatasetMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetMismatchError';
  }
}

/** Returns null when the dataset fits the model, else a sentence saying what does not fit. */
export function datasetFitError(graph: ModelGraph, plan: LossPlan, ds: Dataset): string | null {
  if (graph.inputs.length !== 1) return `the model has ${graph.inputs.length} inputs; a dataset feeds exactly one`;
  const input = graph.inputs[0];
  const want = input.out.shape;
  if (want.join(',') !== ds.inputShape.join(',')) {
    return `dataset "${ds.name}" has samples of shape [${ds.inputShape.join(', ')}] but the model's input "${input.spec.id}" expects [${want.join(', ')}]`;
  }
  if (input.out.dtype !== ds.inputDtype) return `dataset "${ds.name}" holds ${ds.inputDtype} values but input "${input.spec.id}" is ${input.out.dtype}`;
  if (ds.n < 1) return `dataset "${ds.name}" is empty`;
  const idsError = tokenIdsError(graph, ds);
  if (idsError) return idsError;
  const out = graph.output.spec.id;
  const row = lossRow(plan.loss);
  if (row.targets !== 'float') {
    if (ds.task !== 'classification') return `${plan.loss} needs a classification dataset; "${ds.name}" is ${ds.task}`;
    if (!ds.numClasses) return `dataset "${ds.name}" does not say how many classes it has`;
    if (ds.numClasses !== plan.classes) return `dataset "${ds.name}" has ${ds.numClasses} classes but the output layer "${out}" has ${plan.classes} units`;
    const perRow = targetSize(ds);
    if (plan.positions > 1 && perRow !== plan.positions) {
      return `the output layer "${out}" predicts a class at each of ${plan.positions} positions, so it needs ${plan.positions} labels per sample; dataset "${ds.name}" has ${perRow}`;
    }
    if (plan.positions === 1 && perRow !== 1) {
      return `dataset "${ds.name}" has ${perRow} labels per sample (one per position) but the output layer "${out}" gives one prediction per sample; give it a per-position output [${perRow}, ${ds.numClasses}]`;
    }
    if (ds.y.length !== ds.n * perRow) return `dataset "${ds.name}" holds ${ds.y.length} labels, expected ${ds.n} x ${perRow}`;
    for (let i = 0; i < ds.y.length; i++) {
      const label = ds.y[i];
      if (!Number.isInteger(label) || label < 0 || label >= ds.numClasses) {
        const where = perRow > 1 ? `row ${Math.floor(i / perRow)} position ${i % perRow}` : `row ${i}`;
        return `dataset "${ds.name}" ${where} has label ${label}, outside the ${ds.numClasses} classes 0..${ds.numClasses - 1}`;
      }
    }
    return null;
  }
  if (row.binary) {
    if (ds.task === 'classification') {
      if (ds.numClasses !== 2 || plan.classes !== 1) return `${plan.loss} needs 2 classes and 1 output unit; dataset "${ds.name}" has ${ds.numClasses} classes, "${out}" has ${plan.classes} units`;
      return null;
    }
  }
  if (ds.task === 'classification') return `${plan.loss} on a classification dataset needs one-hot targets; use a cross-entropy loss`;
  const targets = row.targetProblem?.(ds.y) ?? null;
  if (targets) return `${plan.loss} ${targets}; dataset "${ds.name}" has other values`;
  if (targetSize(ds) !== plan.classes) return `dataset "${ds.name}" has ${targetSize(ds)} target values per sample but the output layer "${out}" has ${plan.classes}`;
  return null;
}

/** Token ids must index the Embedding tables that read them directly from the input. */
function tokenIdsError(graph: ModelGraph, ds: Dataset): string | null {
  if (ds.inputDtype !== 'int32') return null;
  const input = graph.inputs[0];
  for (const user of input.consumers) {
    if (user.spec.type !== 'Embedding') continue;
    const vocab = user.spec.inputDim;
    for (let i = 0; i < ds.x.length; i++) {
      const id = ds.x[i];
      if (id < 0 || id >= vocab) {
        const T = ds.x.length / ds.n;
        return `dataset "${ds.name}" row ${Math.floor(i / T)} position ${i % T} has token id ${id}, outside the vocabulary of Embedding "${user.spec.id}" (0..${vocab - 1}); raise inputDim or rebuild the vocabulary`;
      }
    }
  }
  return null;
}

/**
 * Null when every float feature and regression target is finite, else a sentence naming the first
 * bad value's row and column (for images, the column is the pixel's index within the sample).
 */
export function nonFiniteError(ds: Dataset): string | null {
  const check = (values: Float32Array | Int32Array, perRow: number, what: string): string | null => {
    if (!(values instanceof Float32Array) || perRow < 1) return null;
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        return `dataset "${ds.name}" row ${Math.floor(i / perRow)}, column ${i % perRow} has ${what} ${values[i]}; every value must be a finite number (fix or drop that row).`;
      }
    }
    return null;
  };
  return check(ds.x, featureSize(ds), 'feature') ?? (ds.task === 'regression' ? check(ds.y, targetSize(ds), 'target') : null);
}

/** Target rows in the words the loss kernel reads. */
export function encodeTargets(plan: LossPlan, ds: Dataset): Int32Array | Float32Array {
  if (plan.sparseLabels) return ds.y instanceof Int32Array ? ds.y : Int32Array.from(ds.y);
  if (ds.task === 'classification') {
    const C = plan.classes;
    const out = new Float32Array(ds.n * C);
    for (let i = 0; i < ds.n; i++) {
      const label = ds.y[i];
      if (C === 1) out[i] = label;
      else out[i * C + label] = 1;
    }
    return out;
  }
  return ds.y instanceof Float32Array ? ds.y : Float32Array.from(ds.y);
}

export function uploadDataset(arena: BufferArena, graph: ModelGraph, plan: LossPlan, ds: Dataset): GpuDataset {
  const err = datasetFitError(graph, plan, ds);
  if (err) throw new DatasetMismatchError(err);
  if (ds.x.length !== ds.n * featureSize(ds)) throw new DatasetMismatchError(`dataset "${ds.name}": x holds ${ds.x.length} values, expected ${ds.n} x ${featureSize(ds)}`);
  const nonFinite = nonFiniteError(ds);
  if (nonFinite) throw new DatasetMismatchError(nonFinite);
  const y = encodeTargets(plan, ds);
  const perm = new Uint32Array(ds.n);
  for (let i = 0; i < ds.n; i++) perm[i] = i;
  return {
    n: ds.n,
    x: arena.upload(`data.${ds.name}.x`, ds.x),
    y: arena.upload(`data.${ds.name}.y`, y),
    perm: arena.upload(`data.${ds.name}.perm`, perm),
  };
}
