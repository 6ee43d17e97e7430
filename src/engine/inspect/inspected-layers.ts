/**
 * Which layers the inside views show, and where their weights sit in the flat parameter vector:
 * the neuron maps take every Dense layer of a model over a 2-feature input (the hidden ones and
 * the output), the conv views take the first Conv2D's filters and the output of every Conv2D and
 * 2-D pooling layer. The spec-level checks (`hasNeuronMaps`, `hasConvViews`) need no graph, so the
 * UI can offer a view before the model is built.
 */
import type { ModelGraph } from '../graph';
import type { ParamLayout } from '../params';
import type { ModelSpec } from '../spec';

/** A range of the flat parameter vector (engine layout, in floats). */
export interface ParamSlice {
  offset: number;
  length: number;
}

/** A model over a 2-feature float input with a Dense layer that is not its output. */
export function hasNeuronMaps(spec: ModelSpec): boolean {
  const input = spec.layers.find((l) => l.type === 'Input');
  if (!input || input.type !== 'Input' || input.shape.length !== 1 || input.shape[0] !== 2 || input.dtype === 'int32') return false;
  return spec.layers.some((l) => l.type === 'Dense' && l.id !== spec.output);
}

/** A model over an image input ([H, W, C]) with a Conv2D layer. */
export function hasConvViews(spec: ModelSpec): boolean {
  const input = spec.layers.find((l) => l.type === 'Input');
  if (!input || input.type !== 'Input' || input.shape.length !== 3) return false;
  return spec.layers.some((l) => l.type === 'Conv2D');
}

export interface DenseUnits {
  id: string;
  /** Units of the layer and of the layer feeding it (its fan-in). */
  units: number;
  fanIn: number;
  /** W [fanIn, units] (Keras layout) and b [units]; bias null without one. */
  weight: ParamSlice;
  bias: ParamSlice | null;
}

const slice = (layout: ParamLayout, layer: string, name: string): ParamSlice | null => {
  const e = layout.entries.find((p) => p.layer === layer && p.name === name);
  return e ? { offset: e.offset, length: e.length } : null;
};

/** The Dense layers in execution order (the neuron maps' columns). */
export function neuronLayers(graph: ModelGraph, layout: ParamLayout): DenseUnits[] {
  return graph.nodes
    .filter((n) => n.spec.type === 'Dense')
    .map((n) => {
      const w = n.params.find((p) => p.name === 'weight')!;
      return { id: n.spec.id, units: w.shape[1], fanIn: w.shape[0], weight: slice(layout, n.spec.id, 'weight')!, bias: slice(layout, n.spec.id, 'bias') };
    });
}

export interface ConvFilters {
  id: string;
  /** W [kh, kw, cin, filters] (Keras layout). */
  kh: number;
  kw: number;
  cin: number;
  filters: number;
  weight: ParamSlice;
}

/** The first Conv2D's filters, or null without one. */
export function firstConvFilters(graph: ModelGraph, layout: ParamLayout): ConvFilters | null {
  const n = graph.nodes.find((x) => x.spec.type === 'Conv2D');
  if (!n) return null;
  const [kh, kw, cin, filters] = n.params.find((p) => p.name === 'weight')!.shape;
  return { id: n.spec.id, kh, kw, cin, filters, weight: slice(layout, n.spec.id, 'weight')! };
}

/** The Conv2D and 2-D pooling layers in execution order (the feature maps' rows), each [H, W, C]. */
export function featureMapLayers(graph: ModelGraph): { id: string; type: string; shape: [number, number, number] }[] {
  return graph.nodes
    .filter((n) => (n.spec.type === 'Conv2D' || n.spec.type === 'MaxPooling2D' || n.spec.type === 'AveragePooling2D') && n.out.shape.length === 3)
    .map((n) => ({ id: n.spec.id, type: n.spec.type, shape: n.out.shape as [number, number, number] }));
}
