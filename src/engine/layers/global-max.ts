/**
 * Global max pooling (Keras 3 semantics, channels last):
 *   GlobalMaxPooling1D: [T, C] -> [C], the max over time (padding steps take part, as in Keras,
 *     whose GlobalMaxPooling1D ignores masks);
 *   GlobalMaxPooling2D: [H, W, C] -> [C], the max of each channel over the image.
 * Both run src/kernels/pool1d/global_maxpool.wgsl on x viewed as [B, S, C] (S = T or H*W): one
 * dispatch forward, one backward that gives dy to the maxima, tied maxima sharing it equally
 * (keras.ops.max / torch.amax; reference/global-max.ts).
 */
import type { Emitter, ErrorSink, LayerDef, NodeView, TensorType } from './layer';
import type { GlobalMaxPooling1DLayer, GlobalMaxPooling2DLayer } from '../spec';
import { NO_MASK, prod } from './layer-meta';
import { globalMaxPoolForwardRef } from '../reference/global-max';
import { globalMaxPoolBackward, globalMaxPoolForward } from '../../kernels/pool1d/global-maxpool';

type GlobalMax = GlobalMaxPooling1DLayer | GlobalMaxPooling2DLayer;

/** The input as [S, C], or null (with the reason) when its rank is not the layer's. */
function inferGlobalMax(type: GlobalMax['type'], x: TensorType, err: ErrorSink): TensorType | null {
  const rank = type === 'GlobalMaxPooling1D' ? 2 : 3;
  const what = rank === 2 ? 'a float sequence [T, features]' : 'a float image [height, width, channels]';
  if (x.dtype !== 'float32' || x.shape.length !== rank) {
    err('inputs', `${type} expects ${what}, got ${x.dtype} [${x.shape.join(', ')}]${rank === 3 ? '; add a Reshape before it' : ''}`);
    return null;
  }
  return { shape: [x.shape[rank - 1]], dtype: 'float32' };
}

/** [S, C]: the pooled positions and the channels of the input. */
function sc(n: NodeView<GlobalMax>): [number, number] {
  const s = n.inputs[0].shape;
  return [prod(s.slice(0, -1)), s[s.length - 1]];
}

function forward(e: Emitter, n: NodeView<GlobalMax>): void {
  const [S, C] = sc(n);
  globalMaxPoolForward(e, { N: e.batch, S, C, x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
}

function backward(e: Emitter, n: NodeView<GlobalMax>): void {
  const dx = e.inputGrad(n, 0);
  if (!dx) return;
  const [S, C] = sc(n);
  globalMaxPoolBackward(e, { N: e.batch, S, C, x: e.value(n.inputs[0].id), y: e.value(n.spec.id), dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
}

function def<L extends GlobalMax>(type: L['type'], summary: string): LayerDef<L> {
  return {
    type,
    arity: [1, 1],
    summary,
    fields: [],
    initial: {} as LayerDef<L>['initial'],
    activation: 'none',
    mask: NO_MASK,
    flops: (_l, [x]) => prod(x ?? [0]),
    detail: () => '',
    infer: (_layer, [x], err) => inferGlobalMax(type, x, err),
    params: () => [],
    forward,
    backward,
    reference: (_layer, n, [x], _params, batch) => globalMaxPoolForwardRef(x, batch, ...sc(n)),
  };
}

export const globalMaxPooling1D = def<GlobalMaxPooling1DLayer>('GlobalMaxPooling1D', 'Keeps the largest value of each feature over time: [T, D] -> [D]');
export const globalMaxPooling2D = def<GlobalMaxPooling2DLayer>('GlobalMaxPooling2D', 'Keeps the largest value of each channel over the whole image: [height, width, channels] -> [channels]');
