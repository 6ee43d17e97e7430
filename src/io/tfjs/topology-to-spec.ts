/**
 * Reads a TF.js / Keras 2 layers topology (model.json's `modelTopology`: a functional "Model" or a
 * "Sequential") into the layers of a model spec. Untrusted input: every field is type-checked and
 * every problem is collected (layer name and field) rather than thrown one at a time.
 * Only what the engine can train maps; anything else (an initializer aside) is a listed problem.
 * The attention composites of our own export (tfjs-attention.ts) are read from their metadata:
 * their inner layers are skipped and the group becomes the one engine layer it stands for
 * (composite-import.ts checks the group against the spec afterwards).
 */
import type { Activation, LayerSpec } from '../../engine/spec';
import { ACTIVATIONS } from '../../engine/spec';
import type { CompositeMeta } from './tfjs-attention';
import { compositeLayer, showJson } from './composite-import';

type Json = Record<string, unknown>;

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isPosInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1;
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

type Report = (field: string, msg: string) => void;

function act(cfg: Json, key: string, dflt: Activation, p: Report): Activation {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'string' || !ACTIVATIONS.includes(v as Activation)) {
    p(key, `unsupported activation ${show(v)}; the playground has ${ACTIVATIONS.join(', ')}`);
    return dflt;
  }
  return v as Activation;
}

function bool(cfg: Json, key: string, dflt: boolean, p: Report): boolean {
  const v = cfg[key] ?? dflt;
  if (typeof v !== 'boolean') {
    p(key, `must be true or false (got ${show(v)})`);
    return dflt;
  }
  return v;
}

function posInt(cfg: Json, key: string, p: Report): number {
  const v = cfg[key];
  if (!isPosInt(v)) {
    p(key, `must be a positive whole number (got ${show(v)})`);
    return 1;
  }
  return v;
}

function pair(cfg: Json, key: string, dflt: [number, number] | null, p: Report): [number, number] {
  const v = cfg[key] ?? dflt;
  const a = isPosInt(v) ? [v, v] : v;
  if (!Array.isArray(a) || a.length !== 2 || !a.every(isPosInt)) {
    p(key, `must be a positive whole number or a pair of them (got ${show(v)})`);
    return [1, 1];
  }
  return [a[0], a[1]];
}

function padding(cfg: Json, p: Report): 'valid' | 'same' {
  const v = cfg.padding ?? 'valid';
  if (v !== 'valid' && v !== 'same') {
    p('padding', `must be "valid" or "same" (got ${show(v)})`);
    return 'valid';
  }
  return v;
}

function channelsLast(cfg: Json, p: Report): void {
  if (cfg.data_format !== undefined && cfg.data_format !== null && cfg.data_format !== 'channels_last') p('data_format', `only channels_last is supported (got ${show(cfg.data_format)})`);
}

function noRecurrentExtras(cfg: Json, p: Report): void {
  for (const k of ['go_backwards', 'stateful', 'return_state']) if (cfg[k] === true) p(k, 'is not supported');
  for (const k of ['dropout', 'recurrent_dropout']) if (cfg[k] !== undefined && cfg[k] !== 0) p(k, `is not supported (got ${show(cfg[k])})`);
}

function readInput(cfg: Json, name: string, problems: string[]): LayerSpec | null {
  const shape = cfg.batch_input_shape ?? cfg.batch_shape;
  if (!Array.isArray(shape) || shape.length < 2 || !shape.slice(1).every(isPosInt)) {
    problems.push(`layer "${name}" (InputLayer) batch_input_shape: must be [null, positive whole numbers...] (got ${show(shape)})`);
    return null;
  }
  const dt = cfg.dtype ?? 'float32';
  if (dt !== 'float32' && dt !== 'int32') {
    problems.push(`layer "${name}" (InputLayer) dtype: must be float32 or int32 (got ${show(dt)})`);
    return null;
  }
  return { id: name, type: 'Input', shape: shape.slice(1) as number[], dtype: dt, inputs: [] };
}

