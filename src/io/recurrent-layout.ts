/**
 * Recurrent weights between the engine layout and PyTorch's nn.RNN / nn.LSTM / nn.GRU
 * (one layer, batch_first irrelevant; Bidirectional = bidirectional=True with `_reverse` tensors).
 *
 * The engine layout IS the Keras layout (so a Keras export needs no conversion): per direction
 *   weight            [F, G*U]  kernel, gate blocks of U columns: LSTM i f c o; GRU z r h; RNN one
 *   recurrent_weight  [U, G*U]  recurrent kernel, same blocks
 *   bias              [G*U]     (GRU reset_after: [2, G*U], input bias row then recurrent bias row)
 * and Bidirectional names them forward_* and backward_*.
 * PyTorch: weight_ih_l0 [G*U, F], weight_hh_l0 [G*U, U], bias_ih_l0 [G*U], bias_hh_l0 [G*U], gate
 * blocks of U rows: LSTM i f g o (= Keras order); GRU r z n (Keras z r h reordered; n uses
 * r ⊙ (W_hn h + b_hn), which is Keras reset_after); RNN one. The backward direction of a
 * Bidirectional adds `_reverse` to each name.
 * Biases: Keras LSTM/SimpleRNN have one bias, PyTorch two that are summed: export puts it in
 * bias_ih and zeros in bias_hh; import sums them (mode 'gradients' takes bias_ih's gradient
 * instead, as both PyTorch biases get the same one). Without useBias there are no bias tensors.
 *
 * Layout only: torchIncompatibility says when PyTorch cannot compute the same function. Also
 * for exporters: PyTorch always concatenates the directions (mergeMode 'sum' = adding the halves);
 * a returnSequences=false Bidirectional is [h_n forward, h_n backward], NOT output[:, -1]; and
 * PyTorch has no per-step mask (Embedding maskZero).
 */
import type { BidirectionalLayer, RecurrentLayer } from '../engine/spec';

export interface TorchTensor {
  name: string;
  shape: number[];
  data: Float32Array;
}

type CellSpec = BidirectionalLayer['layer'];

/** For each PyTorch gate block, the Keras gate block it holds. */
const TORCH_GATES: Record<CellSpec['type'], number[]> = { SimpleRNN: [0], LSTM: [0, 1, 2, 3], GRU: [1, 0, 2] };

const cellOf = (layer: RecurrentLayer | BidirectionalLayer): CellSpec => (layer.type === 'Bidirectional' ? layer.layer : layer);

/** Engine param name prefixes and PyTorch name suffixes of each direction. */
function directions(layer: RecurrentLayer | BidirectionalLayer): { prefix: string; suffix: string }[] {
  return layer.type === 'Bidirectional'
    ? [
        { prefix: 'forward_', suffix: '' },
        { prefix: 'backward_', suffix: '_reverse' },
      ]
    : [{ prefix: '', suffix: '' }];
}

/** Keras [K, G*U] -> PyTorch [G*U, K] with gate blocks reordered. */
function matrixToTorch(src: Float32Array, K: number, U: number, gates: number[]): Float32Array {
  const GU = gates.length * U;
  const out = new Float32Array(GU * K);
  gates.forEach((kg, pg) => {
    for (let u = 0; u < U; u++) for (let k = 0; k < K; k++) out[(pg * U + u) * K + k] = src[k * GU + kg * U + u];
  });
  return out;
}

function matrixFromTorch(src: Float32Array, K: number, U: number, gates: number[]): Float32Array {
  const GU = gates.length * U;
  const out = new Float32Array(GU * K);
  gates.forEach((kg, pg) => {
    for (let u = 0; u < U; u++) for (let k = 0; k < K; k++) out[k * GU + kg * U + u] = src[(pg * U + u) * K + k];
  });
  return out;
}

/** A [G*U] vector's gate blocks reordered (Keras -> PyTorch, or back with toTorch false). */
function vectorGates(src: Float32Array, U: number, gates: number[], toTorch: boolean): Float32Array {
  const out = new Float32Array(gates.length * U);
  gates.forEach((kg, pg) => {
    const [to, from] = toTorch ? [pg, kg] : [kg, pg];
    out.set(src.subarray(from * U, from * U + U), to * U);
  });
  return out;
}

