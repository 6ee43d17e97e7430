/**
 * SimpleRNN, LSTM and GRU (Keras semantics and weight layout): input [T, F] float32, output
 * [T, units] (returnSequences) or [units] (the last h). Params: weight = kernel [F, G*U],
 * recurrent_weight = recurrent kernel [U, G*U], bias [G*U] (GRU: [2, G*U], input then recurrent).
 *
 * Forward: one dense_forward for the input projection of all B*T rows (x·W + b_in), then ONE
 * fused *_step_forward per timestep (h_{t-1}·U, gates, state update, h/c/gates kept for
 * backward) -> T + 1 dispatches.
 * Backward: ONE fused *_step_backward per timestep from T-1 down to 0 (dh from the next step's
 * gate gradients times Uᵀ, gate gradients, carried dh/dc), then dense_backward_weight twice
 * (dW = xᵀ·dZ with db = Σ dZ; dU = hpᵀ·dZr over all rows, hp = h_{t-1} saved by the forward
 * steps, with GRU's recurrent bias), and dense_backward_input (dx = dZ·Wᵀ) when x needs a gradient
 * -> T + 2 (+1) dispatches.
 * Every timestep uses the same pipeline; t comes from a 16-byte window of a constants buffer
 * bound at offset t*256 (one bind group per timestep).
 * Masking: when the compiler sets NodeView.maskIds (the id of the node whose value holds the
 * [B, T] int32 token ids of an upstream Embedding with maskZero), steps with id 0 carry state.
 */
import { ceilDiv, type Binding, type Emitter, type LayerDef, type NodeView, type ParamDecl } from './layer';
import { actCode } from './activation-codes';
import { denseUsesVec4 } from './dense';
import { ACTIVATIONS, type GRULayer, type LSTMLayer, type RecurrentLayer, type SimpleRNNLayer } from '../spec';
import { gateCount, recurrentForwardRef, type CellActivation, type CellKind } from '../reference/recurrent';
import type { KernelId } from '../../gpu/kernels';

const CELL_ACTIVATIONS = ['linear', 'relu', 'sigmoid', 'tanh'];
/** Bytes between the per-timestep windows of the t buffer (minStorageBufferOffsetAlignment). */
const T_STRIDE = 256;

/** ParamDecl names are 'weight' | 'bias' in layer.ts; the recurrent kernel needs a third. */
export const RECURRENT_WEIGHT: ParamDecl['name'] = 'recurrent_weight';

/** Optional compiler-provided fields (see the module comment). */
export interface RecurrentNodeExtras {
  /** Node id whose value is the [B, T] int32 token ids to mask on (id 0 = padding). */
  maskIds?: string;
  /** Reference only: the same ids as numbers. */
  maskValues?: ArrayLike<number>;
}

const STEP: Record<CellKind, { fwd: KernelId; bwd: KernelId }> = {
  SimpleRNN: { fwd: 'simple_rnn_step_forward', bwd: 'simple_rnn_step_backward' },
  LSTM: { fwd: 'lstm_step_forward', bwd: 'lstm_step_backward' },
  GRU: { fwd: 'gru_step_forward', bwd: 'gru_step_backward' },
};

/** The u32 buffer whose word t*64 is t, shared by all recurrent layers with the same T. */
export function timestepWords(T: number): Uint32Array {
  const a = new Uint32Array(T * (T_STRIDE / 4));
  for (let t = 0; t < T; t++) a[t * (T_STRIDE / 4)] = t;
  return a;
}

interface Dims {
  kind: CellKind;
  B: number;
  T: number;
  F: number;
  U: number;
  G: number;
  GU: number;
  M: number;
  seq: boolean;
  hasBias: boolean;
}

function dims(e: Emitter, n: NodeView<RecurrentLayer>): Dims {
  const kind = n.spec.type;
  const [T, F] = n.inputs[0].shape;
  const U = n.spec.units;
  const G = gateCount(kind);
  return { kind, B: e.batch, T, F, U, G, GU: G * U, M: e.batch * T, seq: n.spec.returnSequences === true, hasBias: n.spec.useBias !== false };
}

function recurrentActivation(l: RecurrentLayer): string {
  return l.type === 'SimpleRNN' ? 'sigmoid' : (l.recurrentActivation ?? 'sigmoid');
}

function stepConstants(d: Dims, n: NodeView<RecurrentLayer>, mask: boolean) {
  const o = n.paramOffsets;
  return {
    B: d.B,
    T: d.T,
    U: d.U,
    R_OFF: o[RECURRENT_WEIGHT],
    RB_OFF: d.kind === 'GRU' && d.hasBias ? o.bias + d.GU : 0,
    HAS_BIAS: d.hasBias,
    ACT: actCode(n.spec.activation ?? 'tanh'),
    RACT: actCode(recurrentActivation(n.spec)),
    MASK: mask,
  };
}

