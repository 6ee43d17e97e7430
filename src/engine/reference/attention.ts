/**
 * Float64 references of scaled dot-product attention, in two forms:
 *   - the flash form the fused kernels use: forward keeps only O and the row log-sum-exp (LSE);
 *     backward is FlashAttention-2 (D = rowsum(dO ⊙ O), then dQ, then dK/dV from P rebuilt as
 *     exp(S - LSE));
 *   - the composed form (S = scale·QKᵀ + mask, P = softmax(S), O = P·V, and the textbook
 *     backward through the full [TQ, TK] matrices): the oracle for the flash form.
 *
 * Layout (the projection output, no transposes): q [N, TQ, H*DK], k and v [N, TK, H*DK], head h
 * at columns h*DK .. h*DK+DK-1 of each row; o, do, dq [N, TQ, H*DK]; dk, dv [N, TK, H*DK];
 * lse, d [N, H, TQ]; composed s, p [N, H, TQ, TK].
 * Masks: causal (key j visible to query i iff j <= i, top-left aligned as in Keras and PyTorch)
 * and key padding (keyIds [N, TK]: key j of sample n is hidden iff keyIds[n*TK + j] == 0, i.e.
 * the token ids of an Embedding with maskZero). A query that sees no key outputs 0, passes no
 * gradient, and stores LSE = 0 (a sentinel; its P row is zero by the mask, not by the LSE).
 * The composed form gives such a row uniform weights instead (Keras's -1e9 adder): callers
 * comparing the two keep at least one visible key per query.
 * Dropout on the attention weights (training): O = (P ⊙ Z) V with Z_ij = keep_ij / (1 - rate);
 * the softmax normaliser and LSE are those of the undropped P. keep_ij is the GPU's counter hash
 * (reference/dropout.ts) of e = ((n*H + h)*TQ + i)*TK + j: dropoutHash(key, e) >= threshold.
 * Backward: dV = (P ⊙ Z)ᵀ dO, dP = Z ⊙ (dO Vᵀ), dS = P ⊙ (dP - rowsum(dO ⊙ O)).
 */
import { dropoutHash, dropoutScale, dropoutThreshold } from './dropout';
import { attentionScale } from '../../kernels/attention/attention';

export interface AttentionDims {
  N: number;
  H: number;
  TQ: number;
  TK: number;
  DK: number;
}

export interface AttentionMask {
  causal?: boolean;
  keyIds?: ArrayLike<number> | null;
}

export { attentionScale };

/** Dropout on the attention weights: `key` is dropoutKey(step seed, layer salt). */
export interface AttentionDropout {
  rate: number;
  key: number;
}

/** Z_ij: 0 for a dropped weight, else the float32 1/(1 - rate) the kernel multiplies by (1 without dropout). */
export function dropFactor(d: AttentionDims, drop: AttentionDropout | null | undefined, n: number, h: number, i: number, j: number): number {
  if (!drop || drop.rate <= 0) return 1;
  const e = ((n * d.H + h) * d.TQ + i) * d.TK + j;
  return dropoutHash(drop.key, e) >= dropoutThreshold(drop.rate) ? dropoutScale(drop.rate) : 0;
}

/** Whether key j is visible to query i of sample n. */
export function visible(d: AttentionDims, m: AttentionMask, n: number, i: number, j: number): boolean {
  if (m.causal && j > i) return false;
  if (m.keyIds && m.keyIds[n * d.TK + j] === 0) return false;
  return true;
}

const qIdx = (d: AttentionDims, n: number, i: number, h: number) => ((n * d.TQ + i) * d.H + h) * d.DK;
const kIdx = (d: AttentionDims, n: number, j: number, h: number) => ((n * d.TK + j) * d.H + h) * d.DK;

function dotRows(a: ArrayLike<number>, ao: number, b: ArrayLike<number>, bo: number, len: number): number {
  let s = 0;
  for (let x = 0; x < len; x++) s += a[ao + x] * b[bo + x];
  return s;
}

