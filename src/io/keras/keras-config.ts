/**
 * config.json of a Keras 3 `.keras` file: the model as a Functional graph, written the way
 * keras 3.15 writes it (module/class_name/config/registered_name per layer, `__keras_tensor__`
 * references in inbound_nodes), plus the order Keras gives the layers (`model.layers`), which
 * decides the weight-file paths (layers/dense, layers/dense_1, ...).
 *
 * Padding masks are explicit: each layer the playground masks (graph.ts maskSource: a recurrent
 * layer, MultiHeadAttention's keys, GlobalAveragePooling1D) gets a NotEqual(ids, 0) op as its
 * `mask` (`value_mask` for MultiHeadAttention), and Embedding is written with mask_zero: false so
 * no implicit Keras mask reaches anything else. Keras's implicit propagation differs from the
 * playground: it would also mask MultiHeadAttention's queries (padded query rows then attend
 * uniformly) and recurrent layers behind a Dense.
 * A self-attention MultiHeadAttention is called with the same tensor as query and value;
 * `causal` is the call argument use_causal_mask.
 * Feature / target scaling (TrainedModel.preprocessing) adds Normalization ops after the Input and
 * after the output (keras-preprocessing.ts).
 */
import { maskSource, type GraphNode, type ModelGraph } from '../../engine/graph';
import { kerasNames, kerasRow } from './keras-layers';
import type { Preprocessing } from '../../data/scaling';
import { normalizationJson, normalizationOp, type KerasNorm } from './keras-preprocessing';

type Json = Record<string, unknown>;

const DTYPE_POLICY = { module: 'keras', class_name: 'DTypePolicy', config: { name: 'float32' }, registered_name: null };

/** One operation of the Keras graph: a layer, or the NotEqual that makes a mask from token ids. */
export interface KerasOp {
  name: string;
  /** The engine node (null for a NotEqual mask op). */
  node: GraphNode | null;
  /** A Normalization of the scaling (node null): its constants. */
  norm?: KerasNorm;
  /** For a NotEqual: the engine node whose output holds the ids. */
  idsOf?: GraphNode;
  /** Ops feeding the call: positional args, then the mask kwarg. */
  args: KerasOp[];
  mask: KerasOp | null;
  shape: (number | null)[];
  dtype: string;
}

/** The ops in Keras's `model.layers` order: by decreasing depth, ties by first visit from the output. */
export function kerasOps(graph: ModelGraph, pre: Preprocessing | null = null): KerasOp[] {
  const names = kerasNames(graph);
  const taken = new Set(names.values());
  const byId = new Map<string, KerasOp>();
  const masks = new Map<string, KerasOp>();
  for (const node of graph.nodes) {
    const op: KerasOp = { name: names.get(node.spec.id)!, node, args: node.inputs.map((i) => byId.get(i.spec.id)!), mask: null, shape: [null, ...node.out.shape], dtype: node.out.dtype };
    const ids = maskSource(node);
    if (ids) {
      let m = masks.get(ids);
      if (!m) {
        let name = 'not_equal';
        for (let i = 1; taken.has(name); i++) name = `not_equal_${i}`;
        taken.add(name);
        const idsOp = byId.get(ids)!;
        m = { name, node: null, idsOf: idsOp.node!, args: [idsOp], mask: null, shape: [...idsOp.shape], dtype: 'bool' };
        masks.set(ids, m);
      }
      op.mask = m;
    }
    byId.set(node.spec.id, node.spec.type === 'Input' && pre?.features ? normalizationOp(op, pre.features, false, taken) : op);
  }
  const last = byId.get(graph.output.spec.id)!;
  const outOp = pre?.targets ? normalizationOp(last, pre.targets, true, taken) : last;
  // Keras's map_graph: pre-order indices and post-order finishing from the output.
  const index = new Map<KerasOp, number>();
  const finished: KerasOp[] = [];
  const done = new Set<KerasOp>();
  const visit = (op: KerasOp) => {
    if (done.has(op)) return;
    if (!index.has(op)) index.set(op, index.size);
    for (const i of [...op.args, ...(op.mask ? [op.mask] : [])]) visit(i);
    done.add(op);
    finished.push(op);
  };
  visit(outOp);
  const depth = new Map<KerasOp, number>();
  for (const op of [...finished].reverse()) {
    const d = depth.get(op) ?? 0;
    depth.set(op, d);
    for (const i of [...op.args, ...(op.mask ? [op.mask] : [])]) depth.set(i, Math.max(depth.get(i) ?? 0, d + 1));
  }
  return [...finished].sort((a, b) => depth.get(b)! - depth.get(a)! || index.get(a)! - index.get(b)!);
}

