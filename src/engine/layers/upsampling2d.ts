/**
 * UpSampling2D (nearest, Keras's default): every pixel of a channels-last image [H, W, C] repeated
 * size[0] times down and size[1] times across. Forward one upsample2d_forward; backward one
 * upsample2d_backward (each input pixel sums its block of dy).
 */
import type { LayerDef } from './layer';
import { upsample2dBackward, upsample2dForward, type Upsample2dGeometry } from '../../kernels/upsample2d/upsample2d';
import { NO_MASK, size2Pair, size2Text } from './layer-meta';
import type { UpSampling2DLayer } from '../spec';
import { upsample2dForward as upRef } from '../reference/spatial2d';

const isFactor = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 64;

/** [down, across] of a layer's size (default 2), or null when it is not one. */
export function upsampleSize(l: Pick<UpSampling2DLayer, 'size'>): [number, number] | null {
  const s = l.size ?? 2;
  const pair = isFactor(s) ? [s, s] : Array.isArray(s) && s.length === 2 ? s : null;
  return pair && pair.every(isFactor) ? [pair[0], pair[1]] : null;
}

const geometry = (l: UpSampling2DLayer, B: number, [H, W, C]: number[]): Upsample2dGeometry => {
  const [SH, SW] = size2Pair(l.size, 2);
  return { B, H, W, C, SH, SW };
};

export const upSampling2D: LayerDef<UpSampling2DLayer> = {
  type: 'UpSampling2D',
  arity: [1, 1],
  summary: 'Enlarges an image by repeating every pixel (nearest)',
  fields: [{ key: 'size', label: 'Size', kind: 'size2', default: 2, optional: true, help: 'One number, or height, width' }],
  initial: { size: 2 },
  activation: 'none',
  mask: NO_MASK,
  flops: () => 0,
  detail: (l) => `×${size2Text(l.size ?? 2)}`,
  infer(layer, [x], err) {
    const s = upsampleSize(layer);
    if (!s) {
      err('size', `size must be a whole number from 1 to 64, or a [height, width] pair of them (got ${JSON.stringify(layer.size)})`);
      return null;
    }
    if (x.shape.length !== 3 || x.dtype !== 'float32') {
      err('inputs', `UpSampling2D needs a float image [height, width, channels], got [${x.shape.join(', ')}]`);
      return null;
    }
    const [H, W, C] = x.shape;
    return { shape: [H * s[0], W * s[1], C], dtype: 'float32' };
  },
  params: () => [],
  forward(e, n) {
    upsample2dForward(e, { ...geometry(n.spec, e.batch, n.inputs[0].shape), x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (dx) upsample2dBackward(e, { ...geometry(n.spec, e.batch, n.inputs[0].shape), dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference(layer, n, [x], _params, batch) {
    return upRef(x, batch, n.inputs[0].shape, upsampleSize(layer)!);
  },
};
