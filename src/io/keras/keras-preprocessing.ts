/**
 * Feature / target scaling in a Keras 3 export (TrainedModel.preprocessing, src/io/preprocessing.ts)
 * as real layers: a `Normalization(mean=offset, variance=1/scale²)` right after the Input, which
 * computes (x - mean) / max(sqrt(variance), 1e-7) = (x - offset) * scale, and for regression a
 * `Normalization(invert=True)` on the output, mean + y * sqrt(variance) = y / scale + offset. Both
 * hold their constants in config.json (no weights; an empty group in model.weights.h5, as Keras
 * writes them). Keras clamps sqrt(variance) at its epsilon 1e-7, so scales above 1e7 are refused.
 */
import type { Affine } from '../../data/scaling';
import type { KerasOp } from './keras-config';
import { KerasExportError } from './keras-layers';

type Json = Record<string, unknown>;

/** Keras's backend.epsilon(), the floor of sqrt(variance). */
const KERAS_EPSILON = 1e-7;

export interface KerasNorm {
  mean: number[];
  variance: number[];
  invert: boolean;
}

function unique(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  taken.add(name);
  return name;
}

/** The Normalization op of `a` reading `from` (invert: back to raw units). */
export function normalizationOp(from: KerasOp, a: Affine, invert: boolean, taken: Set<string>): KerasOp {
  const what = invert ? 'targets' : 'features';
  a.scale.forEach((s, i) => {
    if (1 / s < KERAS_EPSILON * 10) throw new KerasExportError(`${what}: scale[${i}] = ${s} is too large for Keras's Normalization (it clamps 1/scale at 1e-7)`);
  });
  return {
    name: unique(invert ? 'postprocess' : 'preprocess', taken),
    node: null,
    norm: { mean: [...a.offset], variance: a.scale.map((s) => 1 / (s * s)), invert },
    args: [from],
    mask: null,
    shape: [...from.shape],
    dtype: 'float32',
  };
}

/** config.json's entry of a Normalization op. */
export function normalizationJson(op: KerasOp, dtype: Json): Json {
  const n = op.norm!;
  const src = op.args[0];
  return {
    module: 'keras.layers',
    class_name: 'Normalization',
    config: { name: op.name, trainable: true, dtype, axis: [-1], invert: n.invert, mean: n.mean, variance: n.variance },
    registered_name: null,
    build_config: { input_shape: src.shape },
    name: op.name,
    inbound_nodes: [{ args: [{ class_name: '__keras_tensor__', config: { shape: src.shape, dtype: src.dtype, keras_history: [src.name, 0, 0] } }], kwargs: {} }],
  };
}
