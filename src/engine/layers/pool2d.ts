/**
 * Pooling over channels-last images [H, W, C] (Keras semantics, TensorFlow 'same' padding):
 *   MaxPooling2D, AveragePooling2D: [H, W, C] -> [OH, OW, C]
 *   GlobalAveragePooling2D:         [H, W, C] -> [C]
 * One dispatch forward and one backward each (src/kernels/pool2d/), the _vec4 kernels when
 * C % 4 == 0. Max pooling stores the argmax of every output element in a u32 scratch buffer
 * (`<id>:argmax`, [B, OH, OW, C]) during the forward so its backward needs no search;
 * evaluation schedules skip those stores. Backwards scatter from the outputs when windows do not
 * overlap (strides >= poolSize, the default) and gather into the inputs otherwise.
 */
import { type Emitter, type ErrorSink, type LayerDef, type NodeView, type TensorType } from './layer';
import type { GlobalAveragePooling2DLayer, Padding, Pooling2DLayer, Size2 } from '../spec';
import { poolFields } from './fields';
import { NO_MASK, prod, size2Pair, size2Text } from './layer-meta';
import {
  avgPool2dForwardRef,
  globalAvgPool2dForwardRef,
  maxPool2dForwardRef,
} from '../reference/pool2d';
import { pool2dGeometry, type Pool2DGeometry } from '../geometry';
import {
  avgPool2dBackward,
  avgPool2dForward,
  globalAvgPool2dBackward,
  globalAvgPool2dForward,
  maxPool2dBackward,
  maxPool2dForward,
} from '../../kernels/pool2d/pool2d';

const PADDINGS: readonly Padding[] = ['valid', 'same'];

function pair(v: Size2 | undefined, dflt: [number, number]): [number, number] | null {
  if (v === undefined) return dflt;
  const p = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => Number.isInteger(d) && d >= 1)) return null;
  return [p[0], p[1]];
}

/** Pool size, strides and padding with Keras defaults (poolSize 2, strides = poolSize, 'valid'). */
export function poolingParams(layer: Pooling2DLayer): { pool: [number, number]; strides: [number, number]; padding: Padding } {
  const pool = pair(layer.poolSize, [2, 2])!;
  return { pool, strides: pair(layer.strides, pool)!, padding: layer.padding ?? 'valid' };
}

function imageInput(type: string, x: TensorType, err: ErrorSink): [number, number, number] | null {
  if (x.dtype !== 'float32') {
    err('inputs', `${type} needs float inputs`);
    return null;
  }
  if (x.shape.length !== 3) {
    err('inputs', `${type} expects an image input [height, width, channels], got [${x.shape.join(', ')}]; add a Reshape before it`);
    return null;
  }
  return [x.shape[0], x.shape[1], x.shape[2]];
}

function inferPooling(layer: Pooling2DLayer, x: TensorType, err: ErrorSink): TensorType | null {
  const fmt = (v: unknown) => JSON.stringify(v);
  const pool = pair(layer.poolSize, [2, 2]);
  if (!pool) {
    err('poolSize', `poolSize must be a positive whole number or [height, width] of them (got ${fmt(layer.poolSize)})`);
    return null;
  }
  if (!pair(layer.strides, pool)) {
    err('strides', `strides must be a positive whole number or [height, width] of them (got ${fmt(layer.strides)})`);
    return null;
  }
  if (layer.padding !== undefined && !PADDINGS.includes(layer.padding)) {
    err('padding', `padding must be "valid" or "same" (got ${fmt(layer.padding)})`);
    return null;
  }
  const hwc = imageInput(layer.type, x, err);
  if (!hwc) return null;
  const [H, W, C] = hwc;
  const { strides, padding } = poolingParams(layer);
  if (padding === 'valid' && (pool[0] > H || pool[1] > W)) {
    err('poolSize', `pool ${pool[0]}x${pool[1]} is larger than the ${H}x${W} input with padding "valid"; use a smaller poolSize or padding "same"`);
    return null;
  }
  const g = pool2dGeometry(H, W, C, pool, strides, padding);
  return { shape: [g.OH, g.OW, C], dtype: 'float32' };
}

function geometry(n: NodeView<Pooling2DLayer>): Pool2DGeometry {
  const [H, W, C] = n.inputs[0].shape;
  const { pool, strides, padding } = poolingParams(n.spec);
  return pool2dGeometry(H, W, C, pool, strides, padding);
}

