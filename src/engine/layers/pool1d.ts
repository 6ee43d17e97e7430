/**
 * MaxPooling1D and AveragePooling1D over channels-last sequences (Keras 3 semantics):
 * [T, C] -> [OT, C], poolSize default 2, strides default poolSize, padding 'valid' or 'same'
 * (TensorFlow's split; padded steps never take part: the max ignores them, the average divides
 * by the real steps of each window).
 *
 * They run on the pool2d kernels (the home of windowed pooling) as a 1 x T image: pool [1, P],
 * strides [1, S]; the float64 references are pool2d's with H = 1. Max pooling keeps its argmax in
 * the `<id>:argmax` scratch buffer ([B, OT, C] u32) as MaxPooling2D does.
 */
import { type Emitter, type LayerDef, type NodeView, type TensorType } from './layer';
import type { Padding, Pooling1DLayer } from '../spec';
import { NO_MASK, prod } from './layer-meta';
import { avgPool2dForwardRef, maxPool2dForwardRef } from '../reference/pool2d';
import { pool2dGeometry, type Pool2DGeometry } from '../geometry';
import { avgPool2dBackward, avgPool2dForward, maxPool2dBackward, maxPool2dForward } from '../../kernels/pool2d/pool2d';
import type { FieldDesc } from './fields';

const PADDINGS: readonly Padding[] = ['valid', 'same'];
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;

const pool1dFields: FieldDesc[] = [
  { key: 'poolSize', label: 'Pool size', kind: 'int', min: 1, default: 2, optional: true },
  { key: 'strides', label: 'Strides', kind: 'int', min: 1, optional: true, help: 'Empty: the pool size' },
  { key: 'padding', label: 'Padding', kind: 'select', options: PADDINGS, default: 'valid', optional: true },
];

/** Pool size, strides and padding with the Keras defaults. */
export function pooling1dParams(layer: Pooling1DLayer): { pool: number; strides: number; padding: Padding } {
  const pool = layer.poolSize ?? 2;
  return { pool, strides: layer.strides ?? pool, padding: layer.padding ?? 'valid' };
}

/** The pool2d geometry of a 1D pooling on [T, C]: a 1 x T image. */
export function pool1dGeometry(inShape: readonly number[], layer: Pooling1DLayer): Pool2DGeometry {
  const p = pooling1dParams(layer);
  return pool2dGeometry(1, inShape[0], inShape[1], [1, p.pool], [1, p.strides], p.padding);
}

function infer(layer: Pooling1DLayer, x: TensorType, err: (field: string, message: string) => void): TensorType | null {
  const show = (v: unknown) => JSON.stringify(v);
  if (layer.poolSize !== undefined && !isPosInt(layer.poolSize)) {
    err('poolSize', `poolSize must be a positive whole number (got ${show(layer.poolSize)})`);
    return null;
  }
  if (layer.strides !== undefined && !isPosInt(layer.strides)) {
    err('strides', `strides must be a positive whole number (got ${show(layer.strides)})`);
    return null;
  }
  if (layer.padding !== undefined && !PADDINGS.includes(layer.padding)) {
    err('padding', `padding must be "valid" or "same" (got ${show(layer.padding)})`);
    return null;
  }
  if (x.dtype !== 'float32') {
    err('inputs', `${layer.type} needs float inputs; after token ids put an Embedding first`);
    return null;
  }
  if (x.shape.length !== 2) {
    err('inputs', `${layer.type} expects a sequence input [steps, channels], got [${x.shape.join(', ')}]; add a Reshape before it`);
    return null;
  }
  const p = pooling1dParams(layer);
  if (p.padding === 'valid' && p.pool > x.shape[0]) {
    err('poolSize', `pool ${p.pool} is longer than the ${x.shape[0]} steps with padding "valid"; use a smaller poolSize or padding "same"`);
    return null;
  }
  const g = pool1dGeometry(x.shape, layer);
  return { shape: [g.OW, g.C], dtype: 'float32' };
}

function emitForward(e: Emitter, n: NodeView<Pooling1DLayer>): void {
  const g = pool1dGeometry(n.inputs[0].shape, n.spec);
  const x = e.value(n.inputs[0].id);
  const y = e.value(n.spec.id);
  if (n.spec.type === 'MaxPooling1D') {
    const arg = e.scratch(`${n.spec.id}:argmax`, e.batch * g.OW * g.C);
    maxPool2dForward(e, { B: e.batch, g, x, y, arg, storeArgmax: e.mode === 'train' });
  } else {
    avgPool2dForward(e, { B: e.batch, g, x, y });
  }
}

function emitBackward(e: Emitter, n: NodeView<Pooling1DLayer>): void {
  const dx = e.inputGrad(n, 0);
  if (!dx) return;
  const g = pool1dGeometry(n.inputs[0].shape, n.spec);
  const dy = e.outputGrad(n.spec.id);
  if (n.spec.type === 'MaxPooling1D') {
    const arg = e.scratch(`${n.spec.id}:argmax`, e.batch * g.OW * g.C);
    maxPool2dBackward(e, { B: e.batch, g, dy, arg, dx: dx.buffer, accumulate: dx.accumulate });
  } else {
    avgPool2dBackward(e, { B: e.batch, g, dy, dx: dx.buffer, accumulate: dx.accumulate });
  }
}

const common = {
  arity: [1, 1] as [number, number],
  fields: pool1dFields,
  initial: { poolSize: 2 },
  activation: 'none' as const,
  mask: NO_MASK,
  flops: (l: Pooling1DLayer, _in: number[][], out: number[]) => (l.poolSize ?? 2) * prod(out),
  detail: (l: Pooling1DLayer) => `${l.poolSize ?? 2}`,
  infer: (layer: Pooling1DLayer, [x]: TensorType[], err: (field: string, message: string) => void) => infer(layer, x, err),
  params: () => [],
  forward: emitForward,
  backward: emitBackward,
};

export const maxPooling1D: LayerDef<Pooling1DLayer> & { type: 'MaxPooling1D' } = {
  ...common,
  type: 'MaxPooling1D',
  summary: 'Keeps the largest value of each window of steps, per channel (shortens sequences)',
  reference: (layer, n, [x], _params, batch) => maxPool2dForwardRef(x, batch, pool1dGeometry(n.inputs[0].shape, layer)).y,
};

export const averagePooling1D: LayerDef<Pooling1DLayer> & { type: 'AveragePooling1D' } = {
  ...common,
  type: 'AveragePooling1D',
  summary: 'Averages each window of steps, per channel (shortens sequences)',
  reference: (layer, n, [x], _params, batch) => avgPool2dForwardRef(x, batch, pool1dGeometry(n.inputs[0].shape, layer)),
};
