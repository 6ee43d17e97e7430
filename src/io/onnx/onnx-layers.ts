/**
 * The ONNX table: for each layer type, the opset 17 subgraph it becomes (a row gets the node, its
 * first input's value and the exporter, onnx-context.ts, and returns the node's value).
 *   Dense -> Gemm (MatMul without bias); on [N, T, F] (the last axis) -> MatMul + Add.
 *   Conv2D / pooling run in ONNX's NCHW, so a Transpose goes in before the first one and back to
 *   NHWC before Flatten/Reshape/Dense (the flatten order stays the playground's); 'same' padding
 *   is written as explicit pads, TensorFlow style (the odd extra row/column at the bottom/right,
 *   which stride 2 makes common); AveragePool excludes padding from the count like Keras.
 *   Conv1D / 1D pooling: a Transpose of the sequence to NCL, the 1D Conv / MaxPool / AveragePool
 *   with explicit pads ('same', 'causal'), a Transpose back to [N, T, C].
 *   Embedding -> Gather. Dropout -> nothing (identity in evaluation).
 *   BatchNormalization -> BatchNormalization (inference mode: the moving statistics) on NCHW
 *   images, [N, F], or [N, T, F] transposed to [N, F, T] and back (ONNX's channels are axis 1).
 *   SimpleRNN, LSTM, GRU, Bidirectional: onnx-recurrent.ts. LayerNormalization,
 *   PositionEmbedding, GlobalAveragePooling1D, MultiHeadAttention: onnx-layers-sequence.ts.
 */
import { ELU_DEFAULT_ALPHA, LEAKY_RELU_DEFAULT_SLOPE } from '../../engine/layers/leaky-elu';
import { conv2dGeometry, pool2dGeometry } from '../../engine/geometry';
import { poolingParams } from '../../engine/layers/pool2d';
import { concatAxisIndex } from '../../engine/layers/concatenate';
import { pads2d } from '../../engine/layers/zero-padding2d';
import { upsampleSize } from '../../engine/layers/upsampling2d';
import { conv1dGeometry, conv1dPads } from '../../engine/layers/conv1d';
import { pool1dGeometry } from '../../engine/layers/pool1d';
import { batchNormSettings } from '../../engine/layers/batchnorm';
import type { LayerType } from '../../engine/spec';
import type { LayerOf, Refusal } from '../layer-table';
import { DT, type Attr } from './onnx-graph';
import { linear, type OnnxRow } from './onnx-context';
import { onnxPreprocess } from './preprocessing-onnx';
import { bidirectionalRow, recurrentRow } from './onnx-recurrent';
import { globalAveragePooling1DRow, layerNormalizationRow, multiHeadAttentionRow, positionEmbeddingRow } from './onnx-layers-sequence';

export type OnnxTable = { readonly [T in LayerType]: OnnxRow<LayerOf<T>> | Refusal };

/** ONNX pads [top, left, bottom, right]: before from the geometry, after whatever the output needs. */
function explicitPads(H: number, W: number, OH: number, OW: number, KH: number, KW: number, SH: number, SW: number, top: number, left: number): number[] {
  const bottom = Math.max((OH - 1) * SH + KH - H - top, 0);
  const right = Math.max((OW - 1) * SW + KW - W - left, 0);
  return [top, left, bottom, right];
}

