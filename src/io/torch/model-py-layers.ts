/**
 * The model.py table: for each layer type, the lines the generated PyTorch module gets (its
 * `__init__` submodule and its `forward` lines; see model-py.ts for the module's conventions), and
 * the fixed Python helpers it needs (real .py files beside this one, emitted once per model.py).
 * The state_dict names these modules give their parameters are state-dict-layers.ts's.
 *
 * - Dense, LayerNormalization: nn.Linear / nn.LayerNorm on the last axis (an image's channels are
 *   moved last and back). LayerNormalization -> nn.LayerNorm with the Keras ε.
 * - BatchNormalization: nn.BatchNorm2d on an image (NCHW: channels at dim 1), nn.BatchNorm1d on
 *   [B, F] and on [B, T, F] (transposed to [B, F, T] and back), eps the layer's, momentum = 1 - the
 *   Keras momentum; affine covers center and scale together (one without the other is refused).
 * - Input: images NCHW (`Model(channels_last=True)`: NHWC); Flatten, and Reshape to one axis, of an
 *   image flatten NCHW, in PyTorch's (C, H, W) order (flatten-layout.ts).
 * - Conv2D, pooling: NCHW; 'same' padding follows TensorFlow (F.pad, the extra row/column to the
 *   bottom/right); AveragePooling2D 'same' averages the real cells only.
 * - Conv1D, MaxPooling1D, AveragePooling1D: nn.Conv1d / F.max_pool1d / F.avg_pool1d on the
 *   sequence moved to NCL and back (`x.transpose(1, 2)`); 'same' and 'causal' as explicit F.pad.
 * - SimpleRNN / LSTM / GRU / Bidirectional: nn.RNN / nn.LSTM / nn.GRU through _recurrent
 *   (recurrent_helpers.py), which carries the state over padded steps (token id 0).
 * - PositionEmbedding, MultiHeadAttention, GlobalAveragePooling1D: the small modules and
 *   _masked_mean of sequence_layers.py (the learned table `<id>.weight`, or the sinusoidal one as a
 *   non-persistent buffer; four nn.Linear projections `<id>.query|key|value|output`).
 *
 * Masking follows the playground exactly (engine/graph.ts maskSource): when an Embedding with
 * maskZero feeds the layer through mask-keeping layers, the token ids of that Embedding's input
 * give `mask = ids != 0`. Attention hides padded keys only (padded query rows are computed like any
 * other); a query that sees no key at all outputs 0 before the output projection. The average over
 * time leaves padded steps out; a row of only padding gives 0.
 */
import { ELU_DEFAULT_ALPHA, LEAKY_RELU_DEFAULT_SLOPE } from '../../engine/layers/leaky-elu';
import { finalActivation, maskSource, type GraphNode } from '../../engine/graph';
import { conv2dGeometry, pool2dGeometry, size2 } from '../../engine/geometry';
import { KERAS_LAYERNORM_EPSILON } from '../../engine/layers/layernorm';
import { batchNormSettings } from '../../engine/layers/batchnorm';
import { concatAxisIndex } from '../../engine/layers/concatenate';
import { pads2d } from '../../engine/layers/zero-padding2d';
import { upsampleSize } from '../../engine/layers/upsampling2d';
import { conv1dGeometry, conv1dPads } from '../../engine/layers/conv1d';
import { pool1dGeometry } from '../../engine/layers/pool1d';
import type { LayerSpec, LayerType } from '../../engine/spec';
import type { Preprocessing } from '../../data/scaling';
import type { LayerOf, Refusal } from '../layer-table';
import { moduleAssign, moduleRef, pyFloat, pyString, TorchExportError } from './py-names';
import RECURRENT_HELPERS from './recurrent_helpers.py?raw';
import SEQUENCE_LAYERS from './sequence_layers.py?raw';
import PRELU_LAYERS from './prelu_layers.py?raw';

/** The fixed Python a model.py may need, in the order it is written (after the constants). */
export const PY_HELPERS = { recurrent: RECURRENT_HELPERS, sequence: SEQUENCE_LAYERS, prelu: PRELU_LAYERS } as const;
export type PyHelper = keyof typeof PY_HELPERS;

