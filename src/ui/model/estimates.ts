/**
 * Rough cost of a model: FLOPs per training step (forward + backward ~ 3x forward, x batch) and a
 * memory estimate (parameters, gradients, optimizer slots, activations and their gradients, the
 * dataset on the GPU). Per-layer FLOPs come from each layer definition's `flops`; they are approximate on
 * purpose, for orientation. Memory counts every layer's output once, whatever its type.
 */
import type { Analysis } from '../../engine/graph';
import { layerDef } from '../../engine/layers/registry';
import { optimizerSlots as optimizerSlotNames, type LayerSpec, type ModelSpec } from '../../engine/spec';

const prod = (s: readonly number[]): number => s.reduce((a, b) => a * b, 1);

/** Forward FLOPs of one sample through one layer (its definition's `flops`; unknown types: one per output value). */
export function layerForwardFlops(l: LayerSpec, inShapes: number[][], outShape: number[]): number {
  const def = layerDef(l.type);
  return def ? def.flops(l, inShapes, outShape) : prod(outShape);
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