/** Masked scaled scores of one (n, h) block: s[i*TK + j], -Infinity where hidden. */
function scores(d: AttentionDims, m: AttentionMask, q: ArrayLike<number>, k: ArrayLike<number>, n: number, h: number): Float64Array {
  const { TQ, TK, DK } = d;
  const scale = attentionScale(DK);
  const s = new Float64Array(TQ * TK);
  for (let i = 0; i < TQ; i++) {
    for (let j = 0; j < TK; j++) {
      s[i * TK + j] = visible(d, m, n, i, j) ? scale * dotRows(q, qIdx(d, n, i, h), k, kIdx(d, n, j, h), DK) : -Infinity;
    }
  }
  return s;
}

export interface AttentionForward {
  o: Float64Array;
  lse: Float64Array;
}

export function attentionForwardRef(d: AttentionDims, q: ArrayLike<number>, k: ArrayLike<number>, v: ArrayLike<number>, m: AttentionMask = {}, drop: AttentionDropout | null = null): AttentionForward {
  const { N, H, TQ, TK, DK } = d;
  const o = new Float64Array(N * TQ * H * DK);
  const lse = new Float64Array(N * H * TQ);
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      const s = scores(d, m, q, k, n, h);
      for (let i = 0; i < TQ; i++) {
        let mx = -Infinity;
        for (let j = 0; j < TK; j++) mx = Math.max(mx, s[i * TK + j]);
        if (mx === -Infinity) continue; // no visible key: o = 0, lse = 0
        let l = 0;
        for (let j = 0; j < TK; j++) l += Math.exp(s[i * TK + j] - mx);
        const oi = qIdx(d, n, i, h);
        for (let j = 0; j < TK; j++) {
          const p = (Math.exp(s[i * TK + j] - mx) / l) * dropFactor(d, drop, n, h, i, j);
          if (p === 0) continue;
          const vj = kIdx(d, n, j, h);
          for (let x = 0; x < DK; x++) o[oi + x] += p * v[vj + x];
        }
        lse[(n * H + h) * TQ + i] = mx + Math.log(l);
      }
    }
  }
  return { o, lse };
}

export interface AttentionGrads {
  dq: Float64Array;
  dk: Float64Array;
  dv: Float64Array;
}

/** D[n, h, i] = Σ_x dO[n, i, h, x] · O[n, i, h, x]. */
export function attentionRowDotRef(d: AttentionDims, o: ArrayLike<number>, dO: ArrayLike<number>): Float64Array {
  const { N, H, TQ, DK } = d;
  const D = new Float64Array(N * H * TQ);
  for (let n = 0; n < N; n++) for (let h = 0; h < H; h++) for (let i = 0; i < TQ; i++) D[(n * H + h) * TQ + i] = dotRows(o, qIdx(d, n, i, h), dO, qIdx(d, n, i, h), DK);
  return D;
}

/** FlashAttention-2 backward from the saved O and LSE (P is rebuilt, never stored). */
export function attentionBackwardRef(
  d: AttentionDims,
  q: ArrayLike<number>,
  k: ArrayLike<number>,
  v: ArrayLike<number>,
  o: ArrayLike<number>,
  lse: ArrayLike<number>,
  dO: ArrayLike<number>,
  m: AttentionMask = {},
  drop: AttentionDropout | null = null,
): AttentionGrads {
  const { N, H, TQ, TK, DK } = d;
  const scale = attentionScale(DK);
  const D = attentionRowDotRef(d, o, dO);
  const dq = new Float64Array(q.length);
  const dk = new Float64Array(k.length);
  const dv = new Float64Array(v.length);
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      const s = scores(d, m, q, k, n, h);
      for (let i = 0; i < TQ; i++) {
        const r = (n * H + h) * TQ + i;
        const qi = qIdx(d, n, i, h);
        for (let j = 0; j < TK; j++) {
          if (s[i * TK + j] === -Infinity) continue;
          const p = Math.exp(s[i * TK + j] - lse[r]);
          const kj = kIdx(d, n, j, h);
          const z = dropFactor(d, drop, n, h, i, j);
          const dp = z * dotRows(dO, qi, v, kj, DK);
          const ds = p * (dp - D[r]);
          for (let x = 0; x < DK; x++) {
            dq[qi + x] += scale * ds * k[kj + x];
            dk[kj + x] += scale * ds * q[qi + x];
            dv[kj + x] += p * z * dO[qi + x];
          }
        }
      }
    }
  }
  return { dq, dk, dv };
}