function tensorRef(op: KerasOp): Json {
  return { class_name: '__keras_tensor__', config: { shape: op.shape, dtype: op.dtype, keras_history: [op.name, 0, 0] } };
}

function layerJson(op: KerasOp): Json {
  if (op.norm) return normalizationJson(op, DTYPE_POLICY);
  if (!op.node) {
    return { module: 'keras.src.ops.numpy', class_name: 'NotEqual', config: { name: op.name }, registered_name: 'NotEqual', name: op.name, inbound_nodes: [{ args: [tensorRef(op.args[0]), 0], kwargs: {} }] };
  }
  const node = op.node;
  const row = kerasRow(node.spec.type, node.spec.id);
  if (row.call === 'input') {
    return {
      module: 'keras.layers',
      class_name: 'InputLayer',
      config: { batch_shape: op.shape, dtype: op.dtype, sparse: false, ragged: false, name: op.name, optional: false },
      registered_name: null,
      name: op.name,
      inbound_nodes: [],
    };
  }
  const k = row.layer(node.spec, node);
  const base: Json = { name: op.name, trainable: true, dtype: DTYPE_POLICY };
  const config = row.jsonConfig ? row.jsonConfig(node.spec, k, base) : { ...base, ...k.config };
  if (row.call === 'attention') {
    const [q, v] = [op.args[0], op.args[op.args.length - 1]];
    const kwargs: Json = {};
    if (op.mask) kwargs.value_mask = tensorRef(op.mask);
    if (node.spec.type === 'MultiHeadAttention' && node.spec.causal) kwargs.use_causal_mask = true;
    return {
      module: 'keras.layers',
      class_name: k.className,
      config,
      registered_name: null,
      build_config: { shapes_dict: { query_shape: q.shape, value_shape: v.shape } },
      name: op.name,
      inbound_nodes: [{ args: [tensorRef(q), tensorRef(v)], kwargs }],
    };
  }
  const list = row.call === 'list';
  const args = list ? [op.args.map(tensorRef)] : op.args.map(tensorRef);
  const kwargs: Json = op.mask ? { mask: tensorRef(op.mask) } : {};
  const inShape = list ? op.args.map((a) => a.shape) : op.args[0].shape;
  return {
    module: 'keras.layers',
    class_name: k.className,
    config,
    registered_name: null,
    build_config: { input_shape: inShape },
    name: op.name,
    inbound_nodes: [{ args, kwargs }],
  };
}

/** config.json's object for the whole model. */
export function kerasModelConfig(graph: ModelGraph, ops: KerasOp[], modelName: string): Json {
  const byNode = new Map(ops.filter((o) => o.node).map((o) => [o.node!.spec.id, o]));
  const inputs = graph.inputs.map((n) => [byNode.get(n.spec.id)!.name, 0, 0]);
  return {
    module: 'keras.src.models.functional',
    class_name: 'Functional',
    config: {
      name: modelName,
      trainable: true,
      layers: ops.map(layerJson),
      input_layers: inputs.length === 1 ? inputs[0] : inputs,
      output_layers: [(ops.find((o) => o.norm?.invert) ?? byNode.get(graph.output.spec.id)!).name, 0, 0],
    },
    registered_name: 'Functional',
    build_config: { input_shape: null },
    compile_config: null,
  };
}
