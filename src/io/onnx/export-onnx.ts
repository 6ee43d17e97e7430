/**
 * ONNX export (IR 8, opset 17): one `model.onnx` that onnxruntime runs, input and output
 * channels-last like the playground ([N, H, W, C] images, [N, T] int32 token ids, [N, T, F]
 * sequences), batch size free ('N').
 *
 * Each layer type's subgraph is its row of the ONNX table (onnx-layers.ts; recurrent layers and
 * their padding masks in onnx-recurrent.ts, the sequence layers in onnx-layers-sequence.ts); this
 * file keeps the values between rows (NCHW for images where Conv / pooling want it, channels-last
 * elsewhere), the activations, and the model's inputs, output and metadata (metadata_props: the loss,
 * the scaling, and a text model's tokenizer / a classifier's class names, model-labels.ts, each
 * under "webgpu-playground:<key>").
 * gelu -> x·½(1 + erf(x/√2)) (Gelu is an op only from opset 20); swish -> Mul(x, Sigmoid(x)); leaky_relu ->
 * LeakyRelu(alpha 0.2); hard_sigmoid -> HardSigmoid(alpha 1/6, beta 0.5), Keras 3's relu6(x+3)/6;
 * elu, selu, softplus, softsign, exponential -> Elu (alpha 1), Selu (its defaults are Keras's
 * constants), Softplus, Softsign, Exp.
 */
import { buildGraph, type GraphNode } from '../../engine/graph';
import type { LayerSpec } from '../../engine/spec';
import { layerParams, type ExportFile, type TrainedModel } from '../trained-model';
import { DT, OnnxGraph } from './onnx-graph';
import type { Preprocessing } from '../../data/scaling';
import { exportPreprocessing, PREPROCESSING_KEY, preprocessingJson } from '../preprocessing';
import { onnxPostprocess } from './preprocessing-onnx';
import { labelMetadata } from '../model-labels';
import { tableRow } from '../layer-table';
import { ONNX_ACT, OnnxExportError, type OnnxContext, type OnnxRow, type Value } from './onnx-context';
import { ONNX_LAYERS } from './onnx-layers';

export { OnnxExportError };

export const ONNX_FILE = 'model.onnx';

class Exporter implements OnnxContext {
  readonly g = new OnnxGraph();
  private values = new Map<string, Value>();
  private perms = new Map<string, string>();

  readonly pre: Preprocessing | null;
  constructor(private readonly model: TrainedModel) {
    this.pre = exportPreprocessing(model);
  }

  valueName(nodeId: string): string {
    return this.nhwc(this.value(nodeId));
  }

  value(id: string): Value {
    return this.values.get(id)!;
  }

  /** The value as NCHW (images) via a cached Transpose. */
  nchw(v: Value): string {
    if (v.nchw) return v.name;
    const key = `${v.name}->nchw`;
    if (!this.perms.has(key)) this.perms.set(key, this.g.op('Transpose', [v.name], `${v.name}/nchw`, [{ name: 'perm', ints: [0, 3, 1, 2] }]));
    return this.perms.get(key)!;
  }

  /** The value in the playground's channels-last layout. */
  nhwc(v: Value): string {
    if (!v.nchw) return v.name;
    const key = `${v.name}->nhwc`;
    if (!this.perms.has(key)) this.perms.set(key, this.g.op('Transpose', [v.name], `${v.name}/nhwc`, [{ name: 'perm', ints: [0, 2, 3, 1] }]));
    return this.perms.get(key)!;
  }

  /** Elementwise activation (layout kept) or softmax over the channels-last last axis. */
  activate(v: Value, act: string | undefined, hint: string): Value {
    switch (act ?? 'linear') {
      case 'linear':
        return v;
      case 'relu':
      case 'tanh':
      case 'sigmoid':
      case 'elu':
      case 'selu':
      case 'softplus':
      case 'softsign':
      case 'exponential':
        return { name: this.g.op(ONNX_ACT[act!], [v.name], hint), nchw: v.nchw };
      case 'leaky_relu':
        return { name: this.g.op('LeakyRelu', [v.name], hint, [{ name: 'alpha', float: 0.2 }]), nchw: v.nchw };
      case 'hard_sigmoid':
        return { name: this.g.op('HardSigmoid', [v.name], hint, [{ name: 'alpha', float: 1 / 6 }, { name: 'beta', float: 0.5 }]), nchw: v.nchw };
      case 'swish':
        return { name: this.g.op('Mul', [v.name, this.g.op('Sigmoid', [v.name], `${hint}/sigmoid`)], hint), nchw: v.nchw };
      case 'softmax':
        return { name: this.g.op('Softmax', [this.nhwc(v)], hint, [{ name: 'axis', int: -1 }]), nchw: false };
      case 'gelu': {
        const half = this.g.init(`${hint}/half`, Float32Array.of(0.5), []);
        const one = this.g.init(`${hint}/one`, Float32Array.of(1), []);
        const rsqrt2 = this.g.init(`${hint}/rsqrt2`, Float32Array.of(Math.SQRT1_2), []);
        const erf = this.g.op('Erf', [this.g.op('Mul', [v.name, rsqrt2], `${hint}/scaled`)], `${hint}/erf`);
        const phi = this.g.op('Mul', [this.g.op('Add', [erf, one], `${hint}/1+erf`), half], `${hint}/phi`);
        return { name: this.g.op('Mul', [v.name, phi], hint), nchw: v.nchw };
      }
      default:
        throw new OnnxExportError(`activation "${act}" has no ONNX export`);
    }
  }

  tensor(id: string, name: string): Float32Array {
    const p = layerParams(this.model, id).get(name);
    if (!p) throw new Error(`layer "${id}": parameter ${name} missing`);
    return p.data;
  }

  layer(n: GraphNode): Value {
    const row = tableRow<OnnxRow<LayerSpec>>(ONNX_LAYERS, n.spec, (m) => new OnnxExportError(m));
    return row(n.spec, n, n.inputs.length ? this.value(n.inputs[0].spec.id) : null, this);
  }

  run(): Uint8Array {
    const graph = buildGraph(this.model.spec);
    for (const n of graph.nodes) this.values.set(n.spec.id, this.layer(n));
    const out = this.value(graph.output.spec.id);
    const raw = this.pre?.targets ? onnxPostprocess(this.g, this.nhwc(out), this.pre.targets) : this.nhwc(out);
    const y = this.g.op('Identity', [raw], 'output');
    this.g.output(y, DT.FLOAT, ['N', ...graph.output.out.shape]);
    return this.g.toModel((this.model.spec.name ?? 'model').replace(/[^A-Za-z0-9_.-]/g, '_'), {
      'webgpu-playground:loss': this.model.spec.loss,
      ...(this.pre ? { [`webgpu-playground:${PREPROCESSING_KEY}`]: preprocessingJson(this.pre) } : {}),
      ...Object.fromEntries(Object.entries(labelMetadata(this.model)).map(([k, v]) => [`webgpu-playground:${k}`, v])),
    });
  }
}

export function exportOnnx(model: TrainedModel): ExportFile[] {
  return [{ name: ONNX_FILE, data: new Exporter(model).run() }];
}