/** What a row writes into, and what it knows of its node. */
export interface PyContext {
  n: GraphNode;
  /** The node's output variable, its inputs' variables, and every node's variable by spec id. */
  v: string;
  ins: string[];
  names: Map<string, string>;
  /** The node's output / its first input are images held NCHW. */
  image: boolean;
  inImage: boolean;
  init: string[];
  body: string[];
  /** `v = act(expr)`, or behind `if final_activation:` where the loss absorbs the activation. */
  finalAct(expr: string, act: string): string[];
  /** The forward() arguments and their docstring lines (Input rows add theirs). */
  inputs: string[];
  inputDocs: string[];
  pre: Preprocessing | null;
}

export interface PyRow<L extends LayerSpec> {
  emit(l: L, c: PyContext): void;
  helpers?: readonly PyHelper[];
}

export type PyTable = { readonly [T in LayerType]: PyRow<LayerOf<T>> | Refusal };

export function activationExpr(act: string, v: string, image: boolean): string {
  switch (act) {
    case 'linear':
      return v;
    case 'relu':
      return `F.relu(${v})`;
    case 'sigmoid':
      return `torch.sigmoid(${v})`;
    case 'tanh':
      return `torch.tanh(${v})`;
    case 'gelu':
      return `F.gelu(${v})`; // exact (erf) GELU, as the engine
    case 'leaky_relu':
      return `F.leaky_relu(${v}, 0.2)`; // Keras 3's default negative slope
    case 'elu':
      return `F.elu(${v})`;
    case 'selu':
      return `F.selu(${v})`;
    case 'softplus':
      return `F.softplus(${v})`;
    case 'softsign':
      return `F.softsign(${v})`;
    case 'swish':
      return `F.silu(${v})`;
    case 'hard_sigmoid':
      return `F.hardsigmoid(${v})`; // relu6(x + 3) / 6, Keras 3's hard_sigmoid
    case 'exponential':
      return `torch.exp(${v})`;
    case 'softmax':
      return `F.softmax(${v}, dim=${image ? 1 : -1})`;
    default:
      throw new TorchExportError(`activation "${act}" has no PyTorch equivalent here`);
  }
}

/** (left, right, top, bottom) padding of a TensorFlow 'same' window. */
function samePads(H: number, W: number, OH: number, OW: number, KH: number, KW: number, SH: number, SW: number): [number, number, number, number] {
  const th = Math.max((OH - 1) * SH + KH - H, 0);
  const tw = Math.max((OW - 1) * SW + KW - W, 0);
  const top = Math.floor(th / 2);
  const left = Math.floor(tw / 2);
  return [left, tw - left, top, th - top];
}

function recurrentModule(kind: 'SimpleRNN' | 'LSTM' | 'GRU', F_: number, U: number, spec: GraphNode['spec']): string {
  const l = spec as { id: string; activation?: string; recurrentActivation?: string; useBias?: boolean };
  const bias = l.useBias === false ? ', bias=False' : '';
  if (kind === 'SimpleRNN') {
    const act = l.activation ?? 'tanh';
    if (act !== 'tanh' && act !== 'relu') throw new TorchExportError(`layer "${l.id}": SimpleRNN activation "${act}" has no nn.RNN equivalent (tanh or relu)`);
    return `nn.RNN(${F_}, ${U}, batch_first=True, nonlinearity=${pyString(act)}${bias})`;
  }
  if ((l.activation ?? 'tanh') !== 'tanh' || (l.recurrentActivation ?? 'sigmoid') !== 'sigmoid') {
    throw new TorchExportError(`layer "${l.id}": ${kind} with activation "${l.activation}" / recurrentActivation "${l.recurrentActivation}" has no nn.${kind} equivalent (tanh / sigmoid)`);
  }
  return `nn.${kind}(${F_}, ${U}, batch_first=True${bias})`;
}

/** The padding mask of a node (`ids != 0` of the Embedding with maskZero upstream), or 'None'. */
const maskOf = (c: PyContext): string => {
  const maskId = maskSource(c.n);
  return maskId ? `${c.names.get(maskId)} != 0` : 'None';
};

