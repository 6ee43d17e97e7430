/**
 * Float64 CPU reference for a 2D convolution, channels-last, Keras kernel layout; plus the
 * geometry (output size and TensorFlow 'same' padding) that the layer and the tests share.
 *
 * Shapes (row-major; B batch):
 *   x: [B,H,W,C]   w: [KH,KW,C,Cout]   b: [Cout] (or null = no bias)
 *   forward : z[n,oh,ow,co] = b[co] + Σ_{kh,kw,ci} x[n, oh*SH-padTop+kh*DH, ow*SW-padLeft+kw*DW, ci] w[kh,kw,ci,co]
 *             (positions outside the image read 0);  y = act(z)  [B,OH,OW,Cout]
 *   backward: dy [B,OH,OW,Cout] -> dz = act'(dy, y)
 *             dx [B,H,W,C]  = Σ over the taps that read each input position of dz · w
 *             dw [KH,KW,C,Cout] = Σ_{n,oh,ow} x(tap) ⊗ dz
 *             db [Cout] = Σ_{n,oh,ow} dz
 * Padding 'valid': OH = floor((H - KH)/SH) + 1, no padding. 'same' (TensorFlow): OH = ceil(H/SH),
 * total = max((OH-1)*SH + KH - H, 0), padTop = floor(total/2) (the extra row goes to the bottom);
 * the same along the width.
 */
import { type Conv2DGeometry } from '../geometry';
import { activationGradRef, activationRef, type Activation } from './activations';

function checkLength(fn: string, name: string, a: ArrayLike<number>, n: number): void {
  if (a.length !== n) throw new Error(`${fn}: ${name} has length ${a.length}, expected ${n}`);
}

function batchOf(fn: string, x: ArrayLike<number>, g: Conv2DGeometry): number {
  const per = g.H * g.W * g.C;
  const B = x.length / per;
  if (!Number.isInteger(B) || B < 1) throw new Error(`${fn}: x has length ${x.length}, not a multiple of H*W*C = ${per}`);
  return B;
}

export interface Conv2DForward {
  z: Float64Array;
  y: Float64Array;
}

export interface Conv2DBackward {
  dx: Float64Array;
  dw: Float64Array;
  db: Float64Array;
}

export function conv2dForwardRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  b: ArrayLike<number> | null,
  g: Conv2DGeometry,
  act: Exclude<Activation, 'softmax'>,
): Conv2DForward {
  const { H, W, C, KH, KW, SH, SW, OH, OW, padTop, padLeft, Cout } = g;
  const [DH, DW] = [g.DH ?? 1, g.DW ?? 1];
  const B = batchOf('conv2dForwardRef', x, g);
  checkLength('conv2dForwardRef', 'w', w, KH * KW * C * Cout);
  if (b !== null) checkLength('conv2dForwardRef', 'b', b, Cout);
  const z = new Float64Array(B * OH * OW * Cout);
  for (let n = 0; n < B; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const o = ((n * OH + oh) * OW + ow) * Cout;
        if (b !== null) for (let co = 0; co < Cout; co++) z[o + co] = b[co];
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - padTop + kh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - padLeft + kw * DW;
            if (iw < 0 || iw >= W) continue;
            const xo = ((n * H + ih) * W + iw) * C;
            const wo = (kh * KW + kw) * C * Cout;
            for (let ci = 0; ci < C; ci++) {
              const xv = x[xo + ci];
              const wr = wo + ci * Cout;
              for (let co = 0; co < Cout; co++) z[o + co] += xv * w[wr + co];
            }
          }
        }
      }
    }
  }
  const rows = B * OH * OW;
  return { z, y: activationRef(z, rows, Cout, act) };
}

export function conv2dBackwardRef(
  x: ArrayLike<number>,
  w: ArrayLike<number>,
  y: ArrayLike<number>,
  dy: ArrayLike<number>,
  g: Conv2DGeometry,
  act: Exclude<Activation, 'softmax'>,
): Conv2DBackward {
  const { H, W, C, KH, KW, SH, SW, OH, OW, padTop, padLeft, Cout } = g;
  const [DH, DW] = [g.DH ?? 1, g.DW ?? 1];
  const B = batchOf('conv2dBackwardRef', x, g);
  checkLength('conv2dBackwardRef', 'w', w, KH * KW * C * Cout);
  const rows = B * OH * OW;
  const dz = activationGradRef(dy, y, rows, Cout, act);
  const dx = new Float64Array(B * H * W * C);
  const dw = new Float64Array(KH * KW * C * Cout);
  const db = new Float64Array(Cout);
  for (let n = 0; n < B; n++) {
    for (let oh = 0; oh < OH; oh++) {
      for (let ow = 0; ow < OW; ow++) {
        const o = ((n * OH + oh) * OW + ow) * Cout;
        for (let co = 0; co < Cout; co++) db[co] += dz[o + co];
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH - padTop + kh * DH;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW - padLeft + kw * DW;
            if (iw < 0 || iw >= W) continue;
            const xo = ((n * H + ih) * W + iw) * C;
            const wo = (kh * KW + kw) * C * Cout;
            for (let ci = 0; ci < C; ci++) {
              const xv = x[xo + ci];
              const wr = wo + ci * Cout;
              let acc = 0;
              for (let co = 0; co < Cout; co++) {
                acc += dz[o + co] * w[wr + co];
                dw[wr + co] += xv * dz[o + co];
              }
              dx[xo + ci] += acc;
            }
          }
        }
      }
    }
  }
  return { dx, dw, db };
}
