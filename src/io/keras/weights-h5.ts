/**
 * model.weights.h5 of a Keras 3 `.keras` file, laid out as keras 3.15 saves it:
 *   layers/<snake class>[_k]/vars            attribute name = layer name; datasets "0", "1", ...
 *   layers/<rnn>/cell/vars                   a recurrent layer's weights live on its cell
 *   layers/bidirectional/{forward,backward}_layer/cell/vars
 *   layers/multi_head_attention/{query,key,value,output}_dense/vars   (+ empty _dropout_layer, _softmax)
 *   vars                                     the model's own (none); attribute name = model name
 * where <snake class> is the layer's row of the Keras table (keras-layers.ts: its `h5` name, and
 * `h5Weights` for where the weights sit) and _k numbers repeated classes in `model.layers` order
 * (see keras-config.ts).
 * HDF5 comes from h5wasm, imported only here, lazily, when a Keras export is asked for: it is a
 * ~3 MB WebAssembly build of libhdf5 that the rest of the app never needs.
 */
import { layerParams, type TrainedModel } from '../trained-model';
import type { BidirectionalLayer } from '../../engine/spec';
import type { KerasOp } from './keras-config';
import { kerasRow } from './keras-layers';

type H5Group = { keys(): string[]; create_group(name: string): unknown; get(name: string): unknown; create_attribute(name: string, data: string): void; create_dataset(args: { name: string; data: Float32Array; shape: number[]; dtype: string }): unknown };

let counter = 0;

/** MultiHeadAttention's projection sub-layers and the variable-group names Keras gives them. */
const MHA_SUBLAYERS = [
  ['query_dense', 'query'],
  ['key_dense', 'key'],
  ['value_dense', 'value'],
  ['output_dense', 'attention_output'],
] as const;

export async function kerasWeightsH5(model: TrainedModel, ops: KerasOp[], modelName: string): Promise<Uint8Array> {
  const h5wasm = (await import('h5wasm')).default;
  const Module = await h5wasm.ready;
  const path = `/keras-export-${Date.now()}-${counter++}.weights.h5`;
  const file = new h5wasm.File(path, 'w');
  try {
    const group = (p: string): H5Group => {
      let cur = file as unknown as H5Group;
      for (const part of p.split('/').filter(Boolean)) {
        if (!cur.keys().includes(part)) cur.create_group(part);
        cur = cur.get(part) as H5Group;
      }
      return cur;
    };
    const vars = (p: string, name: string, tensors: { data: Float32Array; shape: number[] }[]) => {
      const g = group(`${p}/vars`.replace(/^\/+/, ''));
      g.create_attribute('name', name);
      tensors.forEach((t, i) => g.create_dataset({ name: String(i), data: t.data.slice(), shape: t.shape, dtype: '<f4' }));
    };
    group('layers');
    const used = new Map<string, number>();
    for (const op of ops) {
      if (op.norm) {
        // A Normalization of the scaling: constants in config.json, no variables.
        const n = used.get('normalization');
        used.set('normalization', n === undefined ? 0 : n + 1);
        vars(`layers/${n === undefined ? 'normalization' : `normalization_${n + 1}`}`, op.name, []);
        continue;
      }
      if (!op.node) continue; // NotEqual is an op, not a layer: no group
      const row = kerasRow(op.node.spec.type, op.node.spec.id);
      const k = row.layer(op.node.spec, op.node);
      const base = row.h5;
      const n = used.get(base);
      used.set(base, n === undefined ? 0 : n + 1);
      const p = `layers/${n === undefined ? base : `${base}_${n + 1}`}`;
      const params = layerParams(model, op.node.spec.id);
      const tensors = (prefix: string, ws = k.weights) =>
        ws.map((w) => {
          if (w.constant) return w.constant;
          const e = params.get(`${prefix}${w.entry}`);
          if (!e) throw new Error(`layer "${op.node!.spec.id}": parameter ${prefix}${w.entry} missing from the layout`);
          return { data: e.data, shape: w.shape ?? e.entry.shape };
        });
      switch (row.h5Weights) {
        case 'bidirectional': {
          const spec = op.node.spec as BidirectionalLayer;
          const cellCls = kerasRow(spec.layer.type, spec.id).h5;
          for (const dir of ['forward', 'backward']) {
            vars(`${p}/${dir}_layer/cell`, `${cellCls}_cell`, tensors(`${dir}_`));
            vars(`${p}/${dir}_layer`, `${dir}_${cellCls}`, []);
          }
          vars(p, op.name, []);
          break;
        }
        case 'attention':
          for (const [sub, varName] of MHA_SUBLAYERS) vars(`${p}/${sub}`, varName, tensors('', k.weights.filter((w) => w.sublayer === sub)));
          vars(`${p}/_dropout_layer`, 'dropout', []);
          vars(`${p}/_softmax`, 'softmax', []);
          vars(p, op.name, []);
          break;
        case 'cell':
          vars(`${p}/cell`, `${base}_cell`, tensors(''));
          vars(p, op.name, []);
          break;
        default:
          vars(p, op.name, tensors(''));
      }
    }
    vars('/', modelName, []);
    file.flush();
  } finally {
    file.close();
  }
  try {
    return Module.FS.readFile(path);
  } finally {
    Module.FS.unlink(path);
  }
}
