/**
 * What a row of the ONNX table (onnx-layers.ts) works with: the graph being written and the
 * exporter's view of the values so far (export-onnx.ts). Values are channels-last like the
 * playground, except rank-3 (per-sample) images, which may be held NCHW for Conv / pooling; `nchw`
 * and `nhwc` give either layout through one cached Transpose.
 */
import type { GraphNode } from '../../engine/graph';
import type { LayerSpec } from '../../engine/spec';
import type { Preprocessing } from '../../data/scaling';
import type { OnnxGraph } from './onnx-graph';

export class OnnxExportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OnnxExportError';
  }
}

/** The ONNX ops of the elementwise activations that have one. */
export const ONNX_ACT: Record<string, string> = {
  sigmoid: 'Sigmoid', tanh: 'Tanh', relu: 'Relu', elu: 'Elu', selu: 'Selu', softplus: 'Softplus', softsign: 'Softsign', exponential: 'Exp',
};

/** A tensor of the ONNX graph; rank-3 (per-sample) images may be held in NCHW. */
export interface Value {
  name: string;
  nchw: boolean;
}

export interface OnnxContext {
  readonly g: OnnxGraph;
  /** The model's feature / target scaling (the Input row applies the features'). */
  readonly pre: Preprocessing | null;
  /** The value of a node already written, by spec id. */
  value(id: string): Value;
  /** The value as NCHW (images) / channels-last. */
  nchw(v: Value): string;
  nhwc(v: Value): string;
  /** Elementwise activation (layout kept) or softmax over the channels-last last axis. */
  activate(v: Value, act: string | undefined, hint: string): Value;
  /** A layer's engine-layout parameter. */
  tensor(layerId: string, name: string): Float32Array;
  /** The graph value (channels-last) of a node, e.g. the token ids of a mask. */
  valueName(nodeId: string): string;
}

/** Writes one node: `x` is its first input's value (null for an Input). */
export type OnnxRow<L extends LayerSpec> = (l: L, n: GraphNode, x: Value | null, c: OnnxContext) => Value;

/** y = x·W + b over the last axis; W [K, N] engine layout ([in, out], what MatMul wants). */
export function linear(c: OnnxContext, x: string, w: Float32Array, b: Float32Array | null, K: number, N: number, hint: string): string {
  const y = c.g.op('MatMul', [x, c.g.init(`${hint}/kernel`, w, [K, N])], b ? `${hint}/xw` : hint);
  return b ? c.g.op('Add', [y, c.g.init(`${hint}/bias`, b, [N])], hint) : y;
}