function emitPoolForward(e: Emitter, n: NodeView<Pooling2DLayer>, kind: 'max' | 'avg'): void {
  const g = geometry(n);
  const x = e.value(n.inputs[0].id);
  const y = e.value(n.spec.id);
  if (kind === 'max') {
    const arg = e.scratch(`${n.spec.id}:argmax`, e.batch * g.OH * g.OW * g.C);
    maxPool2dForward(e, { B: e.batch, g, x, y, arg, storeArgmax: e.mode === 'train' });
  } else {
    avgPool2dForward(e, { B: e.batch, g, x, y });
  }
}

function emitPoolBackward(e: Emitter, n: NodeView<Pooling2DLayer>, kind: 'max' | 'avg'): void {
  const dx = e.inputGrad(n, 0);
  if (!dx) return;
  const g = geometry(n);
  const dy = e.outputGrad(n.spec.id);
  if (kind === 'max') {
    const arg = e.scratch(`${n.spec.id}:argmax`, e.batch * g.OH * g.OW * g.C);
    maxPool2dBackward(e, { B: e.batch, g, dy, arg, dx: dx.buffer, accumulate: dx.accumulate });
  } else {
    avgPool2dBackward(e, { B: e.batch, g, dy, dx: dx.buffer, accumulate: dx.accumulate });
  }
}

export const maxPooling2D: LayerDef<Pooling2DLayer> & { type: 'MaxPooling2D' } = {
  type: 'MaxPooling2D',
  arity: [1, 1],
  summary: 'Keeps the largest value of each window, per channel (downsamples images)',
  fields: poolFields,
  initial: { poolSize: 2 },
  activation: 'none',
  mask: NO_MASK,
  flops(l, _in, out) {
    const [ph, pw] = size2Pair(l.poolSize, 2);
    return ph * pw * prod(out);
  },
  detail: (l) => size2Text(l.poolSize ?? 2) ?? '',
  infer: (layer, [x], err) => inferPooling(layer, x, err),
  params: () => [],
  forward: (e, n) => emitPoolForward(e, n, 'max'),
  backward: (e, n) => emitPoolBackward(e, n, 'max'),
  reference: (_layer, n, [x], _params, batch) => maxPool2dForwardRef(x, batch, geometry(n)).y,
};

export const averagePooling2D: LayerDef<Pooling2DLayer> & { type: 'AveragePooling2D' } = {
  type: 'AveragePooling2D',
  arity: [1, 1],
  summary: 'Averages each window, per channel (downsamples images)',
  fields: poolFields,
  initial: { poolSize: 2 },
  activation: 'none',
  mask: NO_MASK,
  flops(l, _in, out) {
    const [ph, pw] = size2Pair(l.poolSize, 2);
    return ph * pw * prod(out);
  },
  detail: (l) => size2Text(l.poolSize ?? 2) ?? '',
  infer: (layer, [x], err) => inferPooling(layer, x, err),
  params: () => [],
  forward: (e, n) => emitPoolForward(e, n, 'avg'),
  backward: (e, n) => emitPoolBackward(e, n, 'avg'),
  reference: (_layer, n, [x], _params, batch) => avgPool2dForwardRef(x, batch, geometry(n)),
};

export const globalAveragePooling2D: LayerDef<GlobalAveragePooling2DLayer> = {
  type: 'GlobalAveragePooling2D',
  arity: [1, 1],
  summary: 'Averages each channel over the whole image: [height, width, channels] -> [channels]',
  fields: [],
  initial: {},
  activation: 'none',
  mask: NO_MASK,
  flops: (_l, [x]) => prod(x ?? [0]),
  detail: () => '',
  infer(layer, [x], err) {
    const hwc = imageInput(layer.type, x, err);
    return hwc ? { shape: [hwc[2]], dtype: 'float32' } : null;
  },
  params: () => [],
  forward(e, n) {
    const [H, W, C] = n.inputs[0].shape;
    globalAvgPool2dForward(e, { B: e.batch, H, W, C, x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    const [H, W, C] = n.inputs[0].shape;
    globalAvgPool2dBackward(e, { B: e.batch, H, W, C, dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference(_layer, n, [x], _params, batch) {
    const [H, W, C] = n.inputs[0].shape;
    return globalAvgPool2dForwardRef(x, batch, H, W, C);
  },
};
