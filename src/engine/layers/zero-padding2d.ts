/**
 * ZeroPadding2D: rows and columns of zeros around a channels-last image [H, W, C] (Keras
 * semantics: padding one number, [height, width] on both sides, or [[top, bottom], [left, right]];
 * default 1). Forward one zero_pad2d_forward; backward one zero_pad2d_backward (the inner window of dy).
 */
import type { LayerDef } from './layer';
import { zeroPad2dBackward, zeroPad2dForward, type Pad2dGeometry } from '../../kernels/pad2d/pad2d';
import { NO_MASK } from './layer-meta';
import type { ZeroPadding2DLayer } from '../spec';
import { zeroPad2dForward as padRef, type Pads2d } from '../reference/spatial2d';

const isPad = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1024;

/** [top, bottom, left, right] of a padding as Keras writes it, or null when it is not one. */
export function pads2d(padding: unknown): Pads2d | null {
  const p = padding ?? 1;
  if (isPad(p)) return [p, p, p, p];
  if (!Array.isArray(p) || p.length !== 2) return null;
  if (p.every(isPad)) return [p[0], p[0], p[1], p[1]];
  const pair = (q: unknown): q is [number, number] => Array.isArray(q) && q.length === 2 && q.every(isPad);
  return pair(p[0]) && pair(p[1]) ? [p[0][0], p[0][1], p[1][0], p[1][1]] : null;
}

const geometry = (l: ZeroPadding2DLayer, B: number, [H, W, C]: number[]): Pad2dGeometry => {
  const [top, bottom, left, right] = pads2d(l.padding)!;
  return { B, H, W, C, top, bottom, left, right };
};

export const zeroPadding2D: LayerDef<ZeroPadding2DLayer> = {
  type: 'ZeroPadding2D',
  arity: [1, 1],
  summary: 'Adds rows and columns of zeros around an image',
  fields: [{ key: 'padding', label: 'Padding', kind: 'pad2', default: 1, optional: true, help: 'One number, height, width, or top, bottom, left, right' }],
  initial: { padding: 1 },
  activation: 'none',
  mask: NO_MASK,
  flops: () => 0,
  detail: (l) => {
    const p = pads2d(l.padding);
    return p ? `pad ${p[0] === p[1] && p[1] === p[2] && p[2] === p[3] ? p[0] : p.join(', ')}` : '';
  },
  infer(layer, [x], err) {
    const p = pads2d(layer.padding);
    if (!p) {
      err('padding', `padding must be a whole number from 0 to 1024, [height, width] or [[top, bottom], [left, right]] of them (got ${JSON.stringify(layer.padding)})`);
      return null;
    }
    if (x.shape.length !== 3 || x.dtype !== 'float32') {
      err('inputs', `ZeroPadding2D needs a float image [height, width, channels], got [${x.shape.join(', ')}]`);
      return null;
    }
    const [H, W, C] = x.shape;
    return { shape: [H + p[0] + p[1], W + p[2] + p[3], C], dtype: 'float32' };
  },
  params: () => [],
  forward(e, n) {
    zeroPad2dForward(e, { ...geometry(n.spec, e.batch, n.inputs[0].shape), x: e.value(n.inputs[0].id), y: e.value(n.spec.id) });
  },
  backward(e, n) {
    const dx = e.inputGrad(n, 0);
    if (dx) zeroPad2dBackward(e, { ...geometry(n.spec, e.batch, n.inputs[0].shape), dy: e.outputGrad(n.spec.id), dx: dx.buffer, accumulate: dx.accumulate });
  },
  reference(layer, n, [x], _params, batch) {
    return padRef(x, batch, n.inputs[0].shape, pads2d(layer.padding)!);
  },
};
