/**
 * Where a flattened image is in PyTorch's order, and the column permutations that follow from it.
 *
 * The engine is channels-last: Flatten (or a Reshape to one axis) of an [H, W, C] image lists its
 * values in Keras's (H, W, C) order. The model a PyTorch user writes holds images NCHW, so its
 * `x.flatten(1)` lists them in (C, H, W) order, and the first nn.Linear after it has its input
 * columns in that order. The PyTorch export follows the PyTorch user's model: model.py flattens
 * NCHW, and the state_dict's `weight` of such a Dense has its columns permuted to (C, H, W) order
 * (state-dict.ts; import undoes it).
 *
 * torchFlatOrders marks every node whose (rank-1) output model.py holds in (C, H, W) order: a
 * Flatten of an image, a Reshape of an image to one axis, and the order-keeping layers after them
 * (Dropout, Activation, an Add or Multiply whose inputs all carry the same order). A Dense reading such a node
 * absorbs the order in its weight (denseColumnOrders); any other reader gets the playground's
 * order back in model.py (a permute). Sequences [T, F] need nothing: PyTorch's batch_first
 * sequences flatten in the same (T, F) order. An image with one channel, or of one pixel, flattens
 * the same both ways and is not marked.
 */
import type { GraphNode, ModelGraph } from '../../engine/graph';

/** The [H, W, C] image a flattened node came from. */
export type ImageShape = readonly [number, number, number];

/**
 * perm[t] = k: the value at PyTorch's flat index t = (c*H + h)*W + w is the engine's (Keras's)
 * flat index k = (h*W + w)*C + c of the same [H, W, C] image.
 */
export function chwFromHwc([H, W, C]: ImageShape): Int32Array {
  const perm = new Int32Array(H * W * C);
  for (let c = 0; c < C; c++) for (let h = 0; h < H; h++) for (let w = 0; w < W; w++) perm[(c * H + h) * W + w] = (h * W + w) * C + c;
  return perm;
}

/** The inverse permutation: inv[perm[t]] = t. */
export function invertPermutation(perm: Int32Array): Int32Array {
  const inv = new Int32Array(perm.length);
  for (let t = 0; t < perm.length; t++) inv[perm[t]] = t;
  return inv;
}

const ORDER_KEEPING = new Set(['Dropout', 'Activation']);
/** Two-input elementwise layers: they keep the order when both inputs carry the same one. */
const ELEMENTWISE = new Set(['Add', 'Multiply']);

const sameShape = (a: ImageShape, b: ImageShape) => a[0] === b[0] && a[1] === b[1] && a[2] === b[2];

/** The image a Flatten / one-axis Reshape of `n` flattens, when the two orders differ. */
function flattenedImage(n: GraphNode): ImageShape | null {
  if (n.spec.type !== 'Flatten' && n.spec.type !== 'Reshape') return null;
  const src = n.inputs[0].out;
  if (src.shape.length !== 3 || n.out.shape.length !== 1) return null;
  const [H, W, C] = src.shape;
  return C > 1 && H * W > 1 ? [H, W, C] : null;
}

/** Node id -> the image whose (C, H, W) order its output has in model.py (graph order). */
export function torchFlatOrders(graph: ModelGraph): Map<string, ImageShape> {
  const orders = new Map<string, ImageShape>();
  for (const n of graph.nodes) {
    const own = flattenedImage(n);
    if (own) {
      orders.set(n.spec.id, own);
      continue;
    }
    const ins = n.inputs.map((m) => orders.get(m.spec.id));
    const first = ins[0];
    if (!first) continue;
    if (ORDER_KEEPING.has(n.spec.type) || (ELEMENTWISE.has(n.spec.type) && ins.every((o) => o !== undefined && sameShape(o, first)))) orders.set(n.spec.id, first);
  }
  return orders;
}

/** Whether model.py must give `n` its input `m` back in the playground's order (m is marked, n neither keeps nor absorbs it). */
export function needsPlaygroundOrder(n: GraphNode, orders: ReadonlyMap<string, ImageShape>): boolean {
  return n.spec.type !== 'Dense' && !orders.has(n.spec.id);
}

/** Dense layer id -> its input's image: the layers whose `weight` columns are in (C, H, W) order. */
export function denseColumnOrders(graph: ModelGraph): Map<string, ImageShape> {
  const orders = torchFlatOrders(graph);
  const out = new Map<string, ImageShape>();
  for (const n of graph.nodes) {
    const o = n.spec.type === 'Dense' ? orders.get(n.inputs[0].spec.id) : undefined;
    if (o) out.set(n.spec.id, o);
  }
  return out;
}
