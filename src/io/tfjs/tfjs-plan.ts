/**
 * The TF.js layers-format view of a whole model, shared by the export (which writes it) and the
 * import (which rebuilds it from the spec it read, to name the weights it needs and to check the
 * attention composites): model.json's layer list in graph order, the weights in manifest order
 * (each a parameter entry, a column range of one, or a constant of the export), and the
 * composites that stand for the layers tfjs has no class for. Each layer type is its row of the
 * TF.js export table (tfjs-layers.ts), refusals included.
 */
import { buildGraph, type ModelGraph } from '../../engine/graph';
import type { LayerSpec, ModelSpec } from '../../engine/spec';
import { tableRow } from '../layer-table';
import { KerasExportError, kerasNames } from '../keras/keras-layers';
import { TfjsBuilder, type CompositeMeta, type TfjsLayerJson, type TfjsWeightPlan } from './tfjs-builder';
import { READ_ONLY, TFJS_LAYERS, type TfjsRow } from './tfjs-layers';

/**
 * The activations TF.js cannot carry, with the reason: its layers have no leaky_relu or exponential
 * activation, and its hardSigmoid is Keras 2's clip(0.2x + 0.5), not Keras 3's relu6(x + 3) / 6.
 */
const TFJS_REFUSED_ACTIVATIONS: Record<string, string> = {
  leaky_relu: 'TF.js layers have no leaky_relu activation',
  exponential: 'TF.js layers have no exponential activation',
  hard_sigmoid: "TF.js's hardSigmoid is Keras 2's clip(0.2x + 0.5, 0, 1), not the playground's (Keras 3) relu6(x + 3) / 6",
};

function checkTfjsActivations(layer: LayerSpec): void {
  const l = layer as { activation?: string; recurrentActivation?: string; layer?: { activation?: string; recurrentActivation?: string } };
  for (const a of [l.activation, l.recurrentActivation, l.layer?.activation, l.layer?.recurrentActivation]) {
    if (a !== undefined && TFJS_REFUSED_ACTIVATIONS[a]) throw new KerasExportError(`layer "${layer.id}": activation "${a}" cannot be exported to TF.js: ${TFJS_REFUSED_ACTIVATIONS[a]}`);
  }
}

export interface TfjsPlan {
  graph: ModelGraph;
  names: Map<string, string>;
  layers: TfjsLayerJson[];
  weights: TfjsWeightPlan[];
  composites: CompositeMeta[];
}

/**
 * The plan of `spec`. `readGru`: the import reads GRU weights (a tfjs-converter file may hold a
 * reset_after GRU that tfjs itself cannot run); the export refuses GRUs.
 */
export function tfjsPlan(spec: ModelSpec, opts: { readGru?: boolean } = {}): TfjsPlan {
  const graph = buildGraph(spec);
  const names = kerasNames(graph);
  const b = new TfjsBuilder(new Set(names.values()));
  const composites: CompositeMeta[] = [];
  for (const node of graph.nodes) {
    const layer: LayerSpec = node.spec;
    if (!opts.readGru) checkTfjsActivations(layer);
    const readOnly = opts.readGru ? READ_ONLY[layer.type] : undefined;
    const row = readOnly ?? tableRow<TfjsRow<LayerSpec>>(TFJS_LAYERS, layer, (m) => new KerasExportError(m));
    const meta = row.write(layer, { b, node, graph, names, name: names.get(layer.id)!, inputs: node.inputs.map((src) => names.get(src.spec.id)!), readGru: opts.readGru === true });
    if (meta) composites.push(meta);
  }
  return { graph, names, layers: b.layers, weights: b.weights, composites };
}