function mapLayer(cls: string, cfg: Json, id: string, p: Report, problems: string[]): LayerSpec | null {
  switch (cls) {
    case 'InputLayer':
      return readInput(cfg, id, problems);
    case 'Dense':
      return { id, type: 'Dense', units: posInt(cfg, 'units', p), activation: act(cfg, 'activation', 'linear', p), useBias: bool(cfg, 'use_bias', true, p) };
    case 'Activation':
      return { id, type: 'Activation', activation: act(cfg, 'activation', 'linear', p) };
    case 'Add':
      return { id, type: 'Add' };
    case 'Flatten':
      channelsLast(cfg, p);
      return { id, type: 'Flatten' };
    case 'Reshape': {
      const t = cfg.target_shape;
      if (!Array.isArray(t) || !t.every(isPosInt)) p('target_shape', `must be a list of positive whole numbers (got ${show(t)})`);
      return { id, type: 'Reshape', targetShape: Array.isArray(t) ? (t as number[]) : [] };
    }
    case 'Conv2D': {
      channelsLast(cfg, p);
      const d = pair(cfg, 'dilation_rate', [1, 1], p);
      if (d[0] !== 1 || d[1] !== 1) p('dilation_rate', 'only 1 is supported');
      if (cfg.groups !== undefined && cfg.groups !== 1) p('groups', 'only 1 is supported');
      return {
        id,
        type: 'Conv2D',
        filters: posInt(cfg, 'filters', p),
        kernelSize: pair(cfg, 'kernel_size', null, p),
        strides: pair(cfg, 'strides', [1, 1], p),
        padding: padding(cfg, p),
        activation: act(cfg, 'activation', 'linear', p),
        useBias: bool(cfg, 'use_bias', true, p),
      };
    }
    case 'MaxPooling2D':
    case 'AveragePooling2D': {
      channelsLast(cfg, p);
      const pool = pair(cfg, 'pool_size', [2, 2], p);
      return { id, type: cls, poolSize: pool, strides: cfg.strides === null ? pool : pair(cfg, 'strides', pool, p), padding: padding(cfg, p) };
    }
    case 'GlobalAveragePooling2D':
      channelsLast(cfg, p);
      if (cfg.keepdims === true) p('keepdims', 'is not supported');
      return { id, type: 'GlobalAveragePooling2D' };
    case 'Dropout': {
      const r = cfg.rate;
      if (typeof r !== 'number' || !(r >= 0 && r < 1)) p('rate', `must be a number in [0, 1) (got ${show(r)})`);
      return { id, type: 'Dropout', rate: typeof r === 'number' ? r : 0 };
    }
    case 'LayerNormalization': {
      const axis = cfg.axis ?? -1;
      if (!(axis === -1 || (Array.isArray(axis) && axis.length === 1 && axis[0] === -1))) p('axis', `only the last axis (-1) is supported (got ${show(axis)})`);
      for (const k of ['center', 'scale']) if (cfg[k] === false) p(k, 'must be true (the playground always learns gamma and beta)');
      if (cfg.rms_scaling === true) p('rms_scaling', 'is not supported');
      const eps = cfg.epsilon ?? 1e-3;
      if (typeof eps !== 'number' || !(eps > 0)) p('epsilon', `must be a positive number (got ${show(eps)})`);
      return { id, type: 'LayerNormalization', epsilon: typeof eps === 'number' ? eps : 1e-3 };
    }
    case 'GlobalAveragePooling1D':
      channelsLast(cfg, p);
      if (cfg.keepdims === true) p('keepdims', 'is not supported');
      return { id, type: 'GlobalAveragePooling1D' };
    case 'Bidirectional': {
      const merge = cfg.merge_mode ?? 'concat';
      if (merge !== 'concat' && merge !== 'sum') p('merge_mode', `must be "concat" or "sum" (got ${show(merge)})`);
      const inner = cfg.layer;
      if (!isObj(inner) || typeof inner.class_name !== 'string' || !isObj(inner.config) || !['SimpleRNN', 'LSTM', 'GRU'].includes(inner.class_name)) {
        p('layer', `must be a SimpleRNN, LSTM or GRU layer (got ${show(isObj(inner) ? inner.class_name : inner)})`);
        return null;
      }
      const cell = mapLayer(inner.class_name, inner.config, `${id}/${inner.class_name}`, p, problems);
      if (!cell) return null;
      const { id: _id, inputs: _inputs, ...layer } = cell as LayerSpec & { inputs?: string[] };
      return { id, type: 'Bidirectional', layer: layer as never, mergeMode: merge === 'sum' ? 'sum' : 'concat' };
    }
    case 'Embedding':
      return { id, type: 'Embedding', inputDim: posInt(cfg, 'input_dim', p), outputDim: posInt(cfg, 'output_dim', p), maskZero: bool(cfg, 'mask_zero', false, p) };
    case 'SimpleRNN':
      noRecurrentExtras(cfg, p);
      return {
        id,
        type: 'SimpleRNN',
        units: posInt(cfg, 'units', p),
        activation: act(cfg, 'activation', 'tanh', p),
        useBias: bool(cfg, 'use_bias', true, p),
        returnSequences: bool(cfg, 'return_sequences', false, p),
      };
    case 'LSTM':
      noRecurrentExtras(cfg, p);
      return {
        id,
        type: 'LSTM',
        units: posInt(cfg, 'units', p),
        activation: act(cfg, 'activation', 'tanh', p),
        recurrentActivation: act(cfg, 'recurrent_activation', 'sigmoid', p),
        useBias: bool(cfg, 'use_bias', true, p),
        unitForgetBias: bool(cfg, 'unit_forget_bias', true, p),
        returnSequences: bool(cfg, 'return_sequences', false, p),
      };
    case 'GRU':
      noRecurrentExtras(cfg, p);
      if (cfg.reset_after !== true) p('reset_after', 'only reset_after: true is supported');
      return {
        id,
        type: 'GRU',
        units: posInt(cfg, 'units', p),
        activation: act(cfg, 'activation', 'tanh', p),
        recurrentActivation: act(cfg, 'recurrent_activation', 'sigmoid', p),
        useBias: bool(cfg, 'use_bias', true, p),
        resetAfter: true,
        returnSequences: bool(cfg, 'return_sequences', false, p),
      };
    default:
      problems.push(`layer "${id}": layer class ${show(cls)} is not supported by the playground`);
      return null;
  }
}
