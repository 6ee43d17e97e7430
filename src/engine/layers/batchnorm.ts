/**
 * BatchNormalization over the channels (last) axis, Keras 3 semantics: after Dense ([B, F]),
 * Conv2D / pooling ([B, H, W, C], statistics over B·H·W) or on sequences ([B, T, F]).
 * Params: γ [C] (ones, scale) and β [C] (zeros, center) train, no weight decay; moving_mean [C]
 * (zeros) and moving_variance [C] (ones) are non-trainable state (ParamDecl.trainable false: the
 * optimizer never sees them) that the training forward updates on the GPU with `momentum`.
 * Training schedules normalise with the batch statistics (biased variance); evaluation ones (the
 * emitter's mode 'infer', as Dropout tells them apart) with the moving statistics.
 * Forward: batchNormForward (parallel chunked moments, finalize + moving update, apply).
 * Backward: batchNormBackward (chunked Σdy, Σdy·x̂ -> dγ, dβ; then the full dx through μ and σ²).
 */
import { size, type Emitter, type LayerDef, type NodeView, type ParamDecl } from './layer';
import type { BatchNormalizationLayer } from '../spec';
import { NO_MASK, perOutput } from './layer-meta';
import { batchNormBackward, batchNormForward, partBlocks, type BatchNormShape } from '../../kernels/batchnorm/batchnorm';
import { batchMoments, batchNormApplyRef } from '../reference/batchnorm';

export const KERAS_BATCHNORM_MOMENTUM = 0.99;
export const KERAS_BATCHNORM_EPSILON = 1e-3;

/** The layer's momentum, epsilon, center and scale with Keras's defaults. */
export function batchNormSettings(l: BatchNormalizationLayer): { momentum: number; epsilon: number; center: boolean; scale: boolean } {
  return { momentum: l.momentum ?? KERAS_BATCHNORM_MOMENTUM, epsilon: l.epsilon ?? KERAS_BATCHNORM_EPSILON, center: l.center ?? true, scale: l.scale ?? true };
}

function shape(batch: number, n: NodeView<BatchNormalizationLayer>): BatchNormShape {
  const C = n.shape[n.shape.length - 1];
  const s = batchNormSettings(n.spec);
  const o = n.paramOffsets;
  return { rows: (batch * size(n.shape)) / C, cols: C, eps: s.epsilon, momentum: s.momentum, gOff: s.scale ? o.gamma : null, bOff: s.center ? o.beta : null, mmOff: o.moving_mean, mvOff: o.moving_variance };
}

function scratch(e: Emitter, n: NodeView<BatchNormalizationLayer>, s: BatchNormShape) {
  const id = n.spec.id;
  return { stats: e.scratch(`${id}:stats`, 2 * s.cols), sums: e.scratch(`${id}:sums`, 2 * s.cols), part: e.scratch(`${id}:part`, 2 * s.cols * partBlocks(s.rows)) };
}

const isBool = (v: unknown) => v === undefined || typeof v === 'boolean';

export const batchNormalization: LayerDef<BatchNormalizationLayer> = {
  type: 'BatchNormalization',
  arity: [1, 1],
  summary: 'Normalises each channel over the batch while training (moving averages in evaluation), then scales and shifts',
  fields: [
    { key: 'momentum', label: 'Momentum', kind: 'number', min: 0, max: 1, maxExclusive: true, default: KERAS_BATCHNORM_MOMENTUM, optional: true, help: 'Weight of the old moving statistics at each training step' },
    { key: 'epsilon', label: 'Epsilon', kind: 'number', min: 0, minExclusive: true, default: KERAS_BATCHNORM_EPSILON, optional: true },
    { key: 'center', label: 'Center (learn beta)', kind: 'bool', default: true },
    { key: 'scale', label: 'Scale (learn gamma)', kind: 'bool', default: true },
  ],
  storedFields: [{ key: 'axis', label: 'Axis', kind: 'int', default: -1, optional: true }],
  initial: {},
  activation: 'none',
  // Keras computes masked moments; this engine's statistics cover every position, so no mask passes.
  mask: NO_MASK,
  flops: perOutput,
  detail: (l) => (l.momentum !== undefined && l.momentum !== KERAS_BATCHNORM_MOMENTUM ? `momentum ${l.momentum}` : ''),
  infer(layer, [x], err) {
    const m = layer.momentum;
    if (m !== undefined && !(typeof m === 'number' && Number.isFinite(m) && m >= 0 && m < 1)) {
      err('momentum', `momentum must be a number from 0 up to (not including) 1 (got ${JSON.stringify(m)})`);
      return null;
    }
    const eps = layer.epsilon;
    if (eps !== undefined && !(typeof eps === 'number' && Number.isFinite(eps) && eps > 0)) {
      err('epsilon', `epsilon must be a positive number (got ${JSON.stringify(eps)})`);
      return null;
    }
    if (!isBool(layer.center) || !isBool(layer.scale)) {
      err(isBool(layer.center) ? 'scale' : 'center', 'center and scale must be true or false');
      return null;
    }
    if (x.dtype !== 'float32' || x.shape.length < 1) {
      err('inputs', 'BatchNormalization needs float inputs with a channels axis; token ids need an Embedding first');
      return null;
    }
    const a = layer.axis;
    if (a !== undefined && a !== -1 && a !== x.shape.length) {
      err('axis', `BatchNormalization normalises the last (channels) axis only: axis must be -1 or ${x.shape.length} here (got ${JSON.stringify(a)})`);
      return null;
    }
    return { shape: [...x.shape], dtype: 'float32' };
  },
  params(layer, [x]) {
    const C = x.shape[x.shape.length - 1];
    const s = batchNormSettings(layer);
    const decl = (name: ParamDecl['name'], init: ParamDecl['init'], trainable: boolean): ParamDecl => ({ name, shape: [C], init, decay: false, fanIn: C, fanOut: C, ...(trainable ? {} : { trainable: false as const }) });
    return [
      ...(s.scale ? [decl('gamma', 'ones', true)] : []),
      ...(s.center ? [decl('beta', 'zeros', true)] : []),
      decl('moving_mean', 'zeros', false),
      decl('moving_variance', 'ones', false),
    ];
  },
  forward(e, n) {
    const s = shape(e.batch, n);
    const { stats, part } = scratch(e, n, s);
    batchNormForward(e, { ...s, train: e.mode === 'train', x: e.value(n.inputs[0].id), params: e.params, y: e.value(n.spec.id), stats, part });
  },
  backward(e, n) {
    const s = shape(e.batch, n);
    const { stats, sums, part } = scratch(e, n, s);
    const dx = e.inputGrad(n, 0);
    batchNormBackward(e, { ...s, x: e.value(n.inputs[0].id), dy: e.outputGrad(n.spec.id), params: e.params, stats, sums, part, grads: e.grads, dx });
  },
  reference(layer, n, [x], params, batch) {
    const C = n.shape[n.shape.length - 1];
    const R = (batch * size(n.shape)) / C;
    const s = batchNormSettings(layer);
    const { mean, variance } = n.mode === 'train' ? batchMoments(x, R, C) : { mean: params.moving_mean, variance: params.moving_variance };
    return batchNormApplyRef(x, mean, variance, s.scale ? params.gamma : null, s.center ? params.beta : null, R, C, s.epsilon);
  },
};
