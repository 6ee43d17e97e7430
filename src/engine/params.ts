/**
 * The flat parameter vector: every weight of the model in one buffer (so the optimizer is one
 * dispatch), kernels first (the weight-decay region), then biases, each entry aligned to 4 floats.
 * Seeded initializers: glorot_uniform, he_normal (truncated, Keras scaling), zeros.
 */
import { createRng, type Rng } from '../data/rng';
import type { ModelGraph } from './graph';
import { size, type ParamDecl } from './layers/layer';

export interface ParamEntry {
  layer: string;
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
}

const align4 = (n: number) => Math.ceil(n / 4) * 4;

export function layoutParams(graph: ModelGraph): ParamLayout {
  const decls = graph.nodes.flatMap((n) => n.params.map((decl) => ({ layer: n.spec.id, decl })));
  const ordered = [...decls.filter((d) => d.decl.decay), ...decls.filter((d) => !d.decl.decay)];
  const entries: ParamEntry[] = [];
  let offset = 0;
  let decayEnd = 0;
  for (const { layer, decl } of ordered) {
    const length = size(decl.shape);
    entries.push({ layer, name: decl.name, shape: [...decl.shape], offset, length, decl });
    offset = align4(offset + length);
    if (decl.decay) decayEnd = offset;
  }
  return { entries, total: Math.max(4, offset), decayEnd };
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
  }
}
