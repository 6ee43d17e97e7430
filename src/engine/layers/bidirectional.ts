/**
 * Bidirectional(SimpleRNN | LSTM | GRU), Keras semantics: the wrapped cell runs over the sequence
 * forwards and, with its own weights, backwards (reading x_{T-1} .. x_0); the two outputs merge by
 * concat (forward units, then backward units; the default) or sum. With returnSequences the
 * backward run's outputs are in the input's time order (as Keras flips them back); without it each
 * direction gives its final state (forward: after x_{T-1}; backward: after x_0).
 * Input [T, F] float32 -> [T, W] (returnSequences) or [W]; W = 2U (concat) or U (sum).
 * Params: forward_weight [F, GU], forward_recurrent_weight [U, GU], forward_bias [GU] (GRU [2, GU]),
 * then the same three with backward_: each direction is exactly the wrapped layer's (recurrent.ts).
 *
 * Both directions are the recurrent layer's own emission (emitCellForward / emitCellBackward of
 * recurrent.ts), the backward one with reverse; bidirectional.wgsl merges them (forward) and splits
 * the output gradient (backward). Forward 2(T + 1) + 1 dispatches; backward 1 + 2(T + 2 (+1)).
 * Masking (Embedding maskZero): both directions carry their state over padded steps (the backward
 * one meets them in reverse); with returnSequences padded rows output zero and take no gradient
 * (Keras's Bidirectional forces zero_output_for_mask = return_sequences on both layers).
 */
import { type Emitter, type LayerDef, type NodeView } from './layer';
import { bidirectionalMergeBackward, bidirectionalMergeForward } from '../../kernels/bidirectional/bidirectional';
import { cellDims, cellParams, emitCellBackward, emitCellForward, inferCell, type CellRun, type RecurrentNodeExtras } from './recurrent';
import type { BidirectionalLayer } from '../spec';
import { CELL_ACTIVATIONS, CELL_TYPES } from './fields';
import { CELL_CONSUMES, cellFlops, cellPasses } from './recurrent-meta';
import { bidirectionalForwardRef } from '../reference/bidirectional';

type Direction = 'forward' | 'backward';

const MERGE_MODES = ['concat', 'sum'];

const isSum = (l: BidirectionalLayer) => l.mergeMode === 'sum';

/** The two runs (forward, then backward), each with its own parameters and scratch buffers. */
function runs(e: Emitter, n: NodeView<BidirectionalLayer>): [CellRun, CellRun] {
  const id = n.spec.id;
  const cell = n.spec.layer;
  const [T] = n.inputs[0].shape;
  const U = cell.units;
  const o = n.paramOffsets;
  const run = (dir: Direction): CellRun => {
    const key = `${id}:${dir}`;
    return {
      key,
      cell,
      input: n.inputs[0],
      offsets: { weight: o[`${dir}_weight`], recurrent: o[`${dir}_recurrent_weight`], bias: o[`${dir}_bias`] },
      reverse: dir === 'backward',
      maskIds: (n as RecurrentNodeExtras).maskIds,
      h: e.scratch(`${key}:h`, e.batch * T * U),
      last: e.scratch(`${key}:last`, e.batch * U),
    };
  };
  return [run('forward'), run('backward')];
}

/** The merge kernels' shape and token ids (masked rows only with returnSequences). */
function merge(e: Emitter, n: NodeView<BidirectionalLayer>) {
  const seq = n.spec.layer.returnSequences === true;
  const U = n.spec.layer.units;
  const R = seq ? e.batch * n.inputs[0].shape[0] : e.batch;
  const maskIds = (n as RecurrentNodeExtras).maskIds;
  return { seq, R, U, sum: isSum(n.spec), ids: seq && maskIds ? e.value(maskIds) : null };
}