const pooling: OnnxRow<LayerOf<'MaxPooling2D'>> = (l, n, x, c) => {
  const [H, W, C] = n.inputs[0].out.shape;
  const p = poolingParams(l);
  const geo = pool2dGeometry(H, W, C, p.pool, p.strides, p.padding);
  const attrs: Attr[] = [
    { name: 'kernel_shape', ints: p.pool },
    { name: 'strides', ints: p.strides },
    { name: 'pads', ints: explicitPads(H, W, geo.OH, geo.OW, geo.PH, geo.PW, geo.SH, geo.SW, geo.PT, geo.PL) },
  ];
  if (l.type === 'AveragePooling2D') attrs.push({ name: 'count_include_pad', int: 0 });
  return { name: c.g.op(l.type === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', [c.nchw(x!)], l.id, attrs), nchw: true };
};

/** [N, T, C] <-> [N, C, T]. */
const swap = (c: Parameters<OnnxRow<LayerOf<'Conv1D'>>>[3], x: string, hint: string) => c.g.op('Transpose', [x], hint, [{ name: 'perm', ints: [0, 2, 1] }]);

const pooling1d: OnnxRow<LayerOf<'MaxPooling1D'>> = (l, n, x, c) => {
  const g = pool1dGeometry(n.inputs[0].out.shape, l);
  const attrs: Attr[] = [
    { name: 'kernel_shape', ints: [g.PW] },
    { name: 'strides', ints: [g.SW] },
    { name: 'pads', ints: [g.PL, Math.max((g.OW - 1) * g.SW + g.PW - g.W - g.PL, 0)] },
  ];
  if (l.type === 'AveragePooling1D') attrs.push({ name: 'count_include_pad', int: 0 });
  const pooled = c.g.op(l.type === 'MaxPooling1D' ? 'MaxPool' : 'AveragePool', [swap(c, c.nhwc(x!), `${l.id}/ncl`)], `${l.id}/pooled`, attrs);
  return { name: swap(c, pooled, l.id), nchw: false };
};

const batchNormalization: OnnxRow<LayerOf<'BatchNormalization'>> = (l, n, x, c) => {
  const id = l.id;
  const s = batchNormSettings(l);
  const shape = n.out.shape;
  const C = shape[shape.length - 1];
  const vec = (name: string, entry: string | null, fill: number) => c.g.init(`${id}/${name}`, entry ? c.tensor(id, entry) : new Float32Array(C).fill(fill), [C]);
  const stats = [vec('gamma', s.scale ? 'gamma' : null, 1), vec('beta', s.center ? 'beta' : null, 0), vec('moving_mean', 'moving_mean', 0), vec('moving_variance', 'moving_variance', 1)];
  const attrs: Attr[] = [{ name: 'epsilon', float: s.epsilon }, { name: 'momentum', float: s.momentum }];
  if (shape.length === 3) return { name: c.g.op('BatchNormalization', [c.nchw(x!), ...stats], id, attrs), nchw: true };
  if (shape.length === 1) return { name: c.g.op('BatchNormalization', [x!.name, ...stats], id, attrs), nchw: false };
  const ncl = c.g.op('Transpose', [x!.name], `${id}/ncl`, [{ name: 'perm', ints: [0, 2, 1] }]);
  const y = c.g.op('BatchNormalization', [ncl, ...stats], `${id}/y`, attrs);
  return { name: c.g.op('Transpose', [y], id, [{ name: 'perm', ints: [0, 2, 1] }]), nchw: false };
};

export const ONNX_LAYERS: OnnxTable = {
  Input: (l, n, _x, c) => {
    const name = c.g.input(l.id, n.out.dtype === 'int32' ? DT.INT32 : DT.FLOAT, ['N', ...n.out.shape]);
    return { name: c.pre?.features ? onnxPreprocess(c.g, name, c.pre.features) : name, nchw: false };
  },
  Dense: (l, n, x, c) => {
    const id = l.id;
    const inShape = n.inputs[0].out.shape;
    const [K, N] = [inShape[inShape.length - 1], l.units];
    if (inShape.length > 1) {
      // On the last axis of [N, T, F] (or an image's channels): MatMul broadcasts, Gemm would not.
      const z = linear(c, c.nhwc(x!), c.tensor(id, 'weight'), l.useBias !== false ? c.tensor(id, 'bias') : null, K, N, `${id}/z`);
      return c.activate({ name: z, nchw: false }, l.activation, id);
    }
    const w = c.g.init(`${id}/kernel`, c.tensor(id, 'weight'), [K, N]);
    const z = l.useBias !== false ? c.g.op('Gemm', [x!.name, w, c.g.init(`${id}/bias`, c.tensor(id, 'bias'), [N])], `${id}/z`) : c.g.op('MatMul', [x!.name, w], `${id}/z`);
    return c.activate({ name: z, nchw: false }, l.activation, id);
  },
  Activation: (l, _n, x, c) => c.activate(x!, l.activation, l.id),
  LeakyReLU: (l, _n, x, c) => ({ name: c.g.op('LeakyRelu', [x!.name], l.id, [{ name: 'alpha', float: l.negativeSlope ?? LEAKY_RELU_DEFAULT_SLOPE }]), nchw: x!.nchw }),
  ELU: (l, _n, x, c) => ({ name: c.g.op('Elu', [x!.name], l.id, [{ name: 'alpha', float: l.alpha ?? ELU_DEFAULT_ALPHA }]), nchw: x!.nchw }),
  Add: (l, n, x, c) => {
    const b = c.value(n.inputs[1].spec.id);
    const [a, bb] = x!.nchw === b.nchw ? [x!.name, b.name] : [c.nhwc(x!), c.nhwc(b)];
    return { name: c.g.op('Add', [a, bb], l.id), nchw: x!.nchw === b.nchw && x!.nchw };
  },
  Multiply: (l, n, x, c) => {
    const b = c.value(n.inputs[1].spec.id);
    const [a, bb] = x!.nchw === b.nchw ? [x!.name, b.name] : [c.nhwc(x!), c.nhwc(b)];
    return { name: c.g.op('Mul', [a, bb], l.id), nchw: x!.nchw === b.nchw && x!.nchw };
  },
  ZeroPadding2D: (l, n, x, c) => {
    const [t, b, le, r] = pads2d(l.padding)!;
    // ONNX pads: every axis's start, then every axis's end, in the layout x is held in.
    const pads = x!.nchw ? [0, 0, t, le, 0, 0, b, r] : [0, t, le, 0, 0, b, r, 0];
    const padded = c.g.op('Pad', [x!.name, c.g.int64(`${l.id}/pads`, pads)], l.id);
    // onnxruntime (1.30) fuses a Pad into a following MaxPool / AveragePool (PadFusion), which fails
    // once a pad reaches the pool size (and would make the padding the pool's own: -inf for max,
    // left out of an average, not zeros). Max(p, p) = p keeps them apart (its no-op elimination
    // removes an Add of 0 or an Identity, not this).
    const pooled = n.consumers.some((m) => m.spec.type === 'MaxPooling2D' || m.spec.type === 'AveragePooling2D');
    return { name: pooled ? c.g.op('Max', [padded, padded], `${l.id}/unfused`) : padded, nchw: x!.nchw };
  },
  UpSampling2D: (l, _n, x, c) => {
    const [sh, sw] = upsampleSize(l)!;
    // Nearest with integer scales: output (h, w) reads input (floor(h / sh), floor(w / sw)).
    const scales = c.g.init(`${l.id}/scales`, Float32Array.from(x!.nchw ? [1, 1, sh, sw] : [1, sh, sw, 1]), [4]);
    const attrs: Attr[] = [
      { name: 'mode', string: 'nearest' },
      { name: 'coordinate_transformation_mode', string: 'asymmetric' },
      { name: 'nearest_mode', string: 'floor' },
    ];
    return { name: c.g.op('Resize', [x!.name, '', scales], l.id, attrs), nchw: x!.nchw };
  },
  Concatenate: (l, n, _x, c) => {
    // All inputs NCHW images: join there ((H, W, C) are NCHW axes 2, 3, 1); otherwise in the playground's layout.
    const k = concatAxisIndex(l.axis, n.out.shape.length)!;
    const xs = n.inputs.map((m) => c.value(m.spec.id));
    const nchw = xs.every((v) => v.nchw);
    const names = xs.map((v) => (nchw ? v.name : c.nhwc(v)));
    return { name: c.g.op('Concat', names, l.id, [{ name: 'axis', int: nchw ? [2, 3, 1][k] : k + 1 }]), nchw };
  },
  Flatten: (l, _n, x, c) => ({ name: c.g.op('Flatten', [c.nhwc(x!)], l.id, [{ name: 'axis', int: 1 }]), nchw: false }),
  Reshape: (l, _n, x, c) => ({ name: c.g.op('Reshape', [c.nhwc(x!), c.g.int64(`${l.id}/shape`, [-1, ...l.targetShape])], l.id), nchw: false }),
  Dropout: (_l, _n, x) => x!,
  BatchNormalization: batchNormalization,
  Conv2D: (l, n, x, c) => {
    const id = l.id;
    const geo = conv2dGeometry(n.inputs[0].out.shape, l);
    const { KH, KW, C, Cout } = geo;
    const k = c.tensor(id, 'weight');
    const w = new Float32Array(k.length); // [KH, KW, Cin, Cout] -> [Cout, Cin, KH, KW]
    for (let kh = 0; kh < KH; kh++)
      for (let kw = 0; kw < KW; kw++) for (let ci = 0; ci < C; ci++) for (let co = 0; co < Cout; co++) w[((co * C + ci) * KH + kh) * KW + kw] = k[((kh * KW + kw) * C + ci) * Cout + co];
    const inputs = [c.nchw(x!), c.g.init(`${id}/kernel`, w, [Cout, C, KH, KW])];
    if (l.useBias !== false) inputs.push(c.g.init(`${id}/bias`, c.tensor(id, 'bias'), [Cout]));
    const [DH, DW] = [geo.DH ?? 1, geo.DW ?? 1];
    const pads = explicitPads(geo.H, geo.W, geo.OH, geo.OW, (KH - 1) * DH + 1, (KW - 1) * DW + 1, geo.SH, geo.SW, geo.padTop, geo.padLeft);
    const z = c.g.op('Conv', inputs, `${id}/z`, [
      { name: 'kernel_shape', ints: [KH, KW] },
      { name: 'strides', ints: [geo.SH, geo.SW] },
      { name: 'pads', ints: pads },
      { name: 'dilations', ints: [DH, DW] },
      { name: 'group', int: 1 },
    ]);
    return c.activate({ name: z, nchw: true }, l.activation, id);
  },
  MaxPooling2D: pooling,
  AveragePooling2D: pooling,
  GlobalAveragePooling2D: (l, _n, x, c) => {
    const pooled = c.g.op('GlobalAveragePool', [c.nchw(x!)], `${l.id}/nc11`);
    return { name: c.g.op('Flatten', [pooled], l.id, [{ name: 'axis', int: 1 }]), nchw: false };
  },
  Conv1D: (l, n, x, c) => {
    const id = l.id;
    const g = conv1dGeometry(n.inputs[0].out.shape, l);
    const k = c.tensor(id, 'weight');
    const w = new Float32Array(k.length); // [K, Cin, Cout] -> [Cout, Cin, K]
    for (let t = 0; t < g.KW; t++) for (let ci = 0; ci < g.C; ci++) for (let co = 0; co < g.Cout; co++) w[(co * g.C + ci) * g.KW + t] = k[(t * g.C + ci) * g.Cout + co];
    const inputs = [swap(c, c.nhwc(x!), `${id}/ncl`), c.g.init(`${id}/kernel`, w, [g.Cout, g.C, g.KW])];
    if (l.useBias !== false) inputs.push(c.g.init(`${id}/bias`, c.tensor(id, 'bias'), [g.Cout]));
    const z = c.g.op('Conv', inputs, `${id}/z_ncl`, [
      { name: 'kernel_shape', ints: [g.KW] },
      { name: 'strides', ints: [g.SW] },
      { name: 'pads', ints: conv1dPads(g) },
      { name: 'dilations', ints: [g.DW ?? 1] },
      { name: 'group', int: 1 },
    ]);
    return c.activate({ name: swap(c, z, `${id}/z`), nchw: false }, l.activation, id);
  },
  MaxPooling1D: pooling1d,
  AveragePooling1D: pooling1d,
  Embedding: (l, _n, x, c) => {
    const table = c.g.init(`${l.id}/embeddings`, c.tensor(l.id, 'weight'), [l.inputDim, l.outputDim]);
    return { name: c.g.op('Gather', [table, x!.name], l.id, [{ name: 'axis', int: 0 }]), nchw: false };
  },
  SimpleRNN: recurrentRow,
  LSTM: recurrentRow,
  GRU: recurrentRow,
  Bidirectional: bidirectionalRow,
  LayerNormalization: layerNormalizationRow,
  PositionEmbedding: positionEmbeddingRow,
  GlobalAveragePooling1D: globalAveragePooling1DRow,
  MultiHeadAttention: multiHeadAttentionRow,
  GlobalMaxPooling1D: (l, _n, x, c) => ({ name: c.g.op('ReduceMax', [x!.name], l.id, [{ name: 'axes', ints: [1] }, { name: 'keepdims', int: 0 }]), nchw: false }),
  GlobalMaxPooling2D: (l, _n, x, c) => {
    const pooled = c.g.op('GlobalMaxPool', [c.nchw(x!)], `${l.id}/nc11`);
    return { name: c.g.op('Flatten', [pooled], l.id, [{ name: 'axis', int: 1 }]), nchw: false };
  },
  // Training-only: nothing in evaluation, as Dropout.
  SpatialDropout1D: (_l, _n, x) => x!,
  SpatialDropout2D: (_l, _n, x) => x!,
  GaussianNoise: (_l, _n, x) => x!,
  // PRelu's slope broadcasts from the right: alpha in the engine's channels-last shape, so on x channels-last.
  PReLU: (l, n, x, c) => {
    const alpha = n.params.find((p) => p.name === 'weight')!;
    return { name: c.g.op('PRelu', [c.nhwc(x!), c.g.init(`${l.id}/alpha`, c.tensor(l.id, 'weight'), alpha.shape)], l.id), nchw: false };
  },
};