export interface ComposedForward extends AttentionForward {
  /** Masked scaled scores with hidden entries at -1e9 (Keras's adder), [N, H, TQ, TK]. */
  s: Float64Array;
  p: Float64Array;
}

/** matmul -> masked softmax -> matmul, keeping the [TQ, TK] matrices. */
export function attentionComposedForwardRef(d: AttentionDims, q: ArrayLike<number>, k: ArrayLike<number>, v: ArrayLike<number>, m: AttentionMask = {}, drop: AttentionDropout | null = null): ComposedForward {
  const { N, H, TQ, TK, DK } = d;
  const S = new Float64Array(N * H * TQ * TK);
  const P = new Float64Array(S.length);
  const o = new Float64Array(N * TQ * H * DK);
  const lse = new Float64Array(N * H * TQ);
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      const s = scores(d, m, q, k, n, h);
      const base = (n * H + h) * TQ * TK;
      for (let i = 0; i < TQ; i++) {
        let mx = -Infinity;
        for (let j = 0; j < TK; j++) {
          const sv = s[i * TK + j] === -Infinity ? -1e9 : s[i * TK + j];
          S[base + i * TK + j] = sv;
          mx = Math.max(mx, sv);
        }
        let l = 0;
        for (let j = 0; j < TK; j++) l += Math.exp(S[base + i * TK + j] - mx);
        lse[(n * H + h) * TQ + i] = mx + Math.log(l);
        for (let j = 0; j < TK; j++) P[base + i * TK + j] = Math.exp(S[base + i * TK + j] - mx) / l;
        const oi = qIdx(d, n, i, h);
        for (let j = 0; j < TK; j++) {
          const vj = kIdx(d, n, j, h);
          const pz = P[base + i * TK + j] * dropFactor(d, drop, n, h, i, j);
          for (let x = 0; x < DK; x++) o[oi + x] += pz * v[vj + x];
        }
      }
    }
  }
  return { o, lse, s: S, p: P };
}

/** Textbook backward through P (Z the dropout factors): dP = Z ⊙ dO·Vᵀ, dV = (P ⊙ Z)ᵀ·dO, dS = P ⊙ (dP - rowsum(P ⊙ dP)), dQ = scale·dS·K, dK = scale·dSᵀ·Q. */
export function attentionComposedBackwardRef(d: AttentionDims, q: ArrayLike<number>, k: ArrayLike<number>, v: ArrayLike<number>, p: ArrayLike<number>, dO: ArrayLike<number>, drop: AttentionDropout | null = null): AttentionGrads {
  const { N, H, TQ, TK, DK } = d;
  const scale = attentionScale(DK);
  const dq = new Float64Array(q.length);
  const dk = new Float64Array(k.length);
  const dv = new Float64Array(v.length);
  const dP = new Float64Array(TK);
  for (let n = 0; n < N; n++) {
    for (let h = 0; h < H; h++) {
      const base = (n * H + h) * TQ * TK;
      for (let i = 0; i < TQ; i++) {
        const qi = qIdx(d, n, i, h);
        let rs = 0;
        for (let j = 0; j < TK; j++) {
          dP[j] = dropFactor(d, drop, n, h, i, j) * dotRows(dO, qi, v, kIdx(d, n, j, h), DK);
          rs += p[base + i * TK + j] * dP[j];
        }
        for (let j = 0; j < TK; j++) {
          const pij = p[base + i * TK + j];
          const ds = pij * (dP[j] - rs);
          const kj = kIdx(d, n, j, h);
          for (let x = 0; x < DK; x++) {
            dq[qi + x] += scale * ds * k[kj + x];
            dk[kj + x] += scale * ds * q[qi + x];
            dv[kj + x] += pij * dropFactor(d, drop, n, h, i, j) * dO[qi + x];
          }
        }
      }
    }
  }
  return { dq, dk, dv };
}
