/**
 * SimpleRNN, LSTM and GRU (Keras semantics and weight layout): input [T, F] float32, output
 * [T, units] (returnSequences) or [units] (the last h). Params: weight = kernel [F, G*U],
 * recurrent_weight = recurrent kernel [U, G*U], bias [G*U] (GRU: [2, G*U], input then recurrent).
 *
 * Forward: one dense_forward for the input projection of all B*T rows (x·W + b_in), then ONE
 * fused *_step_forward per timestep (h_{t-1}·U, gates, state update, h/c/gates kept for
 * backward) -> T + 1 dispatches.
 * Backward: ONE fused *_step_backward per timestep from T-1 down to 0 (dh from the next step's
 * gate gradients times Uᵀ, gate gradients, carried dh/dc), then dense_backward_weight(_vec4_8x8) twice
 * (dW = xᵀ·dZ with db = Σ dZ; dU = hpᵀ·dZr over all rows, hp = h_{t-1} saved by the forward
 * steps, with GRU's recurrent bias), and dense_backward_input (dx = dZ·Wᵀ) when x needs a gradient
 * -> T + 2 (+1) dispatches (dx: dense_backward_input(_vec4_8x8)).
 * Every timestep uses the same pipeline; t comes from a 16-byte window of a constants buffer
 * bound at offset t*256 (one bind group per timestep). With units % 4 == 0 the steps are the
 * *_vec4 kernels (4 batch rows x 4 units per invocation, vec4 loads of the Keras-layout recurrent
 * kernel, no extra copies or dispatches); otherwise the scalar ones (one invocation per (b, u)).
 * Masking: when the compiler sets NodeView.maskIds (the id of the node whose value holds the
 * [B, T] int32 token ids of an upstream Embedding with maskZero), steps with id 0 carry state.
 * emitCellForward / emitCellBackward emit one direction (a CellRun); Bidirectional runs them
 * twice, the second with reverse (REVERSE in recurrent.wgsl: steps dispatched T-1..0).
 */
import { type Binding, type Emitter, type ErrorSink, type GradTarget, type LayerDef, type NodeView, type ParamDecl, type TensorType } from './layer';
import { actCode } from './activation-codes';
import { denseBackwardInput, denseBackwardWeight, denseForward } from '../../kernels/dense/dense';
import { recurrentStepBackward, recurrentStepForward, type RecurrentStepShape } from '../../kernels/recurrent/recurrent';
import { ACTIVATIONS, type BidirectionalLayer, type GRULayer, type LSTMLayer, type RecurrentLayer, type SimpleRNNLayer } from '../spec';
import { CELL_ACTIVATIONS } from './fields';
import { CELL_CONSUMES, CELL_FIELDS, CELL_STORED_FIELDS, cellDetail, cellFlops, cellPasses } from './recurrent-meta';
import { gateCount, recurrentForwardRef, type CellActivation, type CellKind, type RecurrentDims } from '../reference/recurrent';

/** Bytes between the per-timestep windows of the t buffer (minStorageBufferOffsetAlignment). */
const T_STRIDE = 256;

/** The recurrent kernel's ParamDecl name (Bidirectional prefixes all three with forward_/backward_). */
export const RECURRENT_WEIGHT: ParamDecl['name'] = 'recurrent_weight';

/** Optional compiler-provided fields (see the module comment). */
export interface RecurrentNodeExtras {
  /** Node id whose value is the [B, T] int32 token ids to mask on (id 0 = padding). */
  maskIds?: string;
  /** Reference only: the same ids as numbers. */
  maskValues?: ArrayLike<number>;
}

/** The u32 buffer whose word t*64 is t, shared by all recurrent layers with the same T. */
export function timestepWords(T: number): Uint32Array {
  const a = new Uint32Array(T * (T_STRIDE / 4));
  for (let t = 0; t < T; t++) a[t * (T_STRIDE / 4)] = t;
  return a;
}

/** The cell hyperparameters: a recurrent layer spec without id and inputs (what Bidirectional wraps). */
export type CellSpec = BidirectionalLayer['layer'];

