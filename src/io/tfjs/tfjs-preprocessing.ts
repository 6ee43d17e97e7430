/**
 * Feature / target scaling in a TF.js layers export (TrainedModel.preprocessing,
 * src/io/preprocessing.ts). tfjs registers no Normalization layer, so the scaling is written as
 * non-trainable Dense layers with diagonal kernels:
 *   preprocess_offset  Dense(F), kernel identity, bias -offset      x - offset (exact in float32)
 *   preprocess         Dense(F, no bias), kernel diag(scale)         (x - offset) * scale
 *   postprocess        Dense(U), kernel diag(1 / scale), bias offset  y / scale + offset (regression)
 * between the Input and the first layer, and after the output, so tf.loadLayersModel gives a model
 * that takes raw rows and returns raw targets. The constants and the layer names are documented in
 * userDefinedMetadata.playground.preprocessing; the import (stripTfjsPreprocessing) takes those
 * layers back out into a Preprocessing, after checking that their weights are exactly the ones
 * these constants give.
 */
import { SCALING_MODES, type Affine, type Preprocessing } from '../../data/scaling';
import type { TfjsLayerJson } from './tfjs-builder';
import type { TfjsWeightSpec } from './export-tfjs';

type Json = Record<string, unknown>;

/** What userDefinedMetadata.playground.preprocessing holds. */
export interface TfjsPreprocessingMeta extends Preprocessing {
  /** Names of the layers that apply it, in graph order (the import removes them). */
  layers: string[];
}

interface Planned {
  name: string;
  units: number;
  kernel: Float32Array;
  bias: Float32Array | null;
}

/** The scaling layers' weights from the constants (also what the import expects to find). */
function plannedLayers(pre: Preprocessing, names: string[]): Planned[] {
  const diag = (v: number[]) => {
    const n = v.length;
    const k = new Float32Array(n * n);
    v.forEach((x, i) => (k[i * n + i] = x));
    return k;
  };
  const out: Planned[] = [];
  let i = 0;
  if (pre.features) {
    const f = pre.features;
    out.push({ name: names[i++], units: f.offset.length, kernel: diag(f.offset.map(() => 1)), bias: Float32Array.from(f.offset, (o) => -o) });
    out.push({ name: names[i++], units: f.offset.length, kernel: diag(f.scale), bias: null });
  }
  if (pre.targets) {
    const t = pre.targets;
    out.push({ name: names[i], units: t.offset.length, kernel: diag(t.scale.map((s) => 1 / s)), bias: Float32Array.from(t.offset) });
  }
  return out;
}

const weightSpecs = (p: Planned): { spec: TfjsWeightSpec; data: Float32Array }[] => [
  { spec: { name: `${p.name}/kernel`, shape: [p.units, p.units], dtype: 'float32' }, data: p.kernel },
  ...(p.bias ? [{ spec: { name: `${p.name}/bias`, shape: [p.units], dtype: 'float32' as const }, data: p.bias }] : []),
];

const denseJson = (p: Planned, from: string): TfjsLayerJson => ({
  name: p.name,
  class_name: 'Dense',
  config: { units: p.units, activation: 'linear', use_bias: p.bias !== null, name: p.name, trainable: false, dtype: 'float32' },
  inbound_nodes: [[[from, 0, 0, {}]]],
});

/** Replaces references to layer `from` by `to` in every inbound node of `layers`. */
function rewire(layers: TfjsLayerJson[], from: string, to: string): void {
  for (const l of layers) for (const node of l.inbound_nodes) if (Array.isArray(node)) for (const ref of node) if (Array.isArray(ref) && ref[0] === from) ref[0] = to;
}

