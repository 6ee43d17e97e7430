/**
 * Validation and shape inference: turns a model spec into a checked, topologically ordered graph,
 * or a list of errors each naming the offending layer and field.
 */
import { LAYERS, layerDef } from './layers/registry';
import { size, type LayerDef, type ParamDecl, type TensorType } from './layers/layer';
import { headActivation } from './layers/layer-meta';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth';
import { allHyperFields, hyperProblem } from './optimizers';
import { lossOptionsProblem, lossRow } from './losses';
import { classWeightsFitProblem, lossClasses } from './class-weights';
import { LOSSES, OPTIMIZERS, SPEC_FORMAT, SPEC_VERSION, type LayerSpec, type ModelSpec } from './spec';

export interface SpecError {
  /** Layer id, or null for model-level fields (loss, optimizer, output). */
  layer: string | null;
  field: string;
  message: string;
}

export class SpecValidationError extends Error {
  constructor(readonly errors: SpecError[]) {
    super(errors.map(formatSpecError).join('\n'));
    this.name = 'SpecValidationError';
  }
}

export function formatSpecError(e: SpecError): string {
  return e.layer ? `layer "${e.layer}" ${e.field}: ${e.message}` : `${e.field}: ${e.message}`;
}

export interface GraphNode {
  spec: LayerSpec;
  def: LayerDef;
  inputs: GraphNode[];
  consumers: GraphNode[];
  out: TensorType;
  params: ParamDecl[];
  paramCount: number;
}

export interface ModelGraph {
  spec: ModelSpec;
  /** Topological order; only layers that feed the output. */
  nodes: GraphNode[];
  byId: Map<string, GraphNode>;
  inputs: GraphNode[];
  output: GraphNode;
  paramCount: number;
}

export interface Analysis {
  graph: ModelGraph | null;
  errors: SpecError[];
  /** Output shape per layer id where inference got that far (for the editor). */
  shapes: Map<string, TensorType>;
  paramCounts: Map<string, number>;
}

const isPosNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0;

/** Most layers a model may have: analysis and the editor stay fast, and no real model needs more. */
export const MAX_LAYERS = 2000;
/** Most elements in one tensor (per sample, or one parameter): GPU indices are 32-bit. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

/** Why a shape cannot be a tensor (an element count that is not a safe integer or over the cap), or null. */
export function tensorSizeProblem(shape: readonly number[]): string | null {
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return `shape [${shape.join(', ')}] has a dimension that is not a whole number`;
  const n = size(shape);
  if (!Number.isSafeInteger(n) || n > MAX_TENSOR_ELEMENTS) return `shape [${shape.join(', ')}] has ${n.toExponential(3)} elements, more than the ${MAX_TENSOR_ELEMENTS} a tensor may hold`;
  return null;
}

