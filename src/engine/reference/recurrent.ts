/**
 * Float64 references of SimpleRNN, LSTM and GRU (Keras semantics, Keras weight layout), forward
 * over a sequence and backpropagation through time.
 *
 * Shapes (batch-major, row r = b*T + t): x [B, T, F]; kernel [F, G*U]; recurrent [U, G*U];
 * bias [G*U] (GRU: [2, G*U], input bias row then recurrent bias row) or null; G = 1 (SimpleRNN),
 * 4 (LSTM, gates i f c o), 3 (GRU, gates z r h, reset_after). Output y: [B, T, U] when
 * returnSequences, else [B, U] (the last h). Initial h (and c) are zero.
 *   SimpleRNN: h_t = act(x_t W + h_{t-1} U + b)
 *   LSTM: i,f,o = ract(.), c~ = act(.), c_t = f c_{t-1} + i c~, h_t = o act(c_t)
 *   GRU:  z = ract(x Wz + bz + h Uz + rbz), r likewise, hh = act(x Wh + bh + r ⊙ (h Uh + rbh)),
 *         h_t = z h_{t-1} + (1 - z) hh
 * mask (optional, [B, T] token ids): steps with id 0 carry h (and c) over unchanged.
 * reverse: process t = T-1 down to 0 (Keras go_backwards) but keep every output at its own t, as
 * Bidirectional re-aligns it (so returnSequences y[t] is the state after reading x_t..x_{T-1};
 * without returnSequences y is the state after x_0).
 */
import { sigmoidScalar } from './activations';

export type CellKind = 'SimpleRNN' | 'LSTM' | 'GRU';
export type CellActivation = 'linear' | 'relu' | 'sigmoid' | 'tanh';

export const gateCount = (kind: CellKind): number => (kind === 'LSTM' ? 4 : kind === 'GRU' ? 3 : 1);

export interface RecurrentDims {
  kind: CellKind;
  B: number;
  T: number;
  F: number;
  U: number;
  activation?: CellActivation;
  recurrentActivation?: CellActivation;
  returnSequences?: boolean;
  reverse?: boolean;
}

export interface RecurrentWeights {
  kernel: ArrayLike<number>;
  recurrent: ArrayLike<number>;
  bias: ArrayLike<number> | null;
}

export interface RecurrentGrads {
  dx: Float64Array;
  dKernel: Float64Array;
  dRecurrent: Float64Array;
  dBias: Float64Array | null;
}

function act(a: CellActivation, z: number): number {
  switch (a) {
    case 'relu':
      return Math.max(z, 0);
    case 'sigmoid':
      return sigmoidScalar(z);
    case 'tanh':
      return Math.tanh(z);
    default:
      return z;
  }
}

/** Derivative from the activated value y. */
function actGrad(a: CellActivation, y: number): number {
  switch (a) {
    case 'relu':
      return y > 0 ? 1 : 0;
    case 'sigmoid':
      return y * (1 - y);
    case 'tanh':
      return 1 - y * y;
    default:
      return 1;
  }
}

interface StepCache {
  masked: boolean;
  /** Activated gates (LSTM i f c~ o, GRU z r hh, SimpleRNN h) and GRU hu = h_{t-1} Uh + rbh. */
  g: Float64Array;
  hu: Float64Array;
  h: Float64Array;
  c: Float64Array;
}

interface Trace {
  steps: StepCache[][];
  y: Float64Array;
}

function run(d: RecurrentDims, x: ArrayLike<number>, w: RecurrentWeights, mask?: ArrayLike<number> | null): Trace {
  const { kind, B, T, F, U } = d;
  const A = d.activation ?? 'tanh';
  const R = d.recurrentActivation ?? 'sigmoid';
  const G = gateCount(kind);
  const GU = G * U;
  const seq = d.returnSequences ?? false;
  const y = new Float64Array(seq ? B * T * U : B * U);
  const steps: StepCache[][] = [];
  for (let b = 0; b < B; b++) {
    const row: StepCache[] = [];
    let h = new Float64Array(U);
    let c = new Float64Array(U);
    for (let t = 0; t < T; t++) {
      const r = b * T + t;
      const masked = Boolean(mask) && mask![r] === 0;
      const g = new Float64Array(GU);
      const hu = new Float64Array(U);
      if (masked) {
        row.push({ masked, g, hu, h, c });
      } else {
        const zx = new Float64Array(GU);
        const zh = new Float64Array(GU);
        for (let j = 0; j < GU; j++) {
          let s = w.bias ? w.bias[j] : 0;
          for (let f = 0; f < F; f++) s += x[r * F + f] * w.kernel[f * GU + j];
          zx[j] = s;
          let q = kind === 'GRU' && w.bias ? w.bias[GU + j] : 0;
          for (let k = 0; k < U; k++) q += h[k] * w.recurrent[k * GU + j];
          zh[j] = q;
        }
        const hn = new Float64Array(U);
        const cn = new Float64Array(U);
        for (let u = 0; u < U; u++) {
          if (kind === 'SimpleRNN') {
            hn[u] = g[u] = act(A, zx[u] + zh[u]);
          } else if (kind === 'LSTM') {
            const i = (g[u] = act(R, zx[u] + zh[u]));
            const f = (g[U + u] = act(R, zx[U + u] + zh[U + u]));
            const cc = (g[2 * U + u] = act(A, zx[2 * U + u] + zh[2 * U + u]));
            const o = (g[3 * U + u] = act(R, zx[3 * U + u] + zh[3 * U + u]));
            cn[u] = f * c[u] + i * cc;
            hn[u] = o * act(A, cn[u]);
          } else {
            const z = (g[u] = act(R, zx[u] + zh[u]));
            const rg = (g[U + u] = act(R, zx[U + u] + zh[U + u]));
            hu[u] = zh[2 * U + u];
            const hh = (g[2 * U + u] = act(A, zx[2 * U + u] + rg * hu[u]));
            hn[u] = z * h[u] + (1 - z) * hh;
          }
        }
        h = hn;
        c = cn;
        row.push({ masked, g, hu, h, c });
      }
      if (seq) y.set(h, r * U);
    }
    if (!seq) y.set(h, b * U);
    steps.push(row);
  }
  return { steps, y };
}