function forward(e: Emitter, n: NodeView<BidirectionalLayer>): void {
  const [fw, bw] = runs(e, n);
  emitCellForward(e, fw);
  emitCellForward(e, bw);
  const m = merge(e, n);
  const pick = (r: CellRun) => (m.seq ? r.h : r.last);
  bidirectionalMergeForward(e, { ...m, a: pick(fw), b: pick(bw), y: e.value(n.spec.id) });
}

function backward(e: Emitter, n: NodeView<BidirectionalLayer>): void {
  const [fw, bw] = runs(e, n);
  const dy = e.outputGrad(n.spec.id);
  const m = merge(e, n);
  const dyF = e.scratch(`${n.spec.id}:dy_forward`, m.R * m.U);
  const dyB = e.scratch(`${n.spec.id}:dy_backward`, m.R * m.U);
  bidirectionalMergeBackward(e, { ...m, dy, da: dyF, db: dyB });
  const dx = e.inputGrad(n, 0);
  emitCellBackward(e, fw, dyF, dx);
  emitCellBackward(e, bw, dyB, dx && { buffer: dx.buffer, accumulate: true });
}

export const bidirectional: LayerDef<BidirectionalLayer> = {
  type: 'Bidirectional',
  arity: [1, 1],
  summary: 'Runs a recurrent layer forwards and backwards over the sequence and merges both outputs',
  fields: [
    { key: 'layer.type', label: 'Recurrent layer', kind: 'select', options: CELL_TYPES },
    { key: 'layer.units', label: 'Units', kind: 'int', min: 1, max: 4096 },
    { key: 'layer.activation', label: 'Activation', kind: 'select', options: CELL_ACTIVATIONS, default: 'tanh', optional: true },
    { key: 'layer.returnSequences', label: 'Return sequences', kind: 'bool', default: false },
    { key: 'mergeMode', label: 'Merge', kind: 'select', options: ['concat', 'sum'], default: 'concat', optional: true },
  ],
  initial: { layer: { type: 'LSTM', units: 32 } },
  activation: 'none',
  // The wrapped cell's mask rule and cost, twice (both directions).
  mask: { passes: (l) => cellPasses(l.layer?.returnSequences), consumes: CELL_CONSUMES },
  flops: (l, [x]) => 2 * cellFlops(l.layer?.type ?? 'LSTM', l.layer?.units ?? 0, x ?? []),
  detail: (l) => `${l.layer?.type ?? '?'}(${l.layer?.units ?? '?'}), ${l.mergeMode ?? 'concat'}`,
  infer(layer, [x], err) {
    if (layer.mergeMode !== undefined && !MERGE_MODES.includes(layer.mergeMode)) {
      err('mergeMode', `mergeMode must be concat or sum (got ${JSON.stringify(layer.mergeMode)})`);
      return null;
    }
    if (!layer.layer || typeof layer.layer !== 'object') {
      err('layer', 'Bidirectional needs the recurrent layer it wraps (SimpleRNN, LSTM or GRU)');
      return null;
    }
    const inner = inferCell(layer.layer, x, (field, message) => err(field === 'inputs' ? 'inputs' : `layer.${field}`, message));
    if (!inner) return null;
    const W = isSum(layer) ? layer.layer.units : 2 * layer.layer.units;
    return { shape: layer.layer.returnSequences ? [x.shape[0], W] : [W], dtype: 'float32' };
  },
  params: (layer, [x]) => [...cellParams(layer.layer, x.shape[1], 'forward_'), ...cellParams(layer.layer, x.shape[1], 'backward_')],
  forward: (e, n) => forward(e, n),
  backward: (e, n) => backward(e, n),
  reference(layer, n, [x], params, batch) {
    const w = (d: Direction) => ({ kernel: params[`${d}_weight`], recurrent: params[`${d}_recurrent_weight`], bias: params[`${d}_bias`] ?? null });
    const dims = { ...cellDims(layer.layer, n.inputs[0].shape, batch), merge: layer.mergeMode ?? 'concat' };
    return bidirectionalForwardRef(dims, x, w('forward'), w('backward'), (n as RecurrentNodeExtras).maskValues);
  },
};
