/**
 * ONNX export (IR 8, opset 13): one `model.onnx` that onnxruntime runs, input and output
 * channels-last like the playground ([N, H, W, C] images, [N, T] int32 token ids, [N, T, F]
 * sequences), batch size free ('N').
 *
 * Layer by layer: Dense -> Gemm (MatMul without bias); Conv2D / pooling run in ONNX's NCHW, so a
 * Transpose goes in before the first one and back to NHWC before Flatten/Reshape/Dense (the
 * flatten order stays the playground's); 'same' padding is written as explicit pads, TensorFlow
 * style (the odd extra row/column at the bottom/right, which stride 2 makes common);
 * AveragePool excludes padding from the count like Keras. Embedding -> Gather. SimpleRNN / LSTM /
 * GRU -> the ONNX RNN / LSTM / GRU ops with weights reordered to ONNX's gate order (LSTM i,o,f,c
 * from Keras i,f,c,o; GRU z,r,h with linear_before_reset=1, which is Keras's reset_after) and
 * Bidirectional -> direction="bidirectional". gelu -> x·½(1 + erf(x/√2)) (opset 13 has no Gelu).
 * Dense on [N, T, F] (the last axis) -> MatMul + Add. LayerNormalization, PositionEmbedding,
 * GlobalAveragePooling1D and MultiHeadAttention (with causal and key-padding masks): see
 * attention-onnx.ts.
 *
 * Masking (Embedding maskZero): the playground carries the recurrent state over every step whose
 * token id is 0, wherever it is (the tokenizer pads at the end, but a user's input may not).
 * ONNX's sequence_lens only skips a tail, so the graph first moves each row's non-zero steps to
 * the front in order (TopK on key = [id == 0]·T + t, then GatherElements), runs the op with
 * sequence_lens = the count of non-zero ids, and for returnSequences gathers each step's output
 * back to its position (the state after the last real step at or before it; zeros before the
 * first, or everywhere for Bidirectional like Keras). A row of only padding gives zeros.
 * This is exact for padding anywhere, not only at the end.
 */
import { buildGraph, maskSource, type GraphNode } from '../../engine/graph';
import { conv2dGeometry, pool2dGeometry } from '../../engine/geometry';
import { poolingParams } from '../../engine/layers/pool2d';
import type { LayerSpec } from '../../engine/spec';
import { layerParams, type ExportFile, type TrainedModel } from '../trained-model';
import { DT, OnnxGraph, type Attr } from './onnx-graph';
import type { Preprocessing } from '../../data/scaling';
import { exportPreprocessing, PREPROCESSING_KEY, preprocessingJson } from '../preprocessing';
import { onnxPostprocess, onnxPreprocess } from './preprocessing-onnx';
import { globalAvgPool1DOnnx, layerNormOnnx, linear, multiHeadAttentionOnnx, positionEmbeddingOnnx, type AttentionOnnxContext } from './attention-onnx';

export const ONNX_FILE = 'model.onnx';

export class OnnxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxExportError';
  }
}

/** A tensor of the ONNX graph; rank-3 (per-sample) images may be held in NCHW. */
interface Value {
  name: string;
  nchw: boolean;
}

type CellType = 'SimpleRNN' | 'LSTM' | 'GRU';
interface CellConfig {
  type: CellType;
  units: number;
  activation?: string;
  recurrentActivation?: string;
  returnSequences?: boolean;
  useBias?: boolean;
}

