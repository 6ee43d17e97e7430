/**
 * The feature / target scaling every export carries (TrainedModel.preprocessing; the maths is
 * src/data/scaling.ts): checked once here for all formats, and written as one JSON document
 * (preprocessing.json beside PyTorch weights, safetensors `__metadata__`, ONNX metadata_props).
 *
 * An export applies, per input feature c, x' = (x - offset[c]) * scale[c] in front of the model,
 * and for regression, per output unit j, y_raw = y / scale[j] + offset[j] after it, so the exported
 * model takes raw rows and gives raw targets. Only a model with one float32 Input of shape [F]
 * (F = the number of offsets) can carry feature scaling, only an MSE model with a [U] output target
 * scaling; anything else is refused with the reason. Scales must be finite and positive (Keras's
 * Normalization stores them as a variance, 1 / scale²).
 */
import { buildGraph } from '../engine/graph';
import { SCALING_MODES, type Affine, type Preprocessing } from '../data/scaling';
import type { TrainedModel } from './trained-model';
import { isClassificationLoss } from '../engine/losses';

export class PreprocessingExportError extends Error {
  constructor(message: string) {
    super(`cannot export the scaling with this model: ${message}`);
    this.name = 'PreprocessingExportError';
  }
}

/** File name of the JSON document beside PyTorch weights. */
export const PREPROCESSING_FILE = 'preprocessing.json';

/** Key of the same JSON in safetensors `__metadata__` and ONNX metadata_props (prefixed there). */
export const PREPROCESSING_KEY = 'preprocessing';

function checkAffine(what: string, a: Affine, width: number): void {
  if (!Array.isArray(a.offset) || !Array.isArray(a.scale)) throw new PreprocessingExportError(`${what}: offset and scale must be lists`);
  if (a.offset.length !== width || a.scale.length !== width) {
    throw new PreprocessingExportError(`${what}: ${a.offset.length} offsets and ${a.scale.length} scales for ${width} values`);
  }
  a.offset.forEach((o, i) => {
    if (typeof o !== 'number' || !Number.isFinite(o)) throw new PreprocessingExportError(`${what}: offset[${i}] is ${String(o)}, not a finite number`);
  });
  a.scale.forEach((s, i) => {
    if (typeof s !== 'number' || !Number.isFinite(s) || s <= 0) throw new PreprocessingExportError(`${what}: scale[${i}] is ${String(s)}, not a finite number above 0`);
  });
}

/**
 * The model's preprocessing, checked against its graph; null when it has none (no scaling, or
 * both parts identity), in which case every export is exactly what it was without it.
 */
export function exportPreprocessing(model: TrainedModel): Preprocessing | null {
  const p = model.preprocessing;
  if (!p || (!p.features && !p.targets)) return null;
  if (!SCALING_MODES.includes(p.mode)) throw new PreprocessingExportError(`unknown mode ${JSON.stringify(p.mode)}`);
  const graph = buildGraph(model.spec);
  if (p.features) {
    const inputs = graph.inputs;
    if (inputs.length !== 1) throw new PreprocessingExportError(`feature scaling needs one Input layer, this model has ${inputs.length}`);
    const s = inputs[0].out;
    if (s.dtype !== 'float32' || s.shape.length !== 1) {
      throw new PreprocessingExportError(`feature scaling needs a float32 Input of shape [features], this one is ${s.dtype} [${s.shape.join(', ')}]`);
    }
    checkAffine('features', p.features, s.shape[0]);
  }
  if (p.targets) {
    if (isClassificationLoss(model.spec.loss)) throw new PreprocessingExportError(`target scaling is for regression losses (mse), this model's loss is ${model.spec.loss}`);
    const s = graph.output.out.shape;
    if (s.length !== 1) throw new PreprocessingExportError(`target scaling needs an output of shape [units], this one is [${s.join(', ')}]`);
    checkAffine('targets', p.targets, s[0]);
  }
  return { mode: p.mode, features: p.features, targets: p.targets };
}

/** The JSON document of the preprocessing (formulas, per-column offsets and scales). */
export function preprocessingDocument(p: Preprocessing): Record<string, unknown> {
  const part = (a: Affine | null, key: 'columns' | 'outputs') => (a ? { [key]: a.offset.map((_, i) => i), offset: [...a.offset], scale: [...a.scale] } : null);
  return {
    format: 'webgpu-playground-preprocessing',
    version: 1,
    mode: p.mode,
    features_formula: 'x_model[:, c] = (x_raw[:, c] - offset[c]) * scale[c]  (c = input feature index)',
    targets_formula: 'y_raw[:, j] = y_model[:, j] / scale[j] + offset[j]  (j = output unit)',
    applied_by_export: true,
    features: part(p.features, 'columns'),
    targets: part(p.targets, 'outputs'),
  };
}

/** The document as one line of JSON (for metadata string values). */
export function preprocessingJson(p: Preprocessing): string {
  return JSON.stringify(preprocessingDocument(p));
}
