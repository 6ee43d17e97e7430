/**
 * What the statistics probe measures in a compiled model, decided once: per layer its parameter
 * segments in the flat vector (weights, gradients and update share them), its output buffer as
 * [rows, units] and the unit statistic its activation calls for (dead ReLU, saturated tanh or
 * sigmoid), and the output slot of each tensor.
 */
import type { UnitsMode } from '../../kernels/stats/stats';
import type { CompiledModel } from '../compile';
import { size } from '../layers/layer';
import { appliedActivation } from '../layers/layer-meta';

export interface ParamPlan {
  /** Index among the layers with parameters: weights slot i, gradients slot P + i, update slot i. */
  index: number;
  segments: [number, number][];
}

export interface ActivationPlan {
  /** Moments / histogram slot (after the 2P parameter slots). */
  slot: number;
  buffer: GPUBuffer;
  rows: number;
  units: number;
  unitsMode: UnitsMode | null;
  /** Slot in the units counts (only with unitsMode). */
  unitsSlot: number;
}

export interface LayerPlan {
  layer: string;
  type: string;
  params: ParamPlan | null;
  activation: ActivationPlan | null;
}

export interface StatsPlan {
  layers: LayerPlan[];
  /** Layers with parameters. */
  P: number;
  /** Moments / histogram slots: 2P + activations. */
  slots: number;
  /** Units-count slots. */
  unitSlots: number;
}

const UNIT_MODES: Record<string, UnitsMode> = { relu: 'dead', tanh: 'tanh', sigmoid: 'sigmoid' };

export function planStats(model: CompiledModel): StatsPlan {
  const { graph, layout, lossPlan, batch } = model;
  const inputs = new Set(graph.inputs);
  const layers: LayerPlan[] = [];
  let P = 0;
  const acts: { plan: LayerPlan; node: (typeof graph.nodes)[number] }[] = [];
  for (const n of graph.nodes) {
    // Trained parameters only: non-trainable state (moving statistics) has no gradient or update.
    const entries = layout.entries.filter((e) => e.layer === n.spec.id && e.decl.trainable !== false);
    const params = entries.length > 0 ? { index: P++, segments: entries.map((e): [number, number] => [e.offset, e.length]) } : null;
    const hasOutput = !inputs.has(n) && !n.def.aliasesInput && n.out.dtype !== 'int32';
    if (!params && !hasOutput) continue;
    const plan: LayerPlan = { layer: n.spec.id, type: n.spec.type, params, activation: null };
    layers.push(plan);
    if (hasOutput) acts.push({ plan, node: n });
  }
  let slot = 2 * P;
  let unitSlots = 0;
  for (const { plan, node } of acts) {
    const shape = node.out.shape;
    const units = shape.length > 0 ? shape[shape.length - 1] : 1;
    const act = node === lossPlan.absorbedActivation ? null : appliedActivation(node.def.activation, node.spec);
    const unitsMode: UnitsMode | null = act ? (UNIT_MODES[act] ?? null) : null;
    plan.activation = { slot: slot++, buffer: model.value(node.spec.id), rows: (batch * size(shape)) / units, units, unitsMode, unitsSlot: unitsMode ? unitSlots++ : -1 };
  }
  return { layers, P, slots: slot, unitSlots };
}
