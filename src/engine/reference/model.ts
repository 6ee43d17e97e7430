/**
 * Float64 reference of a whole model: forward through every layer's reference and the loss on
 * the output, from a flat parameter vector in the engine layout. The oracle for whole-model
 * gradient checks (finite differences of this against the GPU's gradient).
 */
import { maskSource, type ModelGraph } from '../graph';
import { size } from '../layers/layer';
import { lossRow, lossSettings } from '../losses';
import type { ParamLayout } from '../params';
import { paramOffsets } from '../params';

/** `mode` 'train': layers that differ (BatchNormalization) use the batch's statistics, as a training step does. */
export function referenceForward(graph: ModelGraph, layout: ParamLayout, params: ArrayLike<number>, x: ArrayLike<number>, batch: number, mode: 'train' | 'infer' = 'infer'): Float64Array {
  return referenceValues(graph, layout, params, x, batch, mode).get(graph.output.spec.id)!;
}

/** Every node's float64 output, [batch, ...shape] by layer id (the oracle of the inside views' probes). */
export function referenceValues(graph: ModelGraph, layout: ParamLayout, params: ArrayLike<number>, x: ArrayLike<number>, batch: number, mode: 'train' | 'infer' = 'infer'): Map<string, Float64Array> {
  const values = new Map<string, Float64Array>();
  for (const n of graph.nodes) {
    const id = n.spec.id;
    if (n.spec.type === 'Input') {
      values.set(id, Float64Array.from(x));
      continue;
    }
    const offs = paramOffsets(layout, id);
    const named: Record<string, Float64Array> = {};
    for (const p of n.params) {
      const o = offs[p.name];
      named[p.name] = Float64Array.from({ length: size(p.shape) }, (_, i) => params[o + i]);
    }
    const view = {
      spec: n.spec,
      inputs: n.inputs.map((i) => ({ shape: i.out.shape, dtype: i.out.dtype, id: i.spec.id })),
      shape: n.out.shape,
      activation: null,
      paramOffsets: offs,
      maskIds: maskSource(n),
      maskValues: maskSource(n) ? values.get(maskSource(n)!) : undefined,
      mode,
    };
    const ins = n.inputs.map((i) => values.get(i.spec.id)!);
    values.set(id, n.def.reference(n.spec as never, view as never, ins, named, batch));
  }
  return values;
}

/** The mean loss of the model's output against targets (class ids or float rows): the loss table's output reference. */
export function referenceLoss(graph: ModelGraph, out: Float64Array, targets: ArrayLike<number>, batch: number): number {
  const shape = graph.output.out.shape;
  return lossRow(graph.spec.loss).outputLoss(out, targets, batch, size(shape), shape[shape.length - 1], lossSettings(graph.spec.lossOptions));
}
