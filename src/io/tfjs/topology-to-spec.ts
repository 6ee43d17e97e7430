/**
 * Reads a TF.js / Keras 2 layers topology (model.json's `modelTopology`: a functional "Model" or a
 * "Sequential") into the layers of a model spec. Untrusted input: every field is type-checked and
 * every problem is collected (layer name and field) rather than thrown one at a time.
 * Each class is read by its row of the TF.js import table (tfjs-layers-import.ts); a class no row
 * reads is a listed problem. The composites of our own export (tfjs-layers-sequence.ts) are read
 * from their metadata:
 * their inner layers are skipped and the group becomes the one engine layer it stands for
 * (composite-import.ts checks the group against the spec afterwards).
 */
import type { LayerSpec } from '../../engine/spec';
import type { CompositeMeta } from './tfjs-builder';
import { compositeLayer } from './composite-import';
import { showJson } from './show-json';
import { mapLayer, readInput } from './tfjs-layers-import';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => showJson(v);

export interface TopologyLayers {
  layers: LayerSpec[];
  output: string;
  /** Layer name in the file -> spec id (the same unless the name was not a usable id). */
  ids: Map<string, string>;
}

/** Reads layer configs; `problems` receives one line per problem found. */
export function topologyToLayers(topology: unknown, problems: string[], composites: CompositeMeta[] = []): TopologyLayers | null {
  if (!isObj(topology)) {
    problems.push('modelTopology must be an object');
    return null;
  }
  // tfjs-converter output of a Keras model wraps the model in model_config.
  const top = isObj(topology.model_config) ? topology.model_config : topology;
  const cls = top.class_name;
  const config = top.config;
  if (cls === 'Sequential') {
    const list = Array.isArray(config) ? config : isObj(config) ? config.layers : undefined;
    if (!Array.isArray(list)) {
      problems.push('Sequential topology: config.layers must be a list');
      return null;
    }
    return sequentialLayers(list, problems);
  }
  if (cls === 'Model' || cls === 'Functional') {
    if (!isObj(config) || !Array.isArray(config.layers)) {
      problems.push(`${cls} topology: config.layers must be a list`);
      return null;
    }
    return functionalLayers(config, problems, composites);
  }
  problems.push(`modelTopology.class_name must be "Model", "Functional" or "Sequential" (got ${show(cls)})`);
  return null;
}

function sequentialLayers(list: unknown[], problems: string[]): TopologyLayers | null {
  const layers: LayerSpec[] = [];
  const ids = new Map<string, string>();
  let prev: string | null = null;
  for (const [i, raw] of list.entries()) {
    const l = readLayer(raw, i, problems, ids);
    if (!l) continue;
    if (l.type !== 'Input' && prev === null) {
      // The first layer carries the input shape.
      const cfg = isObj(raw) && isObj(raw.config) ? raw.config : {};
      const input = readInput({ ...cfg, name: `${l.id}_input` }, `${l.id}_input`, problems);
      if (!input) return null;
      layers.push(input);
      prev = input.id;
    }
    layers.push({ ...l, inputs: l.type === 'Input' ? [] : prev ? [prev] : [] } as LayerSpec);
    prev = l.id;
  }
  if (!prev) {
    problems.push('the topology has no layers');
    return null;
  }
  return { layers, output: prev, ids };
}

function functionalLayers(config: Json, problems: string[], composites: CompositeMeta[]): TopologyLayers | null {
  const layers: LayerSpec[] = [];
  const ids = new Map<string, string>();
  const list = config.layers as unknown[];
  const inbound: { id: string; from: unknown }[] = [];
  const inner = new Set(composites.flatMap((c) => c.layers));
  const byName = new Map(composites.map((c) => [c.name, c]));
  for (const [i, raw] of list.entries()) {
    const name = isObj(raw) ? (typeof raw.name === 'string' ? raw.name : isObj(raw.config) && typeof raw.config.name === 'string' ? raw.config.name : null) : null;
    if (name !== null && inner.has(name)) continue;
    const c = name !== null ? byName.get(name) : undefined;
    if (c) {
      if (ids.has(c.name)) problems.push(`layer "${c.name}": two layers share this name`);
      const l = compositeLayer(c, problems);
      if (!l) continue;
      ids.set(c.name, c.name);
      layers.push(l);
      inbound.push({ id: l.id, from: c.inputs });
      continue;
    }
    const l = readLayer(raw, i, problems, ids);
    if (!l) continue;
    layers.push(l);
    inbound.push({ id: l.id, from: (raw as Json).inbound_nodes });
  }
  for (const { id, from } of inbound) {
    const layer = layers.find((l) => l.id === id)!;
    if (layer.type === 'Input') {
      layer.inputs = [];
      continue;
    }
    const srcs = byName.has(id) ? (from as string[]) : inboundNames(from);
    if (!srcs) {
      problems.push(`layer "${id}": inbound_nodes must be [[[layer name, 0, 0, {}], ...]] with one call of the layer`);
      continue;
    }
    const missing = srcs.filter((s) => !ids.has(s));
    if (missing.length) problems.push(`layer "${id}": inbound layer(s) ${missing.map((m) => `"${m}"`).join(', ')} do not exist`);
    layer.inputs = srcs.map((s) => ids.get(s) ?? s);
  }
  const outs = config.output_layers;
  const outName = Array.isArray(outs) && outs.length === 1 && Array.isArray(outs[0]) ? outs[0][0] : Array.isArray(outs) && typeof outs[0] === 'string' ? outs[0] : null;
  if (typeof outName !== 'string' || !ids.has(outName)) {
    problems.push(`output_layers must name exactly one existing layer (got ${show(outs)})`);
    return null;
  }
  return { layers, output: ids.get(outName)!, ids };
}

/** Layer names of a single call: tfjs [[["a",0,0,{}],...]] or Keras 3 {args: [...]} is not read. */
function inboundNames(v: unknown): string[] | null {
  if (!Array.isArray(v) || v.length !== 1 || !Array.isArray(v[0])) return null;
  const out: string[] = [];
  for (const t of v[0]) {
    if (!Array.isArray(t) || typeof t[0] !== 'string' || t[1] !== 0 || t[2] !== 0) return null;
    out.push(t[0]);
  }
  return out.length ? out : null;
}

function readLayer(raw: unknown, index: number, problems: string[], ids: Map<string, string>): LayerSpec | null {
  if (!isObj(raw) || typeof raw.class_name !== 'string' || !isObj(raw.config)) {
    problems.push(`layer #${index}: must be {class_name, config}`);
    return null;
  }
  const cfg = raw.config;
  const name = typeof raw.name === 'string' ? raw.name : typeof cfg.name === 'string' ? cfg.name : null;
  if (!name) {
    problems.push(`layer #${index} (${raw.class_name}): has no name`);
    return null;
  }
  if (ids.has(name)) {
    problems.push(`layer "${name}": two layers share this name`);
    return null;
  }
  ids.set(name, name);
  const p = (field: string, msg: string) => problems.push(`layer "${name}" (${raw.class_name}) ${field}: ${msg}`);
  const before = problems.length;
  const l = mapLayer(raw.class_name, cfg, name, p, problems);
  return l && problems.length === before ? l : null;
}
