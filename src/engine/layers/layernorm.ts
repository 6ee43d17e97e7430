/**
 * LayerNormalization over the last axis (Keras axis=-1): y = (x - μ)/sqrt(σ² + ε) · γ + β per row,
 * γ [C] (ones) and β [C] (zeros), no weight decay. ε defaults to Keras's 1e-3.
 * Forward: one layernorm_forward (keeps per-row μ and 1/σ in a [rows, 2] scratch buffer).
 * Backward: layernorm_backward_params (dγ, dβ; one invocation per column, deterministic) and
 * layernorm_backward_input when x needs a gradient.
 */
import { size, type LayerDef } from './layer';
import { layerNormBackwardInput, layerNormBackwardParams, layerNormForward } from '../../kernels/layernorm/layernorm';
import type { LayerNormalizationLayer } from '../spec';
import { KEEPS_ATTENTION_MASK, perOutput } from './layer-meta';
import { layerNormForwardRef } from '../reference/layernorm';

export const KERAS_LAYERNORM_EPSILON = 1e-3;

function dims(batch: number, n: { shape: number[]; spec: LayerNormalizationLayer; paramOffsets: Record<string, number> }) {
  const C = n.shape[n.shape.length - 1];
  const R = (batch * size(n.shape)) / C;
  return { rows: R, cols: C, eps: n.spec.epsilon ?? KERAS_LAYERNORM_EPSILON, gOff: n.paramOffsets.gamma, bOff: n.paramOffsets.beta };
}

export const layerNormalization: LayerDef<LayerNormalizationLayer> = {
  type: 'LayerNormalization',
  arity: [1, 1],
  summary: 'Normalises each position to zero mean and unit variance over its features, then scales and shifts',
  fields: [{ key: 'epsilon', label: 'Epsilon', kind: 'number', min: 0, minExclusive: true, default: 1e-3, optional: true }],
  initial: {},
  activation: 'none',
  mask: KEEPS_ATTENTION_MASK,
  flops: perOutput,
  detail: () => '',
  infer(layer, [x], err) {
    if (layer.epsilon !== undefined && !(typeof layer.epsilon === 'number' && Number.isFinite(layer.epsilon) && layer.epsilon > 0)) {
      err('epsilon', `epsilon must be a positive number (got ${JSON.stringify(layer.epsilon)})`);
      return null;
    }
    if (x.dtype !== 'float32' || x.shape.length < 1) {
      err('inputs', 'LayerNormalization needs float inputs with a feature axis');
      return null;
    }
    return { shape: [...x.shape], dtype: 'float32' };
  },
  params(_layer, [x]) {
    const C = x.shape[x.shape.length - 1];
    return [
      { name: 'gamma', shape: [C], init: 'ones', decay: false, fanIn: C, fanOut: C },
      { name: 'beta', shape: [C], init: 'zeros', decay: false, fanIn: C, fanOut: C },
    ];
  },
  forward(e, n) {
    const c = dims(e.batch, n);
    layerNormForward(e, { ...c, x: e.value(n.inputs[0].id), params: e.params, y: e.value(n.spec.id), stats: e.scratch(`${n.spec.id}:stats`, 2 * c.rows) });
  },
  backward(e, n) {
    const c = dims(e.batch, n);
    const x = e.value(n.inputs[0].id);
    const dy = e.outputGrad(n.spec.id);
    const stats = e.scratch(`${n.spec.id}:stats`, 2 * c.rows);
    layerNormBackwardParams(e, { ...c, x, dy, stats, grads: e.grads });
    const dx = e.inputGrad(n, 0);
    if (dx) layerNormBackwardInput(e, { ...c, x, dy, params: e.params, stats, dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference(layer, n, [x], params, batch) {
    const C = n.shape[n.shape.length - 1];
    return layerNormForwardRef(x, params.gamma, params.beta, (batch * size(n.shape)) / C, C, layer.epsilon ?? KERAS_LAYERNORM_EPSILON);
  },
};
