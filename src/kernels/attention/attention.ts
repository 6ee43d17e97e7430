/**
 * Launchers of attention.wgsl + attention_r4.wgsl (fused FlashAttention-style forward and the
 * FlashAttention-2 backward, no [T, T] matrix) and attention_composed.wgsl (the explicit scores
 * oracle). Shapes: q, o, dO, dq [N, TQ, H*DK] · k, v, dk, dv [N, TK, H*DK] · lse, dsum [N, H, TQ]
 * · ids [N, TK] int32 (0 = padded key).
 */
import type { Binding, Dispatcher } from '../dispatch';
import { splitGrid } from '../grid';
import { dropoutScale, dropoutThreshold } from '../dropout/dropout';

const ceilDiv = (a: number, b: number): number => Math.ceil(a / b);

/** The fused kernels keep a head's row in registers: dk must be a multiple of 4, at most 64. */
export const MAX_HEAD_DIM = 64;

/** The softmax temperature 1 / sqrt(dk). */
export const attentionScale = (DK: number): number => 1 / Math.sqrt(DK);

/** Heads of at most 16 use the 4-rows-per-invocation kernels (register-blocked, ~4x faster on SwiftShader). */
export const usesR4 = (DK: number): boolean => DK <= 16;

export interface AttentionShape {
  N: number;
  H: number;
  TQ: number;
  TK: number;
  DK: number;
}

export interface AttentionBuffers {
  /** The Step uniform (its seed drives the dropout mask); any 32-byte uniform without dropout. */
  step: Binding;
  q: Binding;
  k: Binding;
  v: Binding;
  /** [N, TK] int32 token ids (0 = padded key), or null for no key mask. */
  ids: Binding | null;
  o: Binding;
  lse: Binding;
}

export interface AttentionGradBuffers {
  dO: Binding;
  dsum: Binding;
  dq: Binding;
  dk: Binding;
  dv: Binding;
}

/** Dropout on the attention weights: rate in (0, 1) and the per-layer salt of the mask hash. */
export interface AttentionDropoutSpec {
  rate: number;
  salt: number;
}

export interface AttentionRun extends AttentionShape, AttentionBuffers {
  causal: boolean;
  dropout?: AttentionDropoutSpec | null;
}

function constants(a: AttentionRun) {
  const c = { N: a.N, H: a.H, TQ: a.TQ, TK: a.TK, DK: a.DK, SCALE: attentionScale(a.DK), CAUSAL: a.causal, KEY_MASK: a.ids !== null };
  const drop = a.dropout;
  if (!drop || drop.rate <= 0) return c;
  return { ...c, DROPOUT: true, DROP_THRESH: dropoutThreshold(drop.rate), DROP_SCALE: dropoutScale(drop.rate), DROP_SALT: drop.salt };
}

/** One invocation per row (r4: per block of 4 rows), workgroups of 64 split under 65535. */
const rowsGrid = (rows: number) => splitGrid(ceilDiv(rows, 64));

/** The fused forward: O [N, TQ, H*dk] and LSE [N, H, TQ] (1 dispatch). */
export function attentionForward(d: Dispatcher, a: AttentionRun): void {
  const r4 = usesR4(a.DK);
  const rows = a.N * a.H * (r4 ? ceilDiv(a.TQ, 4) : a.TQ);
  d.dispatch(r4 ? 'attention_forward_r4' : 'attention_forward', constants(a), [a.step, a.q, a.k, a.v, a.ids ?? a.q, a.o, a.lse], rowsGrid(rows));
}

/** The FlashAttention-2 backward: dsum, then dQ, then dK and dV (3 dispatches, no atomics). */
export function attentionBackward(d: Dispatcher, a: AttentionRun & AttentionGradBuffers): void {
  const c = constants(a);
  d.dispatch('attention_backward_prep', { N: a.N, H: a.H, TQ: a.TQ, TK: a.TK, DK: a.DK, SCALE: attentionScale(a.DK) }, [a.o, a.dO, a.dsum], rowsGrid(a.N * a.H * a.TQ));
  const ins = [a.step, a.q, a.k, a.v, a.ids ?? a.q, a.dO, a.lse, a.dsum];
  const r4 = usesR4(a.DK);
  d.dispatch(r4 ? 'attention_backward_dq_r4' : 'attention_backward_dq', c, [...ins, a.dq], rowsGrid(a.N * a.H * (r4 ? ceilDiv(a.TQ, 4) : a.TQ)));
  d.dispatch(r4 ? 'attention_backward_dkdv_r4' : 'attention_backward_dkdv', c, [...ins, a.dk, a.dv], rowsGrid(a.N * a.H * (r4 ? ceilDiv(a.TK, 4) : a.TK)));
}
