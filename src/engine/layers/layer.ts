/**
 * What every layer type provides, in one place per type: field validation and shape inference,
 * its parameters, the dispatches of its forward and backward passes, a float64 reference
 * forward used by whole-model gradient checks, and what the rest of the app asks about the type
 * (inspector fields, new-layer settings, activation role, mask rule, FLOPs, canvas detail; the
 * descriptor types live in fields.ts and layer-meta.ts), so code elsewhere need not switch on types.
 */
import type { Binding, Dispatcher } from '../../kernels/dispatch';
import type { Initializer, LayerSpec } from '../spec';
import type { FieldDesc } from './fields';
import type { ActivationRole, MaskRule } from './layer-meta';

export type DType = 'float32' | 'int32';

export interface TensorType {
  /** Shape without the batch axis. */
  shape: number[];
  dtype: DType;
}

/** The parameter names of a plain layer; Bidirectional prefixes its two directions' ones. */
export type BaseParamName = 'weight' | 'recurrent_weight' | 'bias';

/** LayerNormalization's scale and offset; MultiHeadAttention's four projections. */
export type TransformerParamName = 'gamma' | 'beta' | `${'query' | 'key' | 'value' | 'output'}_${'weight' | 'bias'}`;

/** BatchNormalization's moving statistics (not trained: see ParamDecl.trainable). */
export type MovingStatName = 'moving_mean' | 'moving_variance';

export interface ParamDecl {
  name: BaseParamName | `${'forward' | 'backward'}_${BaseParamName}` | TransformerParamName | MovingStatName;
  /** Engine layout (Keras): Dense kernel is [in, out]. */
  shape: number[];
  init: Initializer;
  /** Kernels get weight decay, biases do not. */
  decay: boolean;
  /** fan_in / fan_out for the initializers. */
  fanIn: number;
  fanOut: number;
  /**
   * False for a layer's state that the forward pass itself updates (Keras non-trainable weights:
   * BatchNormalization's moving statistics): laid out after every trained parameter, so the
   * optimizer, weight decay and the gradient clip norm never see it (ParamLayout.trainEnd).
   */
  trainable?: false;
}

export type ErrorSink = (field: string, message: string) => void;

/** A GPU buffer region bound to one binding slot. */
export type { Binding };

export interface GradTarget {
  buffer: GPUBuffer;
  /** True when an earlier-emitted consumer already wrote this gradient in this step. */
  accumulate: boolean;
}

/** The compiler's view of one layer while it emits dispatches. */
export interface NodeView<L extends LayerSpec = LayerSpec> {
  spec: L;
  /**
   * For a recurrent layer fed (possibly through Dropout) by an Embedding with maskZero: the node
   * whose value holds the [B, T] int32 token ids; steps with id 0 carry the state over.
   */
  maskIds?: string;
  inputs: { shape: number[]; dtype: DType; id: string }[];
  shape: number[];
  /** Output activation to apply; the loss may have taken a final softmax/sigmoid over. */
  activation: string | null;
  paramOffsets: Record<string, number>;
  /** Set by the float64 reference model only: a training-mode or evaluation-mode forward (default 'infer'). */
  mode?: 'train' | 'infer';
}

/** Layers launch kernels through the typed launchers of src/kernels/<family>/, which call dispatch. */
export interface Emitter extends Dispatcher {
  readonly batch: number;
  readonly mode: 'train' | 'infer';
  readonly params: GPUBuffer;
  readonly grads: GPUBuffer;
  /** The per-step uniform (struct Step, src/kernels/step-uniform.ts: base, rows, step, seed, lr, alpha, clip). */
  readonly stepUniform: GPUBuffer;
  value(nodeId: string): GPUBuffer;
  /** A buffer private to one node, created once (pre-activations, masks, argmax indices). */
  scratch(key: string, elements: number): GPUBuffer;
  /**
   * A read-only storage buffer holding `data`, created and uploaded once (e.g. per-timestep
   * indices bound at 256-byte offsets, one bind group per timestep, one pipeline for all).
   */
  constants(key: string, data: Uint32Array | Int32Array | Float32Array): GPUBuffer;
  /** Where this node's output gradient lives (read it in backward). */
  outputGrad(nodeId: string): GPUBuffer;
  /** Where to write the gradient of input `i` of the current node, or null if it needs none. */
  inputGrad(node: NodeView, i: number): GradTarget | null;
}

export interface LayerDef<L extends LayerSpec = LayerSpec> {
  type: L['type'];
  /** Allowed number of inputs. */
  arity: [number, number];
  /** Plain-language one-liner for the palette and errors. */
  summary: string;
  /** The inspector's editable fields (kind, label, bounds, default, help). */
  fields: FieldDesc[];
  /** Fields a layer may carry that the inspector does not edit (type-checked when a project loads). */
  storedFields?: FieldDesc[];
  /** A new layer's settings in the editor, besides id, type and inputs. */
  initial: Omit<L, 'id' | 'type' | 'inputs'>;
  /** How its `activation` field acts on its output (compiler and loss checks alike). */
  activation: ActivationRole;
  /** What it does with an Embedding's padding mask. */
  mask: MaskRule<L>;
  /** Forward FLOPs of one sample, roughly (the editor's cost estimate). */
  flops(layer: L, inShapes: number[][], outShape: number[]): number;
  /** The one-line detail text of its node on the canvas ('' for none). */
  detail(layer: L): string;
  infer(layer: L, inputs: TensorType[], err: ErrorSink): TensorType | null;
  params(layer: L, inputs: TensorType[]): ParamDecl[];
  /** Output aliases input 0's buffer (Flatten, Reshape): no forward work. */
  aliasesInput?: boolean;
  forward(e: Emitter, n: NodeView<L>): void;
  backward(e: Emitter, n: NodeView<L>): void;
  /** float64 reference forward on a batch: inputs are [batch, ...shape] flat arrays. */
  reference(layer: L, n: NodeView<L>, inputs: Float64Array[], params: Record<string, Float64Array>, batch: number): Float64Array;
}

export const size = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);
export const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);
