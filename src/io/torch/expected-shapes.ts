/**
 * The PyTorch state_dict names and shapes a model's weights file must hold, computed from the
 * graph alone (no tensor is allocated), so an untrusted file's header can be compared to the model
 * before anything of the model's size is created. Mirrors modelStateDict (src/io/state-dict.ts)
 * and recurrentToTorch (src/io/recurrent-layout.ts); a test checks they agree on every layer type.
 */
import type { ModelGraph } from '../../engine/graph';
import { layoutParams, type ParamEntry } from '../../engine/params';
import type { BidirectionalLayer, RecurrentLayer } from '../../engine/spec';
import { isRecurrentTorch, torchExtras, torchName, torchShape } from './state-dict-layers';

const GATES: Record<string, number> = { SimpleRNN: 1, LSTM: 4, GRU: 3 };

const shapeText = (s: readonly number[]) => `[${s.join(',')}]`;

function recurrentShapes(layer: RecurrentLayer | BidirectionalLayer, F: number): { name: string; shape: number[] }[] {
  const cell = layer.type === 'Bidirectional' ? layer.layer : layer;
  const U = cell.units;
  const GU = GATES[cell.type] * U;
  const out: { name: string; shape: number[] }[] = [];
  for (const suffix of layer.type === 'Bidirectional' ? ['', '_reverse'] : ['']) {
    out.push({ name: `${layer.id}.weight_ih_l0${suffix}`, shape: [GU, F] }, { name: `${layer.id}.weight_hh_l0${suffix}`, shape: [GU, U] });
    if (cell.useBias !== false) out.push({ name: `${layer.id}.bias_ih_l0${suffix}`, shape: [GU] }, { name: `${layer.id}.bias_hh_l0${suffix}`, shape: [GU] });
  }
  return out;
}

/** state_dict names and shapes, in modelStateDict's order (layers by their first entry in the layout). */
export function expectedTorchShapes(graph: ModelGraph): { name: string; shape: number[] }[] {
  const byLayer = new Map<string, ParamEntry[]>();
  for (const e of layoutParams(graph).entries) {
    const list = byLayer.get(e.layer);
    if (list) list.push(e);
    else byLayer.set(e.layer, [e]);
  }
  const out: { name: string; shape: number[] }[] = [];
  for (const [layerId, entries] of byLayer) {
    if (isRecurrentTorch(entries[0].layerType)) {
      const node = graph.byId.get(layerId)!;
      const inShape = node.inputs[0].out.shape;
      out.push(...recurrentShapes(node.spec as RecurrentLayer | BidirectionalLayer, inShape[inShape.length - 1]));
    } else {
      for (const e of entries) out.push({ name: torchName(e), shape: torchShape(e) });
      for (const name of torchExtras(layerId, entries[0].layerType)) out.push({ name, shape: [] });
    }
  }
  return out;
}

/**
 * Every missing, unexpected or wrongly shaped tensor of `tensors` against the model (the same
 * sentences as fromStateDict), from shapes only.
 */
export function stateDictShapeProblems(graph: ModelGraph, tensors: ReadonlyMap<string, { readonly shape: readonly number[] }>): string[] {
  const expected = expectedTorchShapes(graph);
  const wanted = new Set(expected.map((t) => t.name));
  const problems: string[] = [];
  for (const t of expected) {
    const got = tensors.get(t.name);
    if (!got) problems.push(`missing "${t.name}": the model needs a tensor of shape ${shapeText(t.shape)}`);
    else if (got.shape.length !== t.shape.length || got.shape.some((d, i) => d !== t.shape[i])) {
      problems.push(`"${t.name}": the file has shape ${shapeText(got.shape)}, the model needs ${shapeText(t.shape)}`);
    }
  }
  for (const [name, t] of tensors) if (!wanted.has(name)) problems.push(`unexpected "${name}" ${shapeText(t.shape)}: the model has no such parameter`);
  return problems;
}