const recurrent: PyRow<LayerOf<'SimpleRNN' | 'LSTM' | 'GRU' | 'Bidirectional'>> = {
  helpers: ['recurrent'],
  emit(s, c) {
    const [, F_] = c.n.inputs[0].out.shape;
    const cell = s.type === 'Bidirectional' ? { ...s.layer, id: s.id } : s;
    const module = recurrentModule(cell.type, F_, cell.units, cell as GraphNode['spec']);
    c.init.push(moduleAssign(s.id, s.type === 'Bidirectional' ? module.replace(/\)$/, ', bidirectional=True)') : module));
    const merge = s.type === 'Bidirectional' ? `, merge=${pyString(s.mergeMode ?? 'concat')}` : '';
    c.body.push(`${c.v} = _recurrent(${moduleRef(s.id)}, ${c.ins[0]}, ${maskOf(c)}, return_sequences=${cell.returnSequences ? 'True' : 'False'}${merge})`);
  },
};

/** 1D pooling on [N, T, C]: NCL pooling, explicit 'same' pads (-inf for max; the average over real steps). */
const pooling1d: PyRow<LayerOf<'MaxPooling1D'>> = {
  emit(s, { n, v, ins: [x], body }) {
    const g = pool1dGeometry(n.inputs[0].out.shape, s);
    const pads = [g.PL, Math.max((g.OW - 1) * g.SW + g.PW - g.W - g.PL, 0)].join(', ');
    const padded = g.PL > 0 || pads !== '0, 0';
    const ncl = `${x}.transpose(1, 2)`;
    if (s.type === 'MaxPooling1D') {
      body.push(`${v} = F.max_pool1d(${padded ? `F.pad(${ncl}, (${pads}), value=float('-inf'))` : ncl}, ${g.PW}, ${g.SW}).transpose(1, 2)`);
    } else if (padded) {
      body.push(`${v} = (F.avg_pool1d(F.pad(${ncl}, (${pads})), ${g.PW}, ${g.SW}) / F.avg_pool1d(F.pad(torch.ones_like(${ncl}[:, :1]), (${pads})), ${g.PW}, ${g.SW})).transpose(1, 2)`);
    } else {
      body.push(`${v} = F.avg_pool1d(${ncl}, ${g.PW}, ${g.SW}).transpose(1, 2)`);
    }
  },
};

const pooling: PyRow<LayerOf<'MaxPooling2D'>> = {
  emit(s, { n, v, ins: [x], body }) {
    const [H, W, C] = n.inputs[0].out.shape;
    const pool = size2(s.poolSize ?? 2);
    const strides = size2(s.strides ?? pool);
    const g = pool2dGeometry(H, W, C, pool, strides, s.padding ?? 'valid');
    const pads = samePads(H, W, g.OH, g.OW, g.PH, g.PW, g.SH, g.SW);
    const same = (s.padding ?? 'valid') === 'same' && pads.some((p) => p > 0);
    const k = `(${g.PH}, ${g.PW})`;
    const st = `(${g.SH}, ${g.SW})`;
    if (s.type === 'MaxPooling2D') {
      body.push(`${v} = F.max_pool2d(${same ? `F.pad(${x}, (${pads.join(', ')}), value=float('-inf'))` : x}, ${k}, ${st})`);
    } else if (same) {
      // Average over the real cells only (TensorFlow): divide by the pooled count of ones.
      body.push(`${v} = F.avg_pool2d(F.pad(${x}, (${pads.join(', ')})), ${k}, ${st}) / F.avg_pool2d(F.pad(torch.ones_like(${x}[:, :1]), (${pads.join(', ')})), ${k}, ${st})`);
    } else {
      body.push(`${v} = F.avg_pool2d(${x}, ${k}, ${st})`);
    }
  },
};