export function analyzeModel(spec: ModelSpec): Analysis {
  const errors: SpecError[] = [];
  const shapes = new Map<string, TensorType>();
  const paramCounts = new Map<string, number>();
  const fail = (): Analysis => ({ graph: null, errors, shapes, paramCounts });
  const top = (field: string, message: string) => errors.push({ layer: null, field, message });

  if (!spec || typeof spec !== 'object') {
    top('spec', 'the model spec must be a JSON object');
    return fail();
  }
  if (nestsDeeperThan(spec)) {
    top('spec', `the model spec nests more than ${MAX_JSON_DEPTH} levels deep`);
    return fail();
  }
  if (spec.format !== SPEC_FORMAT) top('format', `expected "${SPEC_FORMAT}", got ${JSON.stringify(spec.format)}`);
  if (spec.version !== SPEC_VERSION) top('version', `this app reads version ${SPEC_VERSION}, got ${JSON.stringify(spec.version)}`);
  if (!Array.isArray(spec.layers) || spec.layers.length === 0) {
    top('layers', 'the model has no layers');
    return fail();
  }
  if (spec.layers.length > MAX_LAYERS) {
    top('layers', `the model has ${spec.layers.length} layers; at most ${MAX_LAYERS} are supported`);
    return fail();
  }

  // Ids and types.
  const byId = new Map<string, LayerSpec>();
  for (const [i, l] of spec.layers.entries()) {
    const id = typeof l?.id === 'string' && l.id.length > 0 ? l.id : null;
    if (!id) {
      errors.push({ layer: `#${i}`, field: 'id', message: 'every layer needs a non-empty id' });
      continue;
    }
    if (byId.has(id)) errors.push({ layer: id, field: 'id', message: 'two layers share this id' });
    byId.set(id, l);
    if (!layerDef(l.type)) {
      errors.push({ layer: id, field: 'type', message: `unknown layer type "${l.type}"; known types: ${Object.keys(LAYERS).join(', ')}` });
    }
    if (l.inputs !== undefined && (!Array.isArray(l.inputs) || l.inputs.some((s) => typeof s !== 'string'))) {
      errors.push({ layer: id, field: 'inputs', message: 'inputs must be a list of layer ids' });
    }
  }
  if (errors.length) return fail();

  // Connections: missing inputs and arity.
  for (const l of spec.layers) {
    const ins = l.inputs ?? [];
    const def = layerDef(l.type)!;
    for (const src of ins) {
      if (!byId.has(src)) errors.push({ layer: l.id, field: 'inputs', message: `input "${src}" does not exist` });
    }
    const [lo, hi] = def.arity;
    if (ins.length < lo || ins.length > hi) {
      const want = lo === hi ? `${lo}` : `${lo} to ${hi}`;
      errors.push({
        layer: l.id,
        field: 'inputs',
        message: lo > 0 && ins.length === 0 ? `is not connected: it needs ${want} input${hi === 1 ? '' : 's'}` : `${l.type} takes ${want} input${hi === 1 ? '' : 's'}, got ${ins.length}`,
      });
    }
  }
  if (errors.length) return fail();

  // Topological order (Kahn) and cycle detection.
  const indeg = new Map<string, number>();
  const users = new Map<string, string[]>();
  for (const l of spec.layers) {
    indeg.set(l.id, (l.inputs ?? []).length);
    for (const src of l.inputs ?? []) {
      const list = users.get(src);
      if (list) list.push(l.id);
      else users.set(src, [l.id]);
    }
  }
  const order: string[] = [];
  const ready = spec.layers.filter((l) => indeg.get(l.id) === 0).map((l) => l.id);
  for (let head = 0; head < ready.length; head++) {
    const id = ready[head];
    order.push(id);
    for (const u of users.get(id) ?? []) {
      const d = indeg.get(u)! - 1;
      indeg.set(u, d);
      if (d === 0) ready.push(u);
    }
  }
  if (order.length !== spec.layers.length) {
    const done = new Set(order);
    const stuck = spec.layers.filter((l) => !done.has(l.id)).map((l) => l.id);
    errors.push({ layer: stuck[0], field: 'inputs', message: `is part of a cycle (${stuck.join(' -> ')}); connections must flow one way` });
    return fail();
  }

  // Output and reachability.
  if (typeof spec.output !== 'string' || !byId.has(spec.output)) {
    top('output', `the output layer "${spec.output}" does not exist`);
    return fail();
  }
  const live = new Set<string>();
  const stack = [spec.output];
  while (stack.length) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...(byId.get(id)!.inputs ?? []));
  }
  for (const l of spec.layers) {
    if (!live.has(l.id)) errors.push({ layer: l.id, field: 'output', message: `is disconnected: nothing connects it to the output layer "${spec.output}"` });
  }

  // Shape inference in topological order.
  const nodes: GraphNode[] = [];
  const nodeById = new Map<string, GraphNode>();
  for (const id of order) {
    const l = byId.get(id)!;
    const def = layerDef(l.type)!;
    const ins = (l.inputs ?? []).map((s) => nodeById.get(s));
    if (ins.some((n) => !n)) continue; // an upstream layer already failed
    const inTypes = ins.map((n) => n!.out);
    let ok = true;
    const out = def.infer(l as never, inTypes, (field, message) => {
      ok = false;
      errors.push({ layer: id, field, message });
    });
    if (!out || !ok) continue;
    const outProblem = tensorSizeProblem(out.shape);
    if (outProblem) {
      errors.push({ layer: id, field: 'shape', message: `the output ${outProblem}` });
      continue;
    }
    const params = def.params(l as never, inTypes);
    const paramProblem = params.map((p) => tensorSizeProblem(p.shape)).find((m) => m !== null);
    if (paramProblem) {
      errors.push({ layer: id, field: 'params', message: `a parameter of ${paramProblem}` });
      continue;
    }
    const paramCount = params.reduce((a, p) => a + size(p.shape), 0);
    const node: GraphNode = { spec: l, def, inputs: ins as GraphNode[], consumers: [], out, params, paramCount };
    for (const n of node.inputs) n.consumers.push(node);
    shapes.set(id, out);
    paramCounts.set(id, paramCount);
    nodeById.set(id, node);
    if (live.has(id)) nodes.push(node);
  }
  for (const n of nodes) n.consumers = n.consumers.filter((c) => live.has(c.spec.id));

  // Loss and optimizer.
  if (!LOSSES.includes(spec.loss)) top('loss', `unknown loss "${spec.loss}"; choose one of ${LOSSES.join(', ')}`);
  const out = nodeById.get(spec.output);
  if (out && LOSSES.includes(spec.loss)) {
    const err = lossFitError(spec, out);
    if (err) errors.push({ layer: spec.output, field: 'loss', message: err });
  }
  const lossProblem = lossOptionsProblem(spec.lossOptions);
  if (lossProblem) top('lossOptions', lossProblem);
  else if (out && LOSSES.includes(spec.loss)) {
    const fit = classWeightsFitProblem(spec.lossOptions?.classWeights, spec.loss, lossClasses(spec.loss, out.out.shape));
    if (fit) top('lossOptions', fit);
  }
  checkOptimizer(spec, top);
  if (errors.length || !out) return fail();

  const inputs = nodes.filter((n) => n.spec.type === 'Input');
  const paramCount = nodes.reduce((a, n) => a + n.paramCount, 0);
  // All parameters live in one flat buffer indexed with 32-bit integers.
  if (paramCount > MAX_TENSOR_ELEMENTS) {
    top('params', `the model has ${paramCount.toExponential(3)} parameters, more than the ${MAX_TENSOR_ELEMENTS} one model may hold`);
    return fail();
  }
  return { graph: { spec, nodes, byId: nodeById, inputs, output: out, paramCount }, errors, shapes, paramCounts };
}