/** Scratch buffers of one layer (created once, shared by its forward and backward). */
function buffers(e: Emitter, n: NodeView<RecurrentLayer>, d: Dims) {
  const id = n.spec.id;
  const tbuf = e.constants(`recurrent:t${d.T}`, timestepWords(d.T));
  const maskIds = (n as RecurrentNodeExtras).maskIds;
  return {
    tAt: (t: number): Binding => ({ buffer: tbuf, offset: t * T_STRIDE, size: 16 }),
    ids: maskIds ? e.value(maskIds) : tbuf,
    mask: Boolean(maskIds),
    proj: e.scratch(`${id}:proj`, d.M * d.GU),
    h: d.seq ? e.value(id) : e.scratch(`${id}:h`, d.M * d.U),
    last: d.seq ? e.scratch(`${id}:last`, d.B * d.U) : e.value(id),
    hp: e.scratch(`${id}:hp`, d.M * d.U),
    gates: d.kind === 'SimpleRNN' ? null : e.scratch(`${id}:gates`, d.M * 4 * d.U),
    c: d.kind === 'LSTM' ? e.scratch(`${id}:c`, d.M * d.U) : null,
  };
}

function denseConsts(d: Dims, n: NodeView<RecurrentLayer>) {
  return { M: d.M, K: d.F, N: d.GU, ACT: 0, HAS_BIAS: d.hasBias, W_OFF: n.paramOffsets.weight, B_OFF: n.paramOffsets.bias ?? 0 };
}

function forward(e: Emitter, n: NodeView<RecurrentLayer>): void {
  const d = dims(e, n);
  const bufs = buffers(e, n, d);
  const v4 = denseUsesVec4(d.F, d.GU);
  e.dispatch(v4 ? 'dense_forward_vec4' : 'dense_forward', denseConsts(d, n), [e.value(n.inputs[0].id), e.params, bufs.proj], [ceilDiv(d.GU, v4 ? 64 : 32), ceilDiv(d.M, 32)]);
  const c = stepConstants(d, n, bufs.mask);
  const wg: [number] = [ceilDiv(d.B * d.U, 64)];
  for (let t = 0; t < d.T; t++) {
    const b: Binding[] = [bufs.tAt(t), e.params, bufs.proj, bufs.ids, bufs.h, bufs.last, bufs.hp];
    if (bufs.gates) b.push(bufs.gates);
    if (bufs.c) b.push(bufs.c);
    e.dispatch(STEP[d.kind].fwd, c, b, wg);
  }
}

function backward(e: Emitter, n: NodeView<RecurrentLayer>): void {
  const d = dims(e, n);
  const bufs = buffers(e, n, d);
  const id = n.spec.id;
  const dz = e.scratch(`${id}:dz`, d.M * d.GU);
  const dhc = e.scratch(`${id}:dhc`, d.B * d.U);
  const dzr = d.kind === 'GRU' ? e.scratch(`${id}:dzr`, d.M * d.GU) : dz;
  const dc = d.kind === 'LSTM' ? e.scratch(`${id}:dc`, d.B * d.U) : null;
  const dy = e.outputGrad(id);
  const c = { ...stepConstants(d, n, bufs.mask), SEQ: d.seq };
  const wg: [number] = [ceilDiv(d.B * d.U, 64)];
  for (let t = d.T - 1; t >= 0; t--) {
    const b: Binding[] = [bufs.tAt(t), e.params, dy, bufs.ids, d.kind === 'LSTM' ? bufs.c! : bufs.h, dz, dhc];
    if (d.kind === 'LSTM') b.push(bufs.gates!, dc!);
    if (d.kind === 'GRU') b.push(bufs.gates!, dzr);
    e.dispatch(STEP[d.kind].bwd, c, b, wg);
  }
  const x = e.value(n.inputs[0].id);
  const dc0 = denseConsts(d, n);
  const v4 = denseUsesVec4(d.F, d.GU);
  e.dispatch(v4 ? 'dense_backward_weight_vec4' : 'dense_backward_weight', dc0, [x, dz, dz, e.grads], [ceilDiv(d.GU, 32), ceilDiv(d.F, 32)]);
  const rv4 = denseUsesVec4(d.U, d.GU);
  e.dispatch(
    rv4 ? 'dense_backward_weight_vec4' : 'dense_backward_weight',
    { M: d.M, K: d.U, N: d.GU, ACT: 0, HAS_BIAS: d.kind === 'GRU' && d.hasBias, W_OFF: n.paramOffsets[RECURRENT_WEIGHT], B_OFF: c.RB_OFF },
    [bufs.hp, dzr, dzr, e.grads],
    [ceilDiv(d.GU, 32), ceilDiv(d.U, 32)],
  );
  const dx = e.inputGrad(n, 0);
  if (dx) {
    e.dispatch(v4 ? 'dense_backward_input_vec4' : 'dense_backward_input', { ...dc0, ACCUMULATE: dx.accumulate }, [dz, dz, e.params, dx.buffer], [ceilDiv(d.F, 32), ceilDiv(d.M, 32)]);
  }
}