export const PY_LAYERS: PyTable = {
  Input: {
    emit(_s, { n, v, image, inputs, inputDocs, body, pre }) {
      const arg = `x${inputs.length === 0 ? '' : inputs.length}`;
      inputs.push(arg);
      const shape = `[N, ${n.out.shape.join(', ')}]`;
      if (n.out.dtype === 'int32') {
        inputDocs.push(`${arg}: token ids ${shape} (integers; 0 is padding where an Embedding has maskZero)`);
        body.push(`${v} = ${arg}.long()`);
      } else if (image) {
        const [H, W, C] = n.out.shape;
        inputDocs.push(`${arg}: float32 images [N, ${C}, ${H}, ${W}] (NCHW); the playground's [N, ${H}, ${W}, ${C}] with channels_last=True`);
        body.push(`${v} = ${arg}.float()`, `if self.channels_last:`, `    ${v} = ${v}.permute(0, 3, 1, 2)  # NHWC -> NCHW`);
      } else {
        inputDocs.push(`${arg}: float32 ${shape}`);
        body.push(`${v} = ${arg}.float()`);
        if (pre?.features) body.push(`${v} = self.preprocess(${v})  # raw rows -> scaled features`);
      }
    },
  },
  Dense: {
    emit(s, c) {
      const inShape = c.n.inputs[0].out.shape;
      c.init.push(moduleAssign(s.id, `nn.Linear(${inShape[inShape.length - 1]}, ${s.units}${s.useBias === false ? ', bias=False' : ''})`));
      const m = moduleRef(s.id);
      const x = c.ins[0];
      const expr = c.inImage ? `${m}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)` : `${m}(${x})`;
      c.body.push(...c.finalAct(expr, finalActivation(s)));
    },
  },
  Activation: { emit: (s, c) => c.body.push(...c.finalAct(c.ins[0], s.activation)) },
  LeakyReLU: { emit: (s, c) => c.body.push(`${c.v} = F.leaky_relu(${c.ins[0]}, ${pyFloat(s.negativeSlope ?? LEAKY_RELU_DEFAULT_SLOPE)})`) },
  ELU: { emit: (s, c) => c.body.push(`${c.v} = F.elu(${c.ins[0]}, ${pyFloat(s.alpha ?? ELU_DEFAULT_ALPHA)})`) },
  Add: { emit: (_s, c) => c.body.push(`${c.v} = ${c.ins.join(' + ')}`) },
  Multiply: { emit: (_s, c) => c.body.push(`${c.v} = ${c.ins.join(' * ')}`) },
  ZeroPadding2D: {
    emit(s, c) {
      const [t, b, l, r] = pads2d(s.padding)!;
      c.body.push(`${c.v} = F.pad(${c.ins[0]}, (${l}, ${r}, ${t}, ${b}))`);
    },
  },
  UpSampling2D: {
    emit(s, c) {
      const [sh, sw] = upsampleSize(s)!;
      c.body.push(`${c.v} = ${c.ins[0]}.repeat_interleave(${sh}, dim=2).repeat_interleave(${sw}, dim=3)  # nearest upsampling of the NCHW image`);
    },
  },
  Concatenate: {
    emit(s, c) {
      // Images are held NCHW: the sample axes (H, W, C) are dims 2, 3, 1.
      const k = concatAxisIndex(s.axis, c.n.out.shape.length)!;
      c.body.push(`${c.v} = torch.cat([${c.ins.join(', ')}], dim=${c.image ? [2, 3, 1][k] : k + 1})`);
    },
  },
  Dropout: {
    emit(s, c) {
      c.init.push(moduleAssign(s.id, `nn.Dropout(${s.rate})`));
      c.body.push(`${c.v} = ${moduleRef(s.id)}(${c.ins[0]})`);
    },
  },
  Flatten: {
    emit: (_s, { v, ins: [x], inImage, body }) => body.push(inImage ? `${v} = ${x}.flatten(1)  # (C, H, W) order, as PyTorch flattens NCHW` : `${v} = ${x}.flatten(1)`),
  },
  Reshape: {
    emit(_s, { n, v, ins: [x], image, inImage, body }) {
      // An image to one axis: PyTorch's (C, H, W) order, as Flatten; to an image or a sequence: channels-last.
      if (inImage && n.out.shape.length === 1) return void body.push(`${v} = ${x}.flatten(1)  # (C, H, W) order, as PyTorch flattens NCHW`);
      const src = inImage ? `${x}.permute(0, 2, 3, 1)` : x;
      const expr = `${src}.reshape(${x}.shape[0], ${n.out.shape.join(', ')})`;
      body.push(image ? `${v} = ${expr}.permute(0, 3, 1, 2)` : `${v} = ${expr}`);
    },
  },
  Conv2D: {
    emit(s, c) {
      const x = c.ins[0];
      const g = conv2dGeometry(c.n.inputs[0].out.shape, s);
      const [DH, DW] = [g.DH ?? 1, g.DW ?? 1];
      const dilation = DH > 1 || DW > 1 ? `, dilation=(${DH}, ${DW})` : '';
      c.init.push(moduleAssign(s.id, `nn.Conv2d(${g.C}, ${g.Cout}, kernel_size=(${g.KH}, ${g.KW}), stride=(${g.SH}, ${g.SW})${dilation}${s.useBias === false ? ', bias=False' : ''})`));
      const pads = samePads(g.H, g.W, g.OH, g.OW, (g.KH - 1) * DH + 1, (g.KW - 1) * DW + 1, g.SH, g.SW);
      const padded = (s.padding ?? 'valid') === 'same' && pads.some((p) => p > 0) ? `F.pad(${x}, (${pads.join(', ')}))` : x;
      c.body.push(...c.finalAct(`${moduleRef(s.id)}(${padded})`, s.activation ?? 'linear'));
    },
  },
  MaxPooling2D: pooling,
  AveragePooling2D: pooling,
  GlobalAveragePooling2D: { emit: (_s, c) => c.body.push(`${c.v} = ${c.ins[0]}.mean(dim=(2, 3))`) },
  Conv1D: {
    emit(s, c) {
      const g = conv1dGeometry(c.n.inputs[0].out.shape, s);
      const [before, after] = conv1dPads(g);
      const dilation = (g.DW ?? 1) > 1 ? `, dilation=${g.DW}` : '';
      c.init.push(moduleAssign(s.id, `nn.Conv1d(${g.C}, ${g.Cout}, kernel_size=${g.KW}, stride=${g.SW}${dilation}${s.useBias === false ? ', bias=False' : ''})`));
      const ncl = `${c.ins[0]}.transpose(1, 2)`;
      const padded = before > 0 || after > 0 ? `F.pad(${ncl}, (${before}, ${after}))` : ncl;
      c.body.push(...c.finalAct(`${moduleRef(s.id)}(${padded}).transpose(1, 2)`, s.activation ?? 'linear'));
    },
  },
  MaxPooling1D: pooling1d,
  AveragePooling1D: pooling1d,
  Embedding: {
    emit(s, c) {
      c.init.push(moduleAssign(s.id, `nn.Embedding(${s.inputDim}, ${s.outputDim})`));
      c.body.push(`${c.v} = ${moduleRef(s.id)}(${c.ins[0]})`);
    },
  },
  SimpleRNN: recurrent,
  LSTM: recurrent,
  GRU: recurrent,
  Bidirectional: recurrent,
  LayerNormalization: {
    // The sequence helpers come with it too, as before the per-format tables (model.py unchanged).
    helpers: ['sequence'],
    emit(s, { n, v, ins: [x], inImage, init, body }) {
      const shape = n.out.shape;
      const m = moduleRef(s.id);
      init.push(moduleAssign(s.id, `nn.LayerNorm(${shape[shape.length - 1]}, eps=${pyFloat(s.epsilon ?? KERAS_LAYERNORM_EPSILON)})`));
      body.push(inImage ? `${v} = ${m}(${x}.permute(0, 2, 3, 1)).permute(0, 3, 1, 2)  # over channels` : `${v} = ${m}(${x})`);
    },
  },
  BatchNormalization: {
    emit(s, { n, v, ins: [x], inImage, init, body }) {
      const shape = n.out.shape;
      const b = batchNormSettings(s);
      if (b.center !== b.scale) throw new TorchExportError(`layer "${s.id}": BatchNormalization with center ${b.center} and scale ${b.scale} has no nn.BatchNorm equivalent (affine covers both)`);
      const m = moduleRef(s.id);
      const kind = inImage ? 'BatchNorm2d' : 'BatchNorm1d';
      // PyTorch's momentum weighs the new batch statistic: 1 - Keras's momentum (rounded: 0.01, not 0.010000000000000009).
      const momentum = Number((1 - b.momentum).toPrecision(12));
      init.push(moduleAssign(s.id, `nn.${kind}(${shape[shape.length - 1]}, eps=${pyFloat(b.epsilon)}, momentum=${pyFloat(momentum)}${b.scale ? '' : ', affine=False'})`));
      if (inImage || shape.length === 1) body.push(`${v} = ${m}(${x})`);
      else if (shape.length === 2) body.push(`${v} = ${m}(${x}.transpose(1, 2)).transpose(1, 2)  # over features`);
      else throw new TorchExportError(`layer "${s.id}": BatchNormalization on a rank-${shape.length} tensor that is not an image has no nn.BatchNorm equivalent here`);
    },
  },
  PositionEmbedding: {
    helpers: ['sequence'],
    emit(s, { n, v, ins: [x], init, body }) {
      const [T, D] = n.out.shape;
      const sin = s.mode === 'sinusoidal' ? ', sinusoidal=True' : '';
      init.push(moduleAssign(s.id, `PositionEmbedding(${T}, ${D}${sin})`));
      body.push(`${v} = ${moduleRef(s.id)}(${x})`);
    },
  },
  GlobalAveragePooling1D: {
    helpers: ['sequence'],
    emit: (_s, c) => c.body.push(`${c.v} = _masked_mean(${c.ins[0]}, ${maskOf(c)})`),
  },
  MultiHeadAttention: {
    helpers: ['sequence'],
    emit(s, c) {
      const [, D] = c.n.inputs[0].out.shape;
      const [, DV] = c.n.inputs[c.n.inputs.length - 1].out.shape;
      const dk = s.keyDim ?? D / s.numHeads;
      const opts = `${s.causal === true ? ', causal=True' : ''}${s.useBias === false ? ', bias=False' : ''}`;
      const value = c.ins.length > 1 ? c.ins[1] : 'None';
      const mask = maskOf(c);
      c.init.push(moduleAssign(s.id, `MultiHeadAttention(${D}, ${DV}, num_heads=${s.numHeads}, key_dim=${dk}${opts})`));
      c.body.push(`${c.v} = ${moduleRef(s.id)}(${c.ins[0]}, ${value}, key_mask=${mask === 'None' ? 'None' : `(${mask})`})`);
    },
  },
  // amax (not max(dim) or nn.AdaptiveMaxPool): tied maxima share the gradient equally, as in Keras.
  GlobalMaxPooling1D: { emit: (_s, c) => c.body.push(`${c.v} = ${c.ins[0]}.amax(dim=1)`) },
  GlobalMaxPooling2D: { emit: (_s, c) => c.body.push(`${c.v} = ${c.ins[0]}.amax(dim=(2, 3))`) },
  // Dropout1d zeroes whole channels of [N, C, L]: the sequence [N, T, C] is transposed for it.
  SpatialDropout1D: {
    emit(s, c) {
      c.init.push(moduleAssign(s.id, `nn.Dropout1d(${s.rate})`));
      c.body.push(`${c.v} = ${moduleRef(s.id)}(${c.ins[0]}.transpose(1, 2)).transpose(1, 2)`);
    },
  },
  // The image is held NCHW, as Dropout2d wants it.
  SpatialDropout2D: {
    emit(s, c) {
      c.init.push(moduleAssign(s.id, `nn.Dropout2d(${s.rate})`));
      c.body.push(`${c.v} = ${moduleRef(s.id)}(${c.ins[0]})`);
    },
  },
  // PyTorch has no GaussianNoise module: the noise is added inline while training.
  GaussianNoise: { emit: (s, c) => c.body.push(`${c.v} = ${c.ins[0]} + ${pyFloat(s.stddev)} * torch.randn_like(${c.ins[0]}) if self.training else ${c.ins[0]}`) },
  // prelu_layers.py's PReLU (Keras's alpha of any sharing; nn.PReLU has one value or one per channel).
  PReLU: {
    helpers: ['prelu'],
    emit(s, c) {
      const shape = c.n.params.find((p) => p.name === 'weight')!.shape;
      c.init.push(moduleAssign(s.id, `PReLU((${shape.join(', ')},)${c.inImage ? ', image=True' : ''})`));
      c.body.push(`${c.v} = ${moduleRef(s.id)}(${c.ins[0]})`);
    },
  },
};
