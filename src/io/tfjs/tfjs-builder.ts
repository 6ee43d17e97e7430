/**
 * What the TF.js layers-format writer collects (tfjs-plan.ts, the rows of tfjs-layers.ts): model.json's
 * layer list and the weights in manifest order, with unique layer names, and the metadata of the
 * composites (groups of core layers standing for one engine layer, tfjs-layers-sequence.ts).
 */
type Json = Record<string, unknown>;

/** One layer of model.json's topology. */
export interface TfjsLayerJson {
  name: string;
  class_name: string;
  config: Json;
  inbound_nodes: unknown[];
}

/** One tensor of the weights file: a parameter entry of `layer` (or a column range of it), or a constant of the export. */
export interface TfjsWeightPlan {
  name: string;
  shape: number[];
  /** The spec layer and engine entry it comes from (absent for a constant). */
  layer?: string;
  entry?: string;
  /** [first, count] columns of the entry's last axis (a head's slice). */
  cols?: [number, number];
  constant?: Float32Array;
}

/** What model.json's metadata says about a composite: the engine layer it stands for. */
export interface CompositeMeta {
  /** The node's name: also the name of the group's last layer. */
  name: string;
  /** The spec layer's own fields (type and hyperparameters; no id, no inputs). */
  layer: Json;
  /** Names of the layers feeding the node. */
  inputs: string[];
  /** Names of the group's inner layers. */
  layers: string[];
}

/** Collects layers and weights with unique names. */
export class TfjsBuilder {
  layers: TfjsLayerJson[] = [];
  weights: TfjsWeightPlan[] = [];
  constructor(private readonly used: Set<string>) {}

  unique(base: string): string {
    let name = base;
    for (let i = 1; this.used.has(name); i++) name = `${base}_${i}`;
    this.used.add(name);
    return name;
  }

  layer(name: string, className: string, config: Json, inputs: string[]): string {
    this.layers.push({
      name,
      class_name: className,
      config: { ...config, name, trainable: true, dtype: 'float32' },
      inbound_nodes: inputs.length ? [inputs.map((i) => [i, 0, 0, {}])] : [],
    });
    return name;
  }

  weight(w: TfjsWeightPlan): void {
    this.weights.push(w);
  }
}
