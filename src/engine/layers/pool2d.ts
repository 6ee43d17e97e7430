/**
 * Pooling over channels-last images [H, W, C] (Keras semantics, TensorFlow 'same' padding):
 *   MaxPooling2D, AveragePooling2D: [H, W, C] -> [OH, OW, C]
 *   GlobalAveragePooling2D:         [H, W, C] -> [C]
 * One dispatch forward and one backward each (shaders/pool2d.wgsl), the _vec4 kernels when
 * C % 4 == 0. Max pooling stores the argmax of every output element in a u32 scratch buffer
 * (`<id>:argmax`, [B, OH, OW, C]) during the forward so its backward needs no search;
 * evaluation schedules skip those stores. Backwards scatter from the outputs when windows do not
 * overlap (strides >= poolSize, the default) and gather into the inputs otherwise.
 */
import { size, type Emitter, type ErrorSink, type LayerDef, type NodeView, type TensorType } from './layer';
import type { Constants } from '../../gpu/pipelines';
import type { GlobalAveragePooling2DLayer, Padding, Pooling2DLayer, Size2 } from '../spec';
import {
  avgPool2dForwardRef,
  globalAvgPool2dForwardRef,
  maxPool2dForwardRef,
} from '../reference/pool2d';
import { pool2dGeometry, type Pool2DGeometry } from '../geometry';

/** Invocations per workgroup and elements per invocation of the pool2d kernels. */
const WG = 64;
const PER = 4;
const MAX_WG = 65535;

/** Workgroups for `invocations` 1-D invocations of 64, spread over y past the 65535 limit. */
export function poolGrid(invocations: number): [number, number] {
  const n = Math.max(1, Math.ceil(invocations / WG));
  return n <= MAX_WG ? [n, 1] : [MAX_WG, Math.ceil(n / MAX_WG)];
}

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

function poolConstants(batch: number, g: Pool2DGeometry): Constants {
  return { B: batch, H: g.H, W: g.W, C: g.C, OH: g.OH, OW: g.OW, PH: g.PH, PW: g.PW, SH: g.SH, SW: g.SW, PT: g.PT, PL: g.PL };
}

/** Backward mode: scatter from the outputs when windows do not overlap, else gather into the inputs. */
export const poolScatters = (g: Pool2DGeometry): boolean => g.SH >= g.PH && g.SW >= g.PW;

/** Vector width of the kernels: 4 channels per load when C % 4 == 0. */
const lanes = (C: number): number => (C % 4 === 0 ? 4 : 1);

/** Workgroups of a kernel where every invocation handles PER consecutive elements of `elements` (scalar count). */
function perGrid(elements: number, C: number): [number, number] {
  return poolGrid(Math.ceil(elements / lanes(C) / PER));
}

function emitPoolForward(e: Emitter, n: NodeView<Pooling2DLayer>, kind: 'max' | 'avg'): void {
  const g = geometry(n);
  const v4 = lanes(g.C) === 4;
  const x = e.value(n.inputs[0].id);
  const y = e.value(n.spec.id);
  const outElems = e.batch * g.OH * g.OW * g.C;
  const wg = perGrid(outElems, g.C);
  if (kind === 'max') {
    const arg = e.scratch(`${n.spec.id}:argmax`, outElems);
    e.dispatch(v4 ? 'maxpool2d_forward_vec4' : 'maxpool2d_forward', { ...poolConstants(e.batch, g), STORE_ARGMAX: e.mode === 'train' }, [x, y, arg], wg);
  } else {
    e.dispatch(v4 ? 'avgpool2d_forward_vec4' : 'avgpool2d_forward', poolConstants(e.batch, g), [x, y], wg);
  }
}

function emitPoolBackward(e: Emitter, n: NodeView<Pooling2DLayer>, kind: 'max' | 'avg'): void {
  const dx = e.inputGrad(n, 0);
  if (!dx) return;
  const g = geometry(n);
  const v4 = lanes(g.C) === 4;
  const dy = e.outputGrad(n.spec.id);
  const scatter = poolScatters(g);
  const wg = perGrid(e.batch * (scatter ? g.OH * g.OW : g.H * g.W) * g.C, g.C);
  const c = { ...poolConstants(e.batch, g), ACCUMULATE: dx.accumulate, SCATTER: scatter };
  if (kind === 'max') {
    const arg = e.scratch(`${n.spec.id}:argmax`, e.batch * g.OH * g.OW * g.C);
    e.dispatch(v4 ? 'maxpool2d_backward_vec4' : 'maxpool2d_backward', c, [dy, arg, dx.buffer], wg);
  } else {
    e.dispatch(v4 ? 'avgpool2d_backward_vec4' : 'avgpool2d_backward', c, [dy, dx.buffer], wg);
  }
}

export const maxPooling2D: LayerDef<Pooling2DLayer> & { type: 'MaxPooling2D' } = {
  type: 'MaxPooling2D',
  arity: [1, 1],
  summary: 'Keeps the largest value of each window, per channel (downsamples images)',
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
  infer(layer, [x], err) {
    const hwc = imageInput(layer.type, x, err);
    return hwc ? { shape: [hwc[2]], dtype: 'float32' } : null;
  },
  params: () => [],
  forward(e, n) {
    const [H, W, C] = n.inputs[0].shape;
    const v4 = lanes(C) === 4;
    // One output [b, c] (vec4 of channels) per invocation, each summing H*W values.
    e.dispatch(v4 ? 'global_avgpool2d_forward_vec4' : 'global_avgpool2d_forward', { B: e.batch, H, W, C }, [e.value(n.inputs[0].id), e.value(n.spec.id)], poolGrid((e.batch * C) / lanes(C)));
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (!dx) return;
    const [H, W, C] = n.inputs[0].shape;
    const v4 = lanes(C) === 4;
    e.dispatch(
      v4 ? 'global_avgpool2d_backward_vec4' : 'global_avgpool2d_backward',
      { B: e.batch, H, W, C, ACCUMULATE: dx.accumulate },
      [e.outputGrad(n.spec.id), dx.buffer],
      perGrid(e.batch * size(n.inputs[0].shape), C),
    );
  },
  reference(_layer, n, [x], _params, batch) {
    const [H, W, C] = n.inputs[0].shape;
    return globalAvgPool2dForwardRef(x, batch, H, W, C);
  },
};
