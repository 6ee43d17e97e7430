/**
 * The flat parameter vector: every weight of the model in one buffer (so the optimizer is one
 * dispatch), kernels first (the weight-decay region), then biases, then the non-trainable state
 * (moving statistics, beyond trainEnd: the optimizer stops there), each entry aligned to 4 floats.
 * Seeded initializers: glorot_uniform, he_normal (truncated, Keras scaling), zeros.
 */
import { createRng, type Rng } from '../data/rng';
import type { ModelGraph } from './graph';
import { size, type ParamDecl } from './layers/layer';

export interface ParamEntry {
  layer: string;
  /** The spec type of the owning layer (export formats lay tensors out per type). */
  layerType: string;
  name: ParamDecl['name'];
  /** Engine (Keras) layout. */
  shape: number[];
  offset: number;
  length: number;
  decl: ParamDecl;
}

export interface ParamLayout {
  entries: ParamEntry[];
  /** Padded to a multiple of 4. */
  total: number;
  /** Entries below this offset receive weight decay. */
  decayEnd: number;
  /** Entries below this offset are trained (the optimizer and the clip norm stop here); the rest is non-trainable state. */
  trainEnd: number;
}

const align4 = (n: number) => Math.ceil(n / 4) * 4;

export function layoutParams(graph: ModelGraph): ParamLayout {
  const decls = graph.nodes.flatMap((n) => n.params.map((decl) => ({ layer: n.spec.id, layerType: n.spec.type, decl })));
  const trained = decls.filter((d) => d.decl.trainable !== false);
  const ordered = [...trained.filter((d) => d.decl.decay), ...trained.filter((d) => !d.decl.decay), ...decls.filter((d) => d.decl.trainable === false)];
  const entries: ParamEntry[] = [];
  let offset = 0;
  let decayEnd = 0;
  let trainEnd = 0;
  for (const { layer, layerType, decl } of ordered) {
    const length = size(decl.shape);
    entries.push({ layer, layerType, name: decl.name, shape: [...decl.shape], offset, length, decl });
    offset = align4(offset + length);
    if (decl.decay && decl.trainable !== false) decayEnd = offset;
    if (decl.trainable !== false) trainEnd = offset;
  }
  return { entries, total: Math.max(4, offset), decayEnd, trainEnd };
}

export function paramOffsets(layout: ParamLayout, layer: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const e of layout.entries) if (e.layer === layer) out[e.name] = e.offset;
  return out;
}

/** Initial values for the whole flat vector; each tensor gets its own stream forked from the seed. */
export function initParams(layout: ParamLayout, seed: number): Float32Array {
  const out = new Float32Array(layout.total);
  const root = createRng(seed);
  for (const e of layout.entries) {
    const rng = root.fork(`${e.layer}.${e.name}`);
    fill(out.subarray(e.offset, e.offset + e.length), e.decl, rng);
  }
  return out;
}

function fill(dst: Float32Array, d: ParamDecl, rng: Rng): void {
  switch (d.init) {
    case 'zeros':
      dst.fill(0);
      return;
    case 'ones':
      dst.fill(1);
      return;
    case 'glorot_uniform': {
      const limit = Math.sqrt(6 / (d.fanIn + d.fanOut));
      for (let i = 0; i < dst.length; i++) dst[i] = rng.uniform(-limit, limit);
      return;
    }
    case 'he_normal': {
      // Keras: truncated normal (|x| <= 2 sigma) with stddev sqrt(2/fan_in) / 0.87962566103423978.
      const std = Math.sqrt(2 / d.fanIn) / 0.8796256610342398;
      for (let i = 0; i < dst.length; i++) {
        let v: number;
        do v = rng.normal(0, 1);
        while (Math.abs(v) > 2);
        dst[i] = v * std;
      }
      return;
    }
    case 'random_uniform':
      // Keras RandomUniform default range, the Embedding initializer.
      for (let i = 0; i < dst.length; i++) dst[i] = rng.uniform(-0.05, 0.05);
      return;
    case 'unit_forget_bias': {
      // LSTM bias [i, f, c, o] blocks of U: ones on the forget block.
      const U = dst.length / 4;
      dst.fill(0);
      dst.fill(1, U, 2 * U);
      return;
    }
    case 'orthogonal':
      orthogonal(dst, d.shape[0], dst.length / d.shape[0], rng);
      return;
  }
}

/**
 * Keras Orthogonal (gain 1): a normal matrix orthonormalised (modified Gram-Schmidt, sign fixed
 * so the diagonal of R is positive, as Keras's QR with sign correction), [rows, cols] row-major.
 */
function orthogonal(dst: Float32Array, rows: number, cols: number, rng: Rng): void {
  const tall = rows >= cols;
  const n = tall ? rows : cols; // length of each orthonormal vector
  const k = tall ? cols : rows; // how many of them
  const q = Array.from({ length: k }, () => Float64Array.from({ length: n }, () => rng.normal(0, 1)));
  for (let j = 0; j < k; j++) {
    for (let i = 0; i < j; i++) {
      let dot = 0;
      for (let t = 0; t < n; t++) dot += q[i][t] * q[j][t];
      for (let t = 0; t < n; t++) q[j][t] -= dot * q[i][t];
    }
    let norm = 0;
    for (let t = 0; t < n; t++) norm += q[j][t] * q[j][t];
    norm = Math.sqrt(norm) || 1;
    for (let t = 0; t < n; t++) q[j][t] /= norm;
  }
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dst[r * cols + c] = tall ? q[c][r] : q[r][c];
}
