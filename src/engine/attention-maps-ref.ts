/**
 * Float64 reference of the attention maps (attention-maps.ts): the model's reference forward for
 * one sample (every layer's own float64 reference), then per MultiHeadAttention layer
 * Q = x_q·Wq + bq, K = x_v·Wk + bk and P = softmax(scale·QKᵀ + mask) by the composed attention
 * reference (masked keys at -1e9, as the probe's kernels do).
 */
import { maskSource, type ModelGraph } from './graph';
import { size } from './layers/layer';
import { paramOffsets, type ParamLayout } from './params';
import { attentionComposedForwardRef } from './reference/attention';
import { denseForwardRef } from './reference/dense';
import type { MultiHeadAttentionLayer } from './spec';

export interface AttentionMapRef {
  layer: string;
  /** [H, TQ, TK]. */
  weights: Float64Array;
}

function namedParams(graph: ModelGraph, layout: ParamLayout, params: ArrayLike<number>, id: string): Record<string, Float64Array> {
  const node = graph.byId.get(id)!;
  const offs = paramOffsets(layout, id);
  const named: Record<string, Float64Array> = {};
  for (const p of node.params) named[p.name] = Float64Array.from({ length: size(p.shape) }, (_, i) => params[offs[p.name] + i]);
  return named;
}

export function attentionMapsRef(graph: ModelGraph, layout: ParamLayout, params: ArrayLike<number>, x: ArrayLike<number>): AttentionMapRef[] {
  const values = new Map<string, Float64Array>();
  const maps: AttentionMapRef[] = [];
  for (const n of graph.nodes) {
    const id = n.spec.id;
    if (n.spec.type === 'Input') {
      values.set(id, Float64Array.from(x));
      continue;
    }
    const named = namedParams(graph, layout, params, id);
    const mask = maskSource(n);
    const view = {
      spec: n.spec,
      inputs: n.inputs.map((i) => ({ shape: i.out.shape, dtype: i.out.dtype, id: i.spec.id })),
      shape: n.out.shape,
      activation: null,
      paramOffsets: paramOffsets(layout, id),
      maskIds: mask,
      maskValues: mask ? values.get(mask) : undefined,
    };
    const ins = n.inputs.map((i) => values.get(i.spec.id)!);
    values.set(id, n.def.reference(n.spec as never, view as never, ins, named, 1));
    if (n.spec.type !== 'MultiHeadAttention') continue;
    const spec = n.spec as MultiHeadAttentionLayer;
    const [TQ, D] = n.inputs[0].out.shape;
    const [TK, DV] = n.inputs[n.inputs.length - 1].out.shape;
    const H = spec.numHeads;
    const DK = spec.keyDim ?? D / H;
    const q = denseForwardRef(ins[0], named.query_weight, named.query_bias ?? null, TQ, D, H * DK, 'linear').y;
    const k = denseForwardRef(ins[ins.length - 1], named.key_weight, named.key_bias ?? null, TK, DV, H * DK, 'linear').y;
    const { p } = attentionComposedForwardRef({ N: 1, H, TQ, TK, DK }, q, k, k, { causal: spec.causal === true, keyIds: mask ? values.get(mask) : null });
    maps.push({ layer: id, weights: p });
  }
  return maps;
}