function makeDef<L extends RecurrentLayer>(type: L['type'], summary: string): LayerDef<L> {
  const kind = type as CellKind;
  return {
    type,
    arity: [1, 1],
    summary,
    infer(layer, [x], err) {
      let ok = true;
      if (typeof layer.units !== 'number' || !Number.isInteger(layer.units) || layer.units < 1) {
        err('units', `units must be a positive whole number (got ${layer.units})`);
        ok = false;
      }
      if (layer.activation !== undefined && !CELL_ACTIVATIONS.includes(layer.activation)) {
        err('activation', ACTIVATIONS.includes(layer.activation) ? `activation "${layer.activation}" is not supported inside a ${type} cell (use linear, relu, sigmoid or tanh)` : `unknown activation "${layer.activation}"`);
        ok = false;
      }
      const ra = (layer as LSTMLayer | GRULayer).recurrentActivation;
      if (kind !== 'SimpleRNN' && ra !== undefined && !CELL_ACTIVATIONS.includes(ra)) {
        err('recurrentActivation', `recurrentActivation must be linear, relu, sigmoid or tanh (got "${ra}")`);
        ok = false;
      }
      if (layer.returnSequences !== undefined && typeof layer.returnSequences !== 'boolean') {
        err('returnSequences', `returnSequences must be true or false (got ${JSON.stringify(layer.returnSequences)})`);
        ok = false;
      }
      if (kind === 'GRU' && (layer as GRULayer).resetAfter === false) {
        err('resetAfter', 'only resetAfter: true (the Keras 2+ default) is supported');
        ok = false;
      }
      if (x.dtype !== 'float32') {
        err('inputs', `${type} needs float sequences [T, features]; token ids need an Embedding first`);
        return null;
      }
      if (x.shape.length !== 2) {
        err('inputs', `${type} expects a sequence [timesteps, features], got [${x.shape.join(', ')}]`);
        return null;
      }
      if (!ok) return null;
      return { shape: layer.returnSequences ? [x.shape[0], layer.units] : [layer.units], dtype: 'float32' };
    },
    params(layer, [x]) {
      const F = x.shape[1];
      const U = layer.units;
      const GU = gateCount(kind) * U;
      // Keras: recurrent kernel 'orthogonal', LSTM bias with the forget block at 1 (unitForgetBias).
      const out: ParamDecl[] = [
        { name: 'weight', shape: [F, GU], init: 'glorot_uniform', decay: true, fanIn: F, fanOut: GU },
        { name: RECURRENT_WEIGHT, shape: [U, GU], init: 'orthogonal', decay: true, fanIn: U, fanOut: GU },
      ];
      const forgetBias = layer.type === 'LSTM' && layer.unitForgetBias !== false;
      if (layer.useBias !== false) out.push({ name: 'bias', shape: kind === 'GRU' ? [2, GU] : [GU], init: forgetBias ? 'unit_forget_bias' : 'zeros', decay: false, fanIn: F, fanOut: GU });
      return out;
    },
    forward: (e, n) => forward(e, n as NodeView<RecurrentLayer>),
    backward: (e, n) => backward(e, n as NodeView<RecurrentLayer>),
    reference(layer, n, [x], params, batch) {
      const [T, F] = n.inputs[0].shape;
      return recurrentForwardRef(
        {
          kind,
          B: batch,
          T,
          F,
          U: layer.units,
          activation: (layer.activation ?? 'tanh') as CellActivation,
          recurrentActivation: recurrentActivation(layer) as CellActivation,
          returnSequences: layer.returnSequences === true,
        },
        x,
        { kernel: params.weight, recurrent: params[RECURRENT_WEIGHT], bias: params.bias ?? null },
        (n as RecurrentNodeExtras).maskValues ?? null,
      );
    },
  };
}

export const simpleRNN = makeDef<SimpleRNNLayer>('SimpleRNN', 'Recurrent layer: h_t = act(x_t W + h_{t-1} U + b)');
export const lstm = makeDef<LSTMLayer>('LSTM', 'Long short-term memory: gated recurrent layer with a cell state');
export const gru = makeDef<GRULayer>('GRU', 'Gated recurrent unit (reset_after, CuDNN-compatible)');