/**
 * One direction of a recurrent layer as the emitters see it: a plain layer is one run, a
 * Bidirectional layer two (the second with reverse) sharing the input.
 */
export interface CellRun {
  /** Prefix of this run's scratch buffers (unique per direction). */
  key: string;
  cell: CellSpec;
  /** Input node id and its shape [T, F]. */
  input: { id: string; shape: number[] };
  /** Flat-parameter offsets of kernel, recurrent kernel and bias (absent without bias). */
  offsets: { weight: number; recurrent: number; bias?: number };
  /** Process t = T-1..0 (outputs stay at their own t). */
  reverse: boolean;
  maskIds?: string;
  /** h of every step [B*T, U] and the latest h [B, U]: value or scratch buffers. */
  h: GPUBuffer;
  last: GPUBuffer;
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

function dims(e: Emitter, run: CellRun): Dims {
  const kind = run.cell.type;
  const [T, F] = run.input.shape;
  const U = run.cell.units;
  const G = gateCount(kind);
  return { kind, B: e.batch, T, F, U, G, GU: G * U, M: e.batch * T, seq: run.cell.returnSequences === true, hasBias: run.cell.useBias !== false };
}

function recurrentActivation(l: CellSpec): string {
  return l.type === 'SimpleRNN' ? 'sigmoid' : (l.recurrentActivation ?? 'sigmoid');
}

function stepShape(d: Dims, run: CellRun): RecurrentStepShape {
  return {
    kind: d.kind,
    B: d.B,
    T: d.T,
    U: d.U,
    rOff: run.offsets.recurrent,
    rbOff: d.kind === 'GRU' && d.hasBias ? run.offsets.bias! + d.GU : 0,
    hasBias: d.hasBias,
    act: actCode(run.cell.activation ?? 'tanh'),
    ract: actCode(recurrentActivation(run.cell)),
    masked: Boolean(run.maskIds),
    reverse: run.reverse,
  };
}

/** Timesteps in processing order (forward pass); the backward pass walks it reversed. */
function stepOrder(d: Dims, run: CellRun): number[] {
  const ts = Array.from({ length: d.T }, (_, t) => t);
  return run.reverse ? ts.reverse() : ts;
}

/** Scratch buffers of one run (created once, shared by its forward and backward). */
function buffers(e: Emitter, run: CellRun, d: Dims) {
  const tbuf = e.constants(`recurrent:t${d.T}`, timestepWords(d.T));
  const key = run.key;
  return {
    tAt: (t: number): Binding => ({ buffer: tbuf, offset: t * T_STRIDE, size: 16 }),
    ids: run.maskIds ? e.value(run.maskIds) : tbuf,
    proj: e.scratch(`${key}:proj`, d.M * d.GU),
    hp: e.scratch(`${key}:hp`, d.M * d.U),
    gates: d.kind === 'SimpleRNN' ? null : e.scratch(`${key}:gates`, d.M * 4 * d.U),
    c: d.kind === 'LSTM' ? e.scratch(`${key}:c`, d.M * d.U) : null,
  };
}

/** The input projection x·W + b_in as a dense matmul over all B*T rows. */
function inputMatmul(e: Emitter, d: Dims, run: CellRun) {
  return { rows: d.M, in: d.F, out: d.GU, params: e.params, hasBias: d.hasBias, wOff: run.offsets.weight, bOff: run.offsets.bias };
}

/** Forward of one run: the input projection, then one fused step per timestep (T + 1 dispatches). */
export function emitCellForward(e: Emitter, run: CellRun): void {
  const d = dims(e, run);
  const bufs = buffers(e, run, d);
  denseForward(e, { ...inputMatmul(e, d, run), x: e.value(run.input.id), y: bufs.proj });
  const shape = stepShape(d, run);
  for (const t of stepOrder(d, run)) {
    recurrentStepForward(e, { ...shape, t: bufs.tAt(t), params: e.params, proj: bufs.proj, ids: bufs.ids, h: run.h, last: run.last, hp: bufs.hp, gates: bufs.gates, c: bufs.c });
  }
}

/**
 * Backward of one run from dy ([B*T, U] with returnSequences, else [B, U]): one fused step per
 * timestep in reverse processing order, then the weight-gradient matmuls and dx (T + 2 (+1)).
 */
export function emitCellBackward(e: Emitter, run: CellRun, dy: GPUBuffer, dx: GradTarget | null): void {
  const d = dims(e, run);
  const bufs = buffers(e, run, d);
  const key = run.key;
  const dz = e.scratch(`${key}:dz`, d.M * d.GU);
  const dhc = e.scratch(`${key}:dhc`, d.B * d.U);
  const dzr = d.kind === 'GRU' ? e.scratch(`${key}:dzr`, d.M * d.GU) : dz;
  const dc = d.kind === 'LSTM' ? e.scratch(`${key}:dc`, d.B * d.U) : null;
  const shape = stepShape(d, run);
  for (const t of stepOrder(d, run).reverse()) {
    const state = d.kind === 'LSTM' ? bufs.c! : run.h;
    recurrentStepBackward(e, { ...shape, seq: d.seq, t: bufs.tAt(t), params: e.params, dy, ids: bufs.ids, state, dz, dhc, gates: bufs.gates, dc, dzr });
  }
  // dW = xᵀ·dz (+ db) and dU = hpᵀ·dzr (+ GRU's recurrent bias) over all B*T rows, and dx = dz·Wᵀ:
  // the 8x8-block vec4 kernels when vec4 applies (long reductions: fewer loads per FMA pay off).
  const m = inputMatmul(e, d, run);
  denseBackwardWeight(e, { ...m, x: e.value(run.input.id), dy: dz, grads: e.grads });
  const rec = { rows: d.M, in: d.U, out: d.GU, hasBias: d.kind === 'GRU' && d.hasBias, wOff: run.offsets.recurrent, bOff: shape.rbOff };
  denseBackwardWeight(e, { ...rec, x: bufs.hp, dy: dzr, grads: e.grads });
  if (dx) denseBackwardInput(e, { ...m, dy: dz, dx: dx.buffer, accumulate: dx.accumulate });
}

/** The single run of a plain SimpleRNN / LSTM / GRU layer: its output is h (returnSequences) or last. */
function layerRun(e: Emitter, n: NodeView<RecurrentLayer>): CellRun {
  const id = n.spec.id;
  const [T] = n.inputs[0].shape;
  const U = n.spec.units;
  const seq = n.spec.returnSequences === true;
  const o = n.paramOffsets;
  return {
    key: id,
    cell: n.spec,
    input: n.inputs[0],
    offsets: { weight: o.weight, recurrent: o[RECURRENT_WEIGHT], bias: o.bias },
    reverse: false,
    maskIds: (n as RecurrentNodeExtras).maskIds,
    h: seq ? e.value(id) : e.scratch(`${id}:h`, e.batch * T * U),
    last: seq ? e.scratch(`${id}:last`, e.batch * U) : e.value(id),
  };
}

function forward(e: Emitter, n: NodeView<RecurrentLayer>): void {
  emitCellForward(e, layerRun(e, n));
}

function backward(e: Emitter, n: NodeView<RecurrentLayer>): void {
  emitCellBackward(e, layerRun(e, n), e.outputGrad(n.spec.id), e.inputGrad(n, 0));
}

const CELL_FIELDS_OK = (v: unknown) => v === undefined || (typeof v === 'string' && CELL_ACTIVATIONS.includes(v));

/** Checks the cell's fields (errors named by field) and infers its output for input x. */
export function inferCell(layer: CellSpec, x: TensorType, err: ErrorSink): TensorType | null {
  const type = layer.type;
  let ok = true;
  if (type !== 'SimpleRNN' && type !== 'LSTM' && type !== 'GRU') {
    err('type', `the wrapped layer must be SimpleRNN, LSTM or GRU (got ${JSON.stringify(type)})`);
    return null;
  }
  if (typeof layer.units !== 'number' || !Number.isInteger(layer.units) || layer.units < 1) {
    err('units', `units must be a positive whole number (got ${layer.units})`);
    ok = false;
  }
  if (!CELL_FIELDS_OK(layer.activation)) {
    err('activation', ACTIVATIONS.includes(layer.activation!) ? `activation "${layer.activation}" is not supported inside a ${type} cell (use linear, relu, sigmoid or tanh)` : `unknown activation "${layer.activation}"`);
    ok = false;
  }
  const ra = (layer as LSTMLayer | GRULayer).recurrentActivation;
  if (type !== 'SimpleRNN' && !CELL_FIELDS_OK(ra)) {
    err('recurrentActivation', `recurrentActivation must be linear, relu, sigmoid or tanh (got "${ra}")`);
    ok = false;
  }
  if (layer.returnSequences !== undefined && typeof layer.returnSequences !== 'boolean') {
    err('returnSequences', `returnSequences must be true or false (got ${JSON.stringify(layer.returnSequences)})`);
    ok = false;
  }
  if (type === 'GRU' && (layer as GRULayer).resetAfter === false) {
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
}

/** The cell's parameters over F input features, names optionally prefixed ('forward_', 'backward_'). */
export function cellParams(layer: CellSpec, F: number, prefix: '' | 'forward_' | 'backward_' = ''): ParamDecl[] {
  const U = layer.units;
  const GU = gateCount(layer.type) * U;
  // Keras: recurrent kernel 'orthogonal', LSTM bias with the forget block at 1 (unitForgetBias).
  const out: ParamDecl[] = [
    { name: `${prefix}weight`, shape: [F, GU], init: 'glorot_uniform', decay: true, fanIn: F, fanOut: GU },
    { name: `${prefix}recurrent_weight`, shape: [U, GU], init: 'orthogonal', decay: true, fanIn: U, fanOut: GU },
  ];
  const forgetBias = layer.type === 'LSTM' && layer.unitForgetBias !== false;
  if (layer.useBias !== false) out.push({ name: `${prefix}bias`, shape: layer.type === 'GRU' ? [2, GU] : [GU], init: forgetBias ? 'unit_forget_bias' : 'zeros', decay: false, fanIn: F, fanOut: GU });
  return out;
}

/** The reference dims of a cell over input [T, F] (see ../reference/recurrent.ts). */
export function cellDims(layer: CellSpec, shape: number[], batch: number): RecurrentDims {
  const [T, F] = shape;
  return {
    kind: layer.type,
    B: batch,
    T,
    F,
    U: layer.units,
    activation: (layer.activation ?? 'tanh') as CellActivation,
    recurrentActivation: recurrentActivation(layer) as CellActivation,
    returnSequences: layer.returnSequences === true,
  };
}

function makeDef<L extends RecurrentLayer>(type: L['type'], summary: string): LayerDef<L> {
  return {
    type,
    arity: [1, 1],
    summary,
    fields: CELL_FIELDS[type],
    storedFields: CELL_STORED_FIELDS[type],
    initial: { units: 32 } as Omit<L, 'id' | 'type' | 'inputs'>,
    activation: 'none',
    mask: { passes: (l) => cellPasses(l.returnSequences), consumes: CELL_CONSUMES },
    flops: (l, [x]) => cellFlops(l.type, l.units, x ?? []),
    detail: (l) => cellDetail(l.units, l.returnSequences),
    infer: (layer, [x], err) => inferCell(layer, x, err),
    params: (layer, [x]) => cellParams(layer, x.shape[1]),
    forward: (e, n) => forward(e, n as NodeView<RecurrentLayer>),
    backward: (e, n) => backward(e, n as NodeView<RecurrentLayer>),
    reference: (layer, n, [x], params, batch) =>
      recurrentForwardRef(cellDims(layer, n.inputs[0].shape, batch), x, { kernel: params.weight, recurrent: params[RECURRENT_WEIGHT], bias: params.bias ?? null }, (n as RecurrentNodeExtras).maskValues),
  };
}

export const simpleRNN = makeDef<SimpleRNNLayer>('SimpleRNN', 'Recurrent layer: h_t = act(x_t W + h_{t-1} U + b)');
export const lstm = makeDef<LSTMLayer>('LSTM', 'Long short-term memory: gated recurrent layer with a cell state');
export const gru = makeDef<GRULayer>('GRU', 'Gated recurrent unit (reset_after, CuDNN-compatible)');
