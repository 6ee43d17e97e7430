/**
 * Rough cost of a model: FLOPs per training step (forward + backward ~ 3x forward, x batch) and a
 * memory estimate (parameters, gradients, optimizer slots, activations and their gradients, the
 * dataset on the GPU). Per-layer formulas are approximate on purpose; they are for orientation.
 */
import type { Analysis } from '../../engine/graph';
import { optimizerSlots as optimizerSlotNames, type LayerSpec, type ModelSpec } from '../../engine/spec';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);
const pair = (v: number | [number, number] | undefined, d: number): [number, number] => (v === undefined ? [d, d] : typeof v === 'number' ? [v, v] : v);

/** Forward FLOPs of one sample through one layer. */
export function layerForwardFlops(l: LayerSpec, inShapes: number[][], outShape: number[]): number {
  const outSize = prod(outShape);
  switch (l.type) {
    case 'Dense':
      return 2 * prod(inShapes[0] ?? [0]) * l.units + outSize;
    case 'Conv2D': {
      const [kh, kw] = pair(l.kernelSize, 3);
      const cin = inShapes[0]?.at(-1) ?? 1;
      return 2 * kh * kw * cin * outSize;
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      const [ph, pw] = pair(l.poolSize, 2);
      return ph * pw * outSize;
    }
    case 'GlobalAveragePooling2D':
      return prod(inShapes[0] ?? [0]);
    case 'Activation':
      return (l.activation === 'softmax' ? 5 : 2) * outSize;
    case 'Add':
    case 'Dropout':
      return outSize;
    case 'Embedding':
      return outSize;
    case 'SimpleRNN':
    case 'LSTM':
    case 'GRU':
      return recurrentFlops(l.type, l.units, inShapes[0] ?? []);
    case 'Bidirectional':
      return 2 * recurrentFlops(l.layer?.type ?? 'LSTM', l.layer?.units ?? 0, inShapes[0] ?? []);
    case 'Input':
    case 'Flatten':
    case 'Reshape':
      return 0;
    default:
      return outSize;
  }
}

/** Per sample: T steps of gates x 2 (F + U) U multiply-adds. */
function recurrentFlops(type: string, units: number, inShape: number[]): number {
  const [T = 1, F = 1] = inShape;
  const gates = type === 'LSTM' ? 4 : type === 'GRU' ? 3 : 1;
  return T * gates * 2 * (F + units) * units;
}

export interface Totals {
  params: number;
  /** FLOPs of one training step over a batch. */
  flopsPerStep: number;
  /** Bytes on the GPU: parameters, gradients, optimizer state, activations, dataset. */
  memoryBytes: number;
  activationsPerSample: number;
}

/** How many parameter-sized state vectors the optimizer keeps (from the optimizer table). */
export function optimizerSlots(spec: ModelSpec): number {
  return optimizerSlotNames(spec.optimizer).length;
}

export function estimateTotals(spec: ModelSpec, a: Analysis, batch: number, datasetValues: number): Totals {
  let params = 0;
  let flops = 0;
  let acts = 0;
  for (const l of spec.layers) {
    const out = a.shapes.get(l.id);
    if (!out) continue;
    params += a.paramCounts.get(l.id) ?? 0;
    const ins = (l.inputs ?? []).map((s) => a.shapes.get(s)?.shape ?? []);
    flops += layerForwardFlops(l, ins, out.shape);
    acts += prod(out.shape);
  }
  const b = Math.max(1, batch);
  return {
    params,
    flopsPerStep: 3 * flops * b,
    memoryBytes: 4 * (params * (2 + optimizerSlots(spec)) + 2 * acts * b + datasetValues),
    activationsPerSample: acts,
  };
}