function take(m: ReadonlyMap<string, Float32Array>, name: string, length: number, what: string): Float32Array {
  const t = m.get(name);
  if (!t) throw new Error(`${what}: missing tensor "${name}"`);
  if (t.length !== length) throw new Error(`${what}: tensor "${name}" has ${t.length} values, expected ${length}`);
  return t;
}

/** Engine (Keras-layout) parameters of one recurrent or Bidirectional layer -> PyTorch tensors, state_dict order. */
export function recurrentToTorch(layer: RecurrentLayer | BidirectionalLayer, params: ReadonlyMap<string, Float32Array>, inputFeatures: number): TorchTensor[] {
  const cell = cellOf(layer);
  const gates = TORCH_GATES[cell.type];
  const U = cell.units;
  const F = inputFeatures;
  const GU = gates.length * U;
  const what = `recurrentToTorch(${layer.id})`;
  const out: TorchTensor[] = [];
  for (const { prefix, suffix } of directions(layer)) {
    out.push({ name: `weight_ih_l0${suffix}`, shape: [GU, F], data: matrixToTorch(take(params, `${prefix}weight`, F * GU, what), F, U, gates) });
    out.push({ name: `weight_hh_l0${suffix}`, shape: [GU, U], data: matrixToTorch(take(params, `${prefix}recurrent_weight`, U * GU, what), U, U, gates) });
    if (cell.useBias === false) continue;
    const isGru = cell.type === 'GRU';
    const bias = take(params, `${prefix}bias`, isGru ? 2 * GU : GU, what);
    out.push({ name: `bias_ih_l0${suffix}`, shape: [GU], data: vectorGates(bias.subarray(0, GU), U, gates, true) });
    out.push({ name: `bias_hh_l0${suffix}`, shape: [GU], data: isGru ? vectorGates(bias.subarray(GU, 2 * GU), U, gates, true) : new Float32Array(GU) });
  }
  return out;
}

/**
 * PyTorch tensors (names as recurrentToTorch gives them) -> engine parameters by engine name.
 * mode 'gradients' converts gradients: a single Keras bias takes bias_ih's gradient (equal to
 * bias_hh's) instead of the sum of the two biases.
 */
export function recurrentFromTorch(
  layer: RecurrentLayer | BidirectionalLayer,
  tensors: ReadonlyMap<string, Float32Array>,
  inputFeatures: number,
  mode: 'weights' | 'gradients' = 'weights',
): Map<string, Float32Array> {
  const cell = cellOf(layer);
  const gates = TORCH_GATES[cell.type];
  const U = cell.units;
  const F = inputFeatures;
  const GU = gates.length * U;
  const what = `recurrentFromTorch(${layer.id})`;
  const out = new Map<string, Float32Array>();
  for (const { prefix, suffix } of directions(layer)) {
    out.set(`${prefix}weight`, matrixFromTorch(take(tensors, `weight_ih_l0${suffix}`, GU * F, what), F, U, gates));
    out.set(`${prefix}recurrent_weight`, matrixFromTorch(take(tensors, `weight_hh_l0${suffix}`, GU * U, what), U, U, gates));
    if (cell.useBias === false) continue;
    const ih = vectorGates(take(tensors, `bias_ih_l0${suffix}`, GU, what), U, gates, false);
    const hh = vectorGates(take(tensors, `bias_hh_l0${suffix}`, GU, what), U, gates, false);
    if (cell.type === 'GRU') {
      const b = new Float32Array(2 * GU);
      b.set(ih, 0);
      b.set(hh, GU);
      out.set(`${prefix}bias`, b);
    } else {
      out.set(`${prefix}bias`, mode === 'gradients' ? ih : ih.map((v, i) => v + hh[i]));
    }
  }
  return out;
}

/**
 * Why PyTorch's module cannot compute this layer's function (null when it can): nn.LSTM / nn.GRU
 * are fixed to tanh with sigmoid gates; nn.RNN takes tanh or relu.
 */
export function torchIncompatibility(layer: RecurrentLayer | BidirectionalLayer): string | null {
  const cell = cellOf(layer);
  const act = cell.activation ?? 'tanh';
  if (cell.type === 'SimpleRNN') return act === 'tanh' || act === 'relu' ? null : `nn.RNN supports tanh or relu, not ${act}`;
  const ract = cell.recurrentActivation ?? 'sigmoid';
  if (act !== 'tanh') return `nn.${cell.type} has a fixed tanh activation, not ${act}`;
  if (ract !== 'sigmoid') return `nn.${cell.type} has fixed sigmoid gates, not ${ract}`;
  return null;
}