/** a [B, T, C] with its time axis flipped. */
export function reverseTime(a: ArrayLike<number>, B: number, T: number, C: number): Float64Array {
  const out = new Float64Array(B * T * C);
  for (let b = 0; b < B; b++) for (let t = 0; t < T; t++) for (let c = 0; c < C; c++) out[(b * T + t) * C + c] = a[(b * T + T - 1 - t) * C + c];
  return out;
}

export function recurrentForwardRef(d: RecurrentDims, x: ArrayLike<number>, w: RecurrentWeights, mask?: ArrayLike<number> | null): Float64Array {
  if (!d.reverse) return run(d, x, w, mask).y;
  const { B, T, F, U } = d;
  const y = run(d, reverseTime(x, B, T, F), w, mask ? reverseTime(mask, B, T, 1) : null).y;
  return d.returnSequences ? reverseTime(y, B, T, U) : y;
}

/** BPTT of sum(y ⊙ dy) with respect to x, kernel, recurrent kernel and bias. */
export function recurrentBackwardRef(
  d: RecurrentDims,
  x: ArrayLike<number>,
  w: RecurrentWeights,
  dy: ArrayLike<number>,
  mask?: ArrayLike<number> | null,
): RecurrentGrads {
  if (d.reverse) {
    const { B, T, F, U } = d;
    const fwd = { ...d, reverse: false };
    const g = recurrentBackwardRef(fwd, reverseTime(x, B, T, F), w, d.returnSequences ? reverseTime(dy, B, T, U) : dy, mask ? reverseTime(mask, B, T, 1) : null);
    return { ...g, dx: reverseTime(g.dx, B, T, F) };
  }
  const { kind, B, T, F, U } = d;
  const A = d.activation ?? 'tanh';
  const R = d.recurrentActivation ?? 'sigmoid';
  const G = gateCount(kind);
  const GU = G * U;
  const seq = d.returnSequences ?? false;
  const { steps } = run(d, x, w, mask);
  const dx = new Float64Array(B * T * F);
  const dKernel = new Float64Array(F * GU);
  const dRecurrent = new Float64Array(U * GU);
  const dBias = w.bias ? new Float64Array(kind === 'GRU' ? 2 * GU : GU) : null;
  for (let b = 0; b < B; b++) {
    let dh = new Float64Array(U);
    let dc = new Float64Array(U);
    for (let t = T - 1; t >= 0; t--) {
      const r = b * T + t;
      for (let u = 0; u < U; u++) {
        if (seq) dh[u] += dy[r * U + u];
        else if (t === T - 1) dh[u] += dy[b * U + u];
      }
      const s = steps[b][t];
      if (s.masked) continue; // h_t = h_{t-1}, c_t = c_{t-1}: dh and dc flow through unchanged
      const hp = t > 0 ? steps[b][t - 1].h : new Float64Array(U);
      const cp = t > 0 ? steps[b][t - 1].c : new Float64Array(U);
      const dzx = new Float64Array(GU);
      const dzh = new Float64Array(GU);
      const dhPrev = new Float64Array(U);
      const dcPrev = new Float64Array(U);
      for (let u = 0; u < U; u++) {
        const g = s.g;
        if (kind === 'SimpleRNN') {
          dzx[u] = dzh[u] = dh[u] * actGrad(A, g[u]);
        } else if (kind === 'LSTM') {
          const [i, f, cc, o] = [g[u], g[U + u], g[2 * U + u], g[3 * U + u]];
          const tc = act(A, s.c[u]);
          const dct = dc[u] + dh[u] * o * actGrad(A, tc);
          dzx[u] = dct * cc * actGrad(R, i);
          dzx[U + u] = dct * cp[u] * actGrad(R, f);
          dzx[2 * U + u] = dct * i * actGrad(A, cc);
          dzx[3 * U + u] = dh[u] * tc * actGrad(R, o);
          for (let q = 0; q < 4; q++) dzh[q * U + u] = dzx[q * U + u];
          dcPrev[u] = dct * f;
        } else {
          const [z, rg, hh] = [g[u], g[U + u], g[2 * U + u]];
          const dzhh = dh[u] * (1 - z) * actGrad(A, hh);
          dzx[u] = dzh[u] = dh[u] * (hp[u] - hh) * actGrad(R, z);
          dzx[U + u] = dzh[U + u] = dzhh * s.hu[u] * actGrad(R, rg);
          dzx[2 * U + u] = dzhh;
          dzh[2 * U + u] = dzhh * rg;
          dhPrev[u] = dh[u] * z;
        }
      }
      for (let j = 0; j < GU; j++) {
        for (let f = 0; f < F; f++) {
          dKernel[f * GU + j] += x[r * F + f] * dzx[j];
          dx[r * F + f] += dzx[j] * w.kernel[f * GU + j];
        }
        for (let k = 0; k < U; k++) {
          dRecurrent[k * GU + j] += hp[k] * dzh[j];
          dhPrev[k] += dzh[j] * w.recurrent[k * GU + j];
        }
        if (dBias) {
          dBias[j] += dzx[j];
          if (kind === 'GRU') dBias[GU + j] += dzh[j];
        }
      }
      dh = dhPrev;
      dc = dcPrev;
    }
  }
  return { dx, dKernel, dRecurrent, dBias };
}
