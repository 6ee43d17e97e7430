/**
 * The recurrent rows of the ONNX table (onnx-layers.ts): SimpleRNN / LSTM / GRU -> the ONNX RNN /
 * LSTM / GRU ops with weights reordered to ONNX's gate order (LSTM i,o,f,c from Keras i,f,c,o; GRU
 * z,r,h with linear_before_reset=1, which is Keras's reset_after) and Bidirectional ->
 * direction="bidirectional".
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
import { maskSource, type GraphNode } from '../../engine/graph';
import type { BidirectionalLayer, RecurrentLayer } from '../../engine/spec';
import { DT, type Attr, type OnnxGraph } from './onnx-graph';
import { ONNX_ACT, OnnxExportError, type OnnxContext, type OnnxRow } from './onnx-context';

type CellType = 'SimpleRNN' | 'LSTM' | 'GRU';
interface CellConfig {
  type: CellType;
  units: number;
  activation?: string;
  recurrentActivation?: string;
  returnSequences?: boolean;
  useBias?: boolean;
}

/** ONNX gate block -> Keras gate block. */
const GATE_PERM: Record<CellType, number[]> = { SimpleRNN: [0], LSTM: [0, 3, 1, 2], GRU: [0, 1, 2] };

type MaskPlan = ReturnType<typeof maskPlan>;
/** Per graph, the mask plan of each ids value (shared by the recurrent layers it masks). */
const maskCache = new WeakMap<OnnxGraph, Map<string, MaskPlan>>();

/** Per ids value: the compaction and length tensors of the masking scheme (module comment). */
function maskPlan(g: OnnxGraph, idsName: string, T: number) {
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
function gatherSteps(g: OnnxGraph, x: string, idx: string, hint: string): string {
  const idx3 = g.op('Expand', [g.op('Unsqueeze', [idx, g.int64(`${hint}/ax2`, [2])], `${hint}/idx3`), g.op('Shape', [x], `${hint}/shape`)], `${hint}/idx`);
  return g.op('GatherElements', [x, idx3], hint, [{ name: 'axis', int: 1 }]);
}

/** The ONNX RNN / LSTM / GRU of a recurrent node (Bidirectional: its cell, both directions). */
export function recurrentOnnx(c: OnnxContext, n: GraphNode, cell: CellConfig, bidirectional: boolean, mergeMode: string): string {
  const g = c.g;
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
    reorder(c.tensor(id, pname(d, 'weight')), F, U, GATE_PERM[type], W.subarray(di * G * U * F, (di + 1) * G * U * F));
    reorder(c.tensor(id, pname(d, 'recurrent_weight')), U, U, GATE_PERM[type], R.subarray(di * G * U * U, (di + 1) * G * U * U));
    if (hasBias) {
      const b = c.tensor(id, pname(d, 'bias'));
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
  let x = c.value(n.inputs[0].spec.id).name;
  let plan: MaskPlan | null = null;
  if (maskIds) {
    const ids = c.value(maskIds).name;
    let cache = maskCache.get(g);
    if (!cache) maskCache.set(g, (cache = new Map()));
    plan = cache.get(ids) ?? maskPlan(g, ids, T);
    cache.set(ids, plan);
    x = gatherSteps(g, x, plan.order, `${id}/packed`);
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
    h = merge(g, h, nd, U, mergeMode, `${id}/h`, 1);
    if (plan) h = g.op('Mul', [h, g.op('Unsqueeze', [plan.anyValid, g.int64(`${id}/ax1`, [1])], `${id}/any`)], `${id}/h_masked`);
    return h;
  }
  // [T, nd, N, U] -> [N, T, nd, U] -> merge to [N, T, nd*U or U].
  let y = g.op('Transpose', [Y], `${id}/y_ntdu`, [{ name: 'perm', ints: [2, 0, 1, 3] }]);
  y = merge(g, y, nd, U, mergeMode, `${id}/y`, 2);
  if (plan) {
    const ax2 = g.int64(`${id}/ax2`, [2]);
    if (bidirectional) {
      // Keras's Bidirectional zeroes padded steps (zero_output_for_mask = return_sequences).
      y = gatherSteps(g, y, plan.back, `${id}/unpacked`);
      y = g.op('Mul', [y, g.op('Unsqueeze', [plan.validF, ax2], `${id}/valid3`)], `${id}/y_masked`);
    } else {
      y = gatherSteps(g, y, plan.back, `${id}/unpacked`);
      y = g.op('Mul', [y, g.op('Unsqueeze', [plan.started, ax2], `${id}/started3`)], `${id}/y_masked`);
    }
  }
  return y;
}

/** Merges the direction axis `axis` (size nd) of a [..., nd, U] tensor: concat -> [..., nd*U], sum -> [..., U]. */
function merge(g: OnnxGraph, v: string, nd: number, U: number, mode: string, hint: string, axis: number): string {
  if (nd === 1 || mode !== 'sum') {
    const shape = axis === 1 ? [0, nd * U] : [0, 0, nd * U];
    return g.op('Reshape', [v, g.int64(`${hint}/shape`, shape)], hint);
  }
  return g.op('ReduceSum', [v, g.int64(`${hint}/axis`, [axis])], hint, [{ name: 'keepdims', int: 0 }]);
}

/** Keras [rows, G*U] (gate blocks along columns) -> ONNX [G*U, rows] with blocks in ONNX order. */
function reorder(k: Float32Array, rows: number, U: number, perm: number[], out: Float32Array): void {
  const GU = perm.length * U;
  perm.forEach((kb, ob) => {
    for (let u = 0; u < U; u++) for (let r = 0; r < rows; r++) out[(ob * U + u) * rows + r] = k[r * GU + kb * U + u];
  });
}

export const recurrentRow: OnnxRow<RecurrentLayer> = (l, n, _x, c) => ({ name: recurrentOnnx(c, n, l, false, 'concat'), nchw: false });

export const bidirectionalRow: OnnxRow<BidirectionalLayer> = (l, n, _x, c) => ({ name: recurrentOnnx(c, n, { ...l.layer } as CellConfig, true, l.mergeMode ?? 'concat'), nchw: false });
