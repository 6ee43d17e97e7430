/**
 * The engine side of the recurrent parity tests: one SimpleRNN / LSTM / GRU / Bidirectional layer
 * with seeded weights (engine layout, by engine param name), seeded input and upstream gradient,
 * run through the layer's real GPU forward and backward (test/helpers/layer-run.ts).
 */
import { seededArray } from '../helpers/gpu';
import { runLayer } from '../helpers/layer-run';
import { layerDef } from '../../src/engine/layers/registry';
import type { LayerDef } from '../../src/engine/layers/layer';
import type { BidirectionalLayer, RecurrentLayer } from '../../src/engine/spec';

export interface EngineCase {
  name: string;
  layer: RecurrentLayer | BidirectionalLayer;
  B: number;
  T: number;
  F: number;
  /** [B, T] token ids; id 0 = padded step (as fed by Embedding(maskZero)). */
  mask?: Int32Array;
}

export interface EngineResult {
  x: Float32Array;
  dy: Float32Array;
  /** Engine-layout weights by engine name. */
  params: Map<string, Float32Array>;
  y: Float32Array;
  dx: Float32Array;
  /** Engine-layout gradients by engine name. */
  grads: Map<string, Float32Array>;
  outShape: number[];
}

const align4 = (n: number) => Math.ceil(n / 4) * 4;
const size = (s: number[]) => s.reduce((a, b) => a * b, 1);

export async function runEngineCase(c: EngineCase, seed: number): Promise<EngineResult> {
  const def = layerDef(c.layer.type) as LayerDef<RecurrentLayer | BidirectionalLayer>;
  const inType = { shape: [c.T, c.F], dtype: 'float32' as const };
  const outType = def.infer(c.layer, [inType], (f, m) => {
    throw new Error(`${c.name}: ${f}: ${m}`);
  })!;
  const decls = def.params(c.layer, [inType]);
  const offsets: Record<string, number> = {};
  let P = 4; // a leading gap, as in a real layout
  for (const d of decls) {
    offsets[d.name] = P;
    P = align4(P + size(d.shape));
  }
  const flat = new Float32Array(P);
  const params = new Map<string, Float32Array>();
  decls.forEach((d, i) => {
    const v = seededArray(size(d.shape), seed * 31 + i, -0.5, 0.5);
    flat.set(v, offsets[d.name]);
    params.set(d.name, v);
  });
  const x = seededArray(c.B * c.T * c.F, seed * 31 + 17);
  const dy = seededArray(c.B * size(outType.shape), seed * 31 + 19);
  const r = await runLayer({
    def,
    view: { spec: c.layer, inputs: [{ id: 'x', shape: inType.shape, dtype: 'float32' }], shape: outType.shape, activation: null, paramOffsets: offsets, ...(c.mask ? { maskIds: 'ids' } : {}) },
    batch: c.B,
    values: { x, ...(c.mask ? { ids: c.mask } : {}) },
    params: flat,
    dy,
  });
  const grads = new Map(decls.map((d) => [d.name as string, r.grads.slice(offsets[d.name], offsets[d.name] + size(d.shape))]));
  return { x, dy, params, y: r.y, dx: r.dx, grads, outShape: outType.shape };
}

export { maxAbsDiff } from '../helpers/max-abs-diff';