const ONNX_ACT: Record<string, string> = { sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu' };
/** ONNX gate block -> Keras gate block. */
const GATE_PERM: Record<CellType, number[]> = { SimpleRNN: [0], LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };

class Exporter {
  readonly g = new OnnxGraph();
  private values = new Map<string, Value>();
  private perms = new Map<string, string>();
  private maskCache = new Map<string, ReturnType<Exporter['maskPlan']>>();

  private readonly pre: Preprocessing | null;
  constructor(private readonly model: TrainedModel) {
    this.pre = exportPreprocessing(model);
  }

  /** What attention-onnx.ts needs from this exporter. */
  readonly attentionContext: AttentionOnnxContext = {
    g: this.g,
    tensor: (layerId, name) => this.tensor(layerId, name),
    valueName: (nodeId) => this.nhwc(this.value(nodeId)),
  };

  value(id: string): Value {
    return this.values.get(id)!;
  }

  /** The value as NCHW (images) via a cached Transpose. */
  nchw(v: Value): string {
    if (v.nchw) return v.name;
    const key = `${v.name}->nchw`;
    if (!this.perms.has(key)) this.perms.set(key, this.g.op('Transpose', [v.name], `${v.name}/nchw`, [{ name: 'perm', ints: [0, 3, 1, 2] }]));
    return this.perms.get(key)!;
  }

  /** The value in the playground's channels-last layout. */
  nhwc(v: Value): string {
    if (!v.nchw) return v.name;
    const key = `${v.name}->nhwc`;
    if (!this.perms.has(key)) this.perms.set(key, this.g.op('Transpose', [v.name], `${v.name}/nhwc`, [{ name: 'perm', ints: [0, 2, 3, 1] }]));
    return this.perms.get(key)!;
  }

  /** Elementwise activation (layout kept) or softmax over the channels-last last axis. */
  activate(v: Value, act: string | undefined, hint: string): Value {
    switch (act ?? 'linear') {
      case 'linear':
        return v;
      case 'relu':
      case 'tanh':
      case 'sigmoid':
        return { name: this.g.op(ONNX_ACT[act!], [v.name], hint), nchw: v.nchw };
      case 'softmax':
        return { name: this.g.op('Softmax', [this.nhwc(v)], hint, [{ name: 'axis', int: -1 }]), nchw: false };
      case 'gelu': {
        const half = this.g.init(`${hint}/half`, Float32Array.of(0.5), []);
        const one = this.g.init(`${hint}/one`, Float32Array.of(1), []);
        const rsqrt2 = this.g.init(`${hint}/rsqrt2`, Float32Array.of(Math.SQRT1_2), []);
        const erf = this.g.op('Erf', [this.g.op('Mul', [v.name, rsqrt2], `${hint}/scaled`)], `${hint}/erf`);
        const phi = this.g.op('Mul', [this.g.op('Add', [erf, one], `${hint}/1+erf`), half], `${hint}/phi`);
        return { name: this.g.op('Mul', [v.name, phi], hint), nchw: v.nchw };
      }
      default:
        throw new OnnxExportError(`activation "${act}" has no ONNX export`);
    }
  }

  params(id: string) {
    return layerParams(this.model, id);
  }

  tensor(id: string, name: string): Float32Array {
    const p = this.params(id).get(name);
    if (!p) throw new Error(`layer "${id}": parameter ${name} missing`);
    return p.data;
  }

  layer(n: GraphNode): Value {
    const l: LayerSpec = n.spec;
    const id = l.id;
    const x = n.inputs.length ? this.value(n.inputs[0].spec.id) : null;
    switch (l.type) {
      case 'Input': {
        const name = this.g.input(id, n.out.dtype === 'int32' ? DT.INT32 : DT.FLOAT, ['N', ...n.out.shape]);
        return { name: this.pre?.features ? onnxPreprocess(this.g, name, this.pre.features) : name, nchw: false };
      }
      case 'Dense': {
        const inShape = n.inputs[0].out.shape;
        const [K, N] = [inShape[inShape.length - 1], l.units];
        if (inShape.length > 1) {
          // On the last axis of [N, T, F] (or an image's channels): MatMul broadcasts, Gemm would not.
          const z = linear(this.attentionContext, this.nhwc(x!), this.tensor(id, 'weight'), l.useBias !== false ? this.tensor(id, 'bias') : null, K, N, `${id}/z`);
          return this.activate({ name: z, nchw: false }, l.activation, id);
        }
        const w = this.g.init(`${id}/kernel`, this.tensor(id, 'weight'), [K, N]);
        const z =
          l.useBias !== false
            ? this.g.op('Gemm', [x!.name, w, this.g.init(`${id}/bias`, this.tensor(id, 'bias'), [N])], `${id}/z`)
            : this.g.op('MatMul', [x!.name, w], `${id}/z`);
        return this.activate({ name: z, nchw: false }, l.activation, id);
      }
      case 'Activation':
        return this.activate(x!, l.activation, id);
      case 'Add': {
        const b = this.value(n.inputs[1].spec.id);
        const [a, bb] = x!.nchw === b.nchw ? [x!.name, b.name] : [this.nhwc(x!), this.nhwc(b)];
        return { name: this.g.op('Add', [a, bb], id), nchw: x!.nchw === b.nchw && x!.nchw };
      }
      case 'Flatten':
        return { name: this.g.op('Flatten', [this.nhwc(x!)], id, [{ name: 'axis', int: 1 }]), nchw: false };
      case 'Reshape':
        return { name: this.g.op('Reshape', [this.nhwc(x!), this.g.int64(`${id}/shape`, [-1, ...l.targetShape])], id), nchw: false };
      case 'Dropout':
        return x!;
      case 'Conv2D': {
        const geo = conv2dGeometry(n.inputs[0].out.shape, l);
        const { KH, KW, C, Cout } = geo;
        const k = this.tensor(id, 'weight');
        const w = new Float32Array(k.length); // [KH, KW, Cin, Cout] -> [Cout, Cin, KH, KW]
        for (let kh = 0; kh < KH; kh++)
          for (let kw = 0; kw < KW; kw++) for (let ci = 0; ci < C; ci++) for (let co = 0; co < Cout; co++) w[((co * C + ci) * KH + kh) * KW + kw] = k[((kh * KW + kw) * C + ci) * Cout + co];
        const inputs = [this.nchw(x!), this.g.init(`${id}/kernel`, w, [Cout, C, KH, KW])];
        if (l.useBias !== false) inputs.push(this.g.init(`${id}/bias`, this.tensor(id, 'bias'), [Cout]));
        const pads = explicitPads(geo.H, geo.W, geo.OH, geo.OW, KH, KW, geo.SH, geo.SW, geo.padTop, geo.padLeft);
        const z = this.g.op('Conv', inputs, `${id}/z`, [
          { name: 'kernel_shape', ints: [KH, KW] },
          { name: 'strides', ints: [geo.SH, geo.SW] },
          { name: 'pads', ints: pads },
          { name: 'dilations', ints: [1, 1] },
          { name: 'group', int: 1 },
        ]);
        return this.activate({ name: z, nchw: true }, l.activation, id);
      }
      case 'MaxPooling2D':
      case 'AveragePooling2D': {
        const [H, W, C] = n.inputs[0].out.shape;
        const p = poolingParams(l);
        const geo = pool2dGeometry(H, W, C, p.pool, p.strides, p.padding);
        const attrs: Attr[] = [
          { name: 'kernel_shape', ints: p.pool },
          { name: 'strides', ints: p.strides },
          { name: 'pads', ints: explicitPads(H, W, geo.OH, geo.OW, geo.PH, geo.PW, geo.SH, geo.SW, geo.PT, geo.PL) },
        ];
        if (l.type === 'AveragePooling2D') attrs.push({ name: 'count_include_pad', int: 0 });
        return { name: this.g.op(l.type === 'MaxPooling2D' ? 'MaxPool' : 'AveragePool', [this.nchw(x!)], id, attrs), nchw: true };
      }
      case 'GlobalAveragePooling2D': {
        const pooled = this.g.op('GlobalAveragePool', [this.nchw(x!)], `${id}/nc11`);
        return { name: this.g.op('Flatten', [pooled], id, [{ name: 'axis', int: 1 }]), nchw: false };
      }
      case 'Embedding': {
        const table = this.g.init(`${id}/embeddings`, this.tensor(id, 'weight'), [l.inputDim, l.outputDim]);
        return { name: this.g.op('Gather', [table, x!.name], id, [{ name: 'axis', int: 0 }]), nchw: false };
      }
      case 'SimpleRNN':
      case 'LSTM':
      case 'GRU':
        return { name: this.recurrent(n, l, false, 'concat'), nchw: false };
      case 'Bidirectional':
        return { name: this.recurrent(n, { ...l.layer } as CellConfig, true, l.mergeMode ?? 'concat'), nchw: false };
      case 'LayerNormalization':
        return { name: layerNormOnnx(this.attentionContext, n, this.nhwc(x!)), nchw: false };
      case 'PositionEmbedding':
        return { name: positionEmbeddingOnnx(this.attentionContext, n, x!.name), nchw: false };
      case 'GlobalAveragePooling1D':
        return { name: globalAvgPool1DOnnx(this.attentionContext, n, x!.name), nchw: false };
      case 'MultiHeadAttention':
        return { name: multiHeadAttentionOnnx(this.attentionContext, n, x!.name, this.value(n.inputs[n.inputs.length - 1].spec.id).name), nchw: false };
      default: {
        const other = l as { id: string; type: string };
        throw new OnnxExportError(`layer "${other.id}": ${other.type} has no ONNX export yet`);
      }
    }
  }

  /** Per ids value: the compaction and length tensors of the masking scheme (module comment). */
  private maskPlan(idsName: string, T: number) {
    const g = this.g;
    const h = `${idsName}/mask`;
    const zero = g.init(`${h}/zero_i32`, Int32Array.of(0), []);
    const valid = g.op('Not', [g.op('Equal', [idsName, zero], `${h}/is_pad`)], `${h}/valid`);
    const valid64 = g.op('Cast', [valid], `${h}/valid_i64`, [{ name: 'to', int: DT.INT64 }]);
    const lens64 = g.op('ReduceSum', [valid64, g.int64(`${h}/axis1`, [1])], `${h}/lens_i64`, [{ name: 'keepdims', int: 0 }]);
    const lens = g.op('Cast', [lens64], `${h}/lens`, [{ name: 'to', int: DT.INT32 }]);
    const one64 = g.int64(`${h}/one`, [1], []);
    // The op needs lengths >= 1; a row of only padding runs one step and is zeroed afterwards.
    const lensRun = g.op('Max', [lens, g.init(`${h}/one_i32`, Int32Array.of(1), [])], `${h}/lens_run`);
    const anyValid = g.op('Cast', [g.op('Greater', [lens64, g.int64(`${h}/zero`, [0], [])], `${h}/any`)], `${h}/any_f`, [{ name: 'to', int: DT.FLOAT }]);
    // key = (1 - valid)·T + t: the valid steps first, in order.
    const key = g.op(
      'Add',
      [g.op('Mul', [g.op('Sub', [one64, valid64], `${h}/pad`), g.int64(`${h}/T`, [T], [])], `${h}/pad_T`), g.int64(`${h}/t`, Array.from({ length: T }, (_, t) => t), [T])],
      `${h}/key`,
    );
    const [, order] = g.node('TopK', [key, g.int64(`${h}/K`, [T])], `${h}/order`, [{ name: 'axis', int: 1 }, { name: 'largest', int: 0 }, { name: 'sorted', int: 1 }], 2);
    // Step t's output is the compacted output at (valid steps up to t) - 1; zero while that is 0.
    const cum = g.op('CumSum', [valid64, g.int64(`${h}/axis1s`, [1], [])], `${h}/cum`);
    const back = g.op('Max', [g.op('Sub', [cum, one64], `${h}/cum-1`), g.int64(`${h}/zero64`, [0], [])], `${h}/back`);
    const started = g.op('Cast', [g.op('Greater', [cum, g.int64(`${h}/zero_b`, [0], [])], `${h}/started_b`)], `${h}/started`, [{ name: 'to', int: DT.FLOAT }]);
    const validF = g.op('Cast', [valid], `${h}/valid_f`, [{ name: 'to', int: DT.FLOAT }]);
    return { lensRun, anyValid, order, back, started, validF };
  }

  /** GatherElements along axis 1 of a [N, T, D] tensor by [N, T] indices. */
  private gatherSteps(x: string, idx: string, hint: string): string {
    const g = this.g;
    const idx3 = g.op('Expand', [g.op('Unsqueeze', [idx, g.int64(`${hint}/ax2`, [2])], `${hint}/idx3`), g.op('Shape', [x], `${hint}/shape`)], `${hint}/idx`);
    return g.op('GatherElements', [x, idx3], hint, [{ name: 'axis', int: 1 }]);
  }

  private recurrent(n: GraphNode, cell: CellConfig, bidirectional: boolean, mergeMode: string): string {
    const g = this.g;
    const id = n.spec.id;
    const [T, F] = n.inputs[0].out.shape;
    const U = cell.units;
    const type = cell.type;
    const G = GATE_PERM[type].length;
    const dirs = bidirectional ? ['forward', 'backward'] : [''];
    const pname = (d: string, p: string) => (d ? `${d}_${p}` : p);
    const W = new Float32Array(dirs.length * G * U * F);
    const R = new Float32Array(dirs.length * G * U * U);
    const hasBias = cell.useBias !== false;
    const B = new Float32Array(dirs.length * 2 * G * U);
    dirs.forEach((d, di) => {
      reorder(this.tensor(id, pname(d, 'weight')), F, U, GATE_PERM[type], W.subarray(di * G * U * F, (di + 1) * G * U * F));
      reorder(this.tensor(id, pname(d, 'recurrent_weight')), U, U, GATE_PERM[type], R.subarray(di * G * U * U, (di + 1) * G * U * U));
      if (hasBias) {
        const b = this.tensor(id, pname(d, 'bias'));
        const rows = type === 'GRU' ? 2 : 1; // GRU: input bias row, then recurrent bias row
        for (let r = 0; r < rows; r++)
          GATE_PERM[type].forEach((k, gi) => B.set(b.subarray(r * G * U + k * U, r * G * U + (k + 1) * U), di * 2 * G * U + r * G * U + gi * U));
      }
    });
    const act = (a: string | undefined, dflt: string) => {
      const name = ONNX_ACT[a ?? dflt];
      if (!name) throw new OnnxExportError(`layer "${id}": a ${type} cell with activation "${a}" has no ONNX export (use tanh, sigmoid or relu)`);
      return name;
    };
    const acts = type === 'LSTM' ? [act(cell.recurrentActivation, 'sigmoid'), act(cell.activation, 'tanh'), act(cell.activation, 'tanh')] : type === 'GRU' ? [act(cell.recurrentActivation, 'sigmoid'), act(cell.activation, 'tanh')] : [act(cell.activation, 'tanh')];
    const attrs: Attr[] = [
      { name: 'hidden_size', int: U },
      { name: 'direction', string: bidirectional ? 'bidirectional' : 'forward' },
      { name: 'activations', strings: bidirectional ? [...acts, ...acts] : acts },
    ];
    if (type === 'GRU') attrs.push({ name: 'linear_before_reset', int: 1 });

    const maskIds = maskSource(n);
    let x = this.value(n.inputs[0].spec.id).name;
    let plan: ReturnType<Exporter['maskPlan']> | null = null;
    if (maskIds) {
      const ids = this.value(maskIds).name;
      plan = this.maskCache.get(ids) ?? this.maskPlan(ids, T);
      this.maskCache.set(ids, plan);
      x = this.gatherSteps(x, plan.order, `${id}/packed`);
    }
    const xt = g.op('Transpose', [x], `${id}/x_tnf`, [{ name: 'perm', ints: [1, 0, 2] }]);
    const nd = dirs.length;
    const inputs = [
      xt,
      g.init(`${id}/W`, W, [nd, G * U, F]),
      g.init(`${id}/R`, R, [nd, G * U, U]),
      hasBias ? g.init(`${id}/B`, B, [nd, 2 * G * U]) : '',
      plan ? plan.lensRun : '',
    ];
    const outs = g.node(type === 'SimpleRNN' ? 'RNN' : type, inputs, `${id}/${type}`, attrs, 2);
    const [Y, Yh] = outs; // Y [T, nd, N, U], Y_h [nd, N, U]
    const seq = cell.returnSequences === true;
    if (!seq) {
      // [nd, N, U] -> [N, nd, U] -> merge.
      let h = g.op('Transpose', [Yh], `${id}/h_n`, [{ name: 'perm', ints: [1, 0, 2] }]);
      h = this.merge(h, nd, U, mergeMode, `${id}/h`, 1);
      if (plan) h = g.op('Mul', [h, g.op('Unsqueeze', [plan.anyValid, g.int64(`${id}/ax1`, [1])], `${id}/any`)], `${id}/h_masked`);
      return h;
    }
    // [T, nd, N, U] -> [N, T, nd, U] -> merge to [N, T, nd*U or U].
    let y = g.op('Transpose', [Y], `${id}/y_ntdu`, [{ name: 'perm', ints: [2, 0, 1, 3] }]);
    y = this.merge(y, nd, U, mergeMode, `${id}/y`, 2);
    if (plan) {
      const ax2 = g.int64(`${id}/ax2`, [2]);
      if (bidirectional) {
        // Keras's Bidirectional zeroes padded steps (zero_output_for_mask = return_sequences).
        y = this.gatherSteps(y, plan.back, `${id}/unpacked`);
        y = g.op('Mul', [y, g.op('Unsqueeze', [plan.validF, ax2], `${id}/valid3`)], `${id}/y_masked`);
      } else {
        y = this.gatherSteps(y, plan.back, `${id}/unpacked`);
        y = g.op('Mul', [y, g.op('Unsqueeze', [plan.started, ax2], `${id}/started3`)], `${id}/y_masked`);
      }
    }
    return y;
  }

  /** Merges the direction axis `axis` (size nd) of a [..., nd, U] tensor: concat -> [..., nd*U], sum -> [..., U]. */
  private merge(v: string, nd: number, U: number, mode: string, hint: string, axis: number): string {
    const g = this.g;
    if (nd === 1 || mode !== 'sum') {
      const shape = axis === 1 ? [0, nd * U] : [0, 0, nd * U];
      return g.op('Reshape', [v, g.int64(`${hint}/shape`, shape)], hint);
    }
    return g.op('ReduceSum', [v, g.int64(`${hint}/axis`, [axis])], hint, [{ name: 'keepdims', int: 0 }]);
  }

  run(): Uint8Array {
    const graph = buildGraph(this.model.spec);
    for (const n of graph.nodes) this.values.set(n.spec.id, this.layer(n));
    const out = this.value(graph.output.spec.id);
    const raw = this.pre?.targets ? onnxPostprocess(this.g, this.nhwc(out), this.pre.targets) : this.nhwc(out);
    const y = this.g.op('Identity', [raw], 'output');
    this.g.output(y, DT.FLOAT, ['N', ...graph.output.out.shape]);
    return this.g.toModel((this.model.spec.name ?? 'model').replace(/[^A-Za-z0-9_.-]/g, '_'), {
      'webgpu-playground:loss': this.model.spec.loss,
      ...(this.pre ? { [`webgpu-playground:${PREPROCESSING_KEY}`]: preprocessingJson(this.pre) } : {}),
    });
  }
}

/** ONNX pads [top, left, bottom, right]: before from the geometry, after whatever the output needs. */
function explicitPads(H: number, W: number, OH: number, OW: number, KH: number, KW: number, SH: number, SW: number, top: number, left: number): number[] {
  const bottom = Math.max((OH - 1) * SH + KH - H - top, 0);
  const right = Math.max((OW - 1) * SW + KW - W - left, 0);
  return [top, left, bottom, right];
}

/** Keras [rows, G*U] (gate blocks along columns) -> ONNX [G*U, rows] with blocks in ONNX order. */
function reorder(k: Float32Array, rows: number, U: number, perm: number[], out: Float32Array): void {
  const GU = perm.length * U;
  perm.forEach((kb, ob) => {
    for (let u = 0; u < U; u++) for (let r = 0; r < rows; r++) out[(ob * U + u) * rows + r] = k[r * GU + kb * U + u];
  });
}

export function exportOnnx(model: TrainedModel): ExportFile[] {
  return [{ name: ONNX_FILE, data: new Exporter(model).run() }];
}