/**
 * The activation a node ends in as the loss checks and loss plan see it: its `activation` field
 * when its definition's activation role is 'head' (Dense, Activation), else 'linear'.
 */
export function finalActivation(spec: LayerSpec): string {
  const def = layerDef(spec.type);
  return def ? headActivation(def.activation, spec) : 'linear';
}

/** Whether the output fits the loss, from the loss's row in the loss table (losses.ts). */
function lossFitError(spec: ModelSpec, out: GraphNode): string | null {
  const row = lossRow(spec.loss);
  const act = finalActivation(out.spec);
  const shape = out.out.shape;
  if (row.wholeRow && shape.length !== 1) return `${spec.loss} compares each sample's whole output as one vector: it needs a 1-D output, got [${shape.join(', ')}]; add a Flatten before the last Dense`;
  if (row.needs === 'not_softmax') {
    // Not "use cross-entropy": on a regression dataset the fix is a linear output (the UI names the whole fix for the dataset).
    if (act === 'softmax') return `${spec.loss} on a softmax output is almost never intended: a classifier keeps softmax with a cross-entropy loss, a regression model needs a linear output`;
    return null;
  }
  if (act !== row.needs) return `${spec.loss} needs a ${row.needs} output; this layer ends in "${act}"`;
  if (row.binary) return null;
  // Per timestep (a language model): [T, classes] with one class id per position as the label.
  if (row.perPosition && shape.length === 2) {
    return shape[1] < 2 ? `${spec.loss} per position needs at least 2 classes, got [${shape.join(', ')}]` : null;
  }
  if (shape.length !== 1 || shape[0] < 2) return `${spec.loss} needs an output of [classes] with at least 2 classes, got [${shape.join(', ')}]${shape.length > 1 ? '; add a Flatten (or a global pooling layer) before the last Dense, or use sparse_categorical_crossentropy for one class per position of a [T, classes] output' : ''}`;
  return null;
}

function checkOptimizer(spec: ModelSpec, top: (field: string, message: string) => void): void {
  const o = spec.optimizer as unknown as Record<string, unknown> | undefined;
  if (!o || typeof o !== 'object' || !OPTIMIZERS.includes(o.type as never)) {
    top('optimizer', `unknown optimizer ${JSON.stringify(o?.type)}; choose one of ${OPTIMIZERS.join(', ')}`);
    return;
  }
  // Every numeric hyperparameter of any optimizer (the table's ranges), positive ones first.
  for (const range of ['positive', 'fraction'] as const) {
    for (const f of allHyperFields().filter((h) => h.range === range)) {
      const bad = o[f.key] !== undefined && hyperProblem(f, o[f.key], 'spec');
      if (bad) top(`optimizer.${f.key}`, `${bad} (got ${JSON.stringify(o[f.key])})`);
    }
  }
  if (spec.weightDecay !== undefined && !(typeof spec.weightDecay === 'number' && spec.weightDecay >= 0)) top('weightDecay', `must be zero or positive (got ${JSON.stringify(spec.weightDecay)})`);
  if (spec.clipNorm !== undefined && !isPosNum(spec.clipNorm)) top('clipNorm', `must be a positive number (got ${JSON.stringify(spec.clipNorm)})`);
}

/** Throws SpecValidationError unless the spec is valid. */
export function buildGraph(spec: ModelSpec): ModelGraph {
  const a = analyzeModel(spec);
  if (!a.graph) throw new SpecValidationError(a.errors);
  return a.graph;
}

/**
 * For a layer that reads a padding mask (its definition's `mask.consumes`: the recurrent layers on
 * their input, the attention family on their key/value input): the id of the node holding the
 * token ids of an Embedding with maskZero that reaches it through layers passing the mask along
 * that chain (Keras mask propagation; see MaskChain in layers/layer-meta.ts), so padded steps
 * (id 0) carry the state over or are left out.
 */
export function maskSource(n: GraphNode): string | undefined {
  const reads = n.def.mask.consumes;
  if (!reads) return undefined;
  let src: GraphNode | undefined = reads.input === 'first' ? n.inputs[0] : n.inputs[n.inputs.length - 1];
  while (src && src.def.mask.passes(src.spec).includes(reads.chain)) src = src.inputs[0];
  return src && src.def.mask.produces?.(src.spec) ? src.inputs[0].spec.id : undefined;
}