/** Adds the scaling layers to the plan's layer list; returns the new output name, the weights to append and the metadata. */
export function addTfjsPreprocessing(layers: TfjsLayerJson[], input: string, output: string, pre: Preprocessing): { output: string; weights: { spec: TfjsWeightSpec; data: Float32Array }[]; meta: TfjsPreprocessingMeta } {
  const taken = new Set(layers.map((l) => l.name));
  const unique = (base: string) => {
    let n = base;
    for (let i = 1; taken.has(n); i++) n = `${base}_${i}`;
    taken.add(n);
    return n;
  };
  const names = [...(pre.features ? [unique('preprocess_offset'), unique('preprocess')] : []), ...(pre.targets ? [unique('postprocess')] : [])];
  const planned = plannedLayers(pre, names);
  let out = output;
  if (pre.features) {
    const [shift, scale] = planned;
    rewire(layers, input, scale.name);
    const at = layers.findIndex((l) => l.name === input) + 1;
    layers.splice(at, 0, denseJson(shift, input), denseJson(scale, shift.name));
  }
  if (pre.targets) {
    const post = planned[planned.length - 1];
    layers.push(denseJson(post, output));
    out = post.name;
  }
  return { output: out, weights: planned.flatMap(weightSpecs), meta: { mode: pre.mode, features: pre.features, targets: pre.targets, layers: names } };
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const numbers = (v: unknown, n?: number): v is number[] => Array.isArray(v) && v.every((x) => typeof x === 'number' && Number.isFinite(x)) && (n === undefined || v.length === n);

function readAffine(v: unknown, what: string, problems: string[]): Affine | null {
  if (v === null || v === undefined) return null;
  if (!isObj(v) || !numbers(v.offset) || !numbers(v.scale, v.offset.length) || v.offset.length === 0 || v.scale.some((s) => s <= 0)) {
    problems.push(`userDefinedMetadata.playground.preprocessing.${what} must be {offset, scale}: equal-length lists of finite numbers, scales above 0`);
    return null;
  }
  return { offset: [...v.offset], scale: [...v.scale] };
}

/**
 * Takes the scaling layers of our own export back out of `json` (a parsed model.json, changed in
 * place): the Preprocessing they applied and the names of their weights (which the import then
 * skips), or null when the file has none. The layers must be exactly those the export writes.
 */
export function stripTfjsPreprocessing(json: Json, meta: unknown, problems: string[], readWeight: (name: string) => Float32Array | null): { preprocessing: Preprocessing; weights: Set<string> } | null {
  if (meta === undefined) return null;
  const bad = (why: string) => {
    problems.push(`userDefinedMetadata.playground.preprocessing: ${why}`);
    return null;
  };
  if (!isObj(meta) || !SCALING_MODES.includes(meta.mode as never)) return bad('must be {mode, features, targets, layers} with mode one of none, standard, minmax');
  const before = problems.length;
  const pre: Preprocessing = { mode: meta.mode as Preprocessing['mode'], features: readAffine(meta.features, 'features', problems), targets: readAffine(meta.targets, 'targets', problems) };
  if (problems.length > before) return null;
  const want = (pre.features ? 2 : 0) + (pre.targets ? 1 : 0);
  const names = meta.layers;
  if (!Array.isArray(names) || names.length !== want || !names.every((n) => typeof n === 'string')) return bad(`layers must name the ${want} scaling layers`);
  const top = json.modelTopology;
  const cfg = isObj(top) && isObj(top.config) ? top.config : null;
  const layers = cfg && Array.isArray(cfg.layers) ? (cfg.layers as TfjsLayerJson[]) : null;
  if (!cfg || !layers || !layers.every(isObj)) return bad('the model topology has no layer list');
  const planned = plannedLayers(pre, names as string[]);
  const weights = new Set<string>();
  for (const p of planned) {
    const l = layers.find((x) => x.name === p.name);
    const src = l && Array.isArray(l.inbound_nodes) && l.inbound_nodes.length === 1 && Array.isArray(l.inbound_nodes[0]) ? (l.inbound_nodes[0] as unknown[]) : null;
    const ref = src && src.length === 1 && Array.isArray(src[0]) && typeof src[0][0] === 'string' ? (src[0][0] as string) : null;
    if (!l || l.class_name !== 'Dense' || !isObj(l.config) || l.config.units !== p.units || l.config.activation !== 'linear' || l.config.use_bias !== (p.bias !== null) || !ref) {
      return bad(`layer "${p.name}" is missing or is not the Dense(${p.units}) the export writes`);
    }
    for (const w of weightSpecs(p)) {
      const have = readWeight(w.spec.name);
      if (!have || have.length !== w.data.length || have.some((x, i) => !Object.is(x, w.data[i]))) return bad(`weight "${w.spec.name}" does not match the scaling constants`);
      weights.add(w.spec.name);
    }
    // Take the layer out: its consumers (or the model output) read its input instead.
    layers.splice(layers.indexOf(l), 1);
    rewire(layers, p.name, ref);
    if (Array.isArray(cfg.output_layers)) for (const o of cfg.output_layers) if (Array.isArray(o) && o[0] === p.name) o[0] = ref;
  }
  return { preprocessing: pre, weights };
}
