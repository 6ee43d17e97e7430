/**
 * Parity with PyTorch (float64) on the same inputs and weights:
 *  - the fused attention kernels vs F.scaled_dot_product_attention (no mask, is_causal, a key
 *    padding mask, both), output and the gradients of q, k, v;
 *  - the MultiHeadAttention layer (real GPU forward and backward, test/helpers/layer-run.ts) vs
 *    nn.MultiheadAttention(batch_first=True) with its packed in_proj [3D, D] built from our
 *    query/key/value kernels: output, input gradient and every weight gradient.
 *  - LayerNormalization's kernels vs nn.LayerNorm (eps 1e-3 and 1e-5) and GELU vs F.gelu.
 * Everything within 1e-4 (max abs).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runPython } from '../helpers/python';
import { gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { splitGrid } from '../../src/kernels/grid';
import { runLayer } from '../helpers/layer-run';
import { runFusedAttention, type FusedAttentionResult } from '../helpers/attention-run';
import { maxAbsDiff } from './engine-case';
import { multiHeadAttention } from '../../src/engine/layers/attention';
import type { MultiHeadAttentionLayer } from '../../src/engine/spec';

const TOL = 1e-4;

interface SdpaCase {
  name: string;
  N: number;
  H: number;
  T: number;
  DK: number;
  causal: boolean;
  padded: boolean;
}

interface MhaCase {
  name: string;
  N: number;
  T: number;
  D: number;
  H: number;
  causal: boolean;
  padded: boolean;
  bias: boolean;
}

/** Sample n > 0 loses its last n*T/4 keys (key 0 always stays: no row is fully masked). */
function paddingIds(N: number, T: number): Int32Array {
  return Int32Array.from({ length: N * T }, (_, i) => {
    const n = Math.floor(i / T);
    const t = i % T;
    return t > 0 && t >= T - Math.floor((n * T) / 4) ? 0 : 1 + (i % 13);
  });
}

const SDPA: SdpaCase[] = [];
for (const [T, DK] of [[7, 8], [64, 16], [129, 64]] as const) {
  for (const [causal, padded] of [[false, false], [true, false], [false, true], [true, true]] as const) {
    SDPA.push({ name: `sdpa T=${T} dk=${DK}${causal ? ' causal' : ''}${padded ? ' key-padding' : ''}`, N: 3, H: 2, T, DK, causal, padded });
  }
}

const MHA: MhaCase[] = [
  { name: 'MHA D=16 H=2 (dk 8)', N: 2, T: 7, D: 16, H: 2, causal: false, padded: false, bias: true },
  { name: 'MHA D=64 H=4 (dk 16) causal', N: 2, T: 9, D: 64, H: 4, causal: true, padded: false, bias: true },
  { name: 'MHA D=32 H=4 (dk 8) key padding', N: 3, T: 8, D: 32, H: 4, causal: false, padded: true, bias: true },
  { name: 'MHA D=16 H=4 (dk 4) causal + padding, no bias', N: 4, T: 6, D: 16, H: 4, causal: true, padded: true, bias: false },
];

interface SdpaTorch {
  name: string;
  o: number[];
  dq: number[];
  dk: number[];
  dv: number[];
}

interface MhaTorch {
  name: string;
  y: number[];
  dx: number[];
  grads: Record<string, number[]>;
}

interface MhaEngine {
  x: Float32Array;
  dy: Float32Array;
  ids: Int32Array | null;
  params: Map<string, Float32Array>;
  y: Float32Array;
  dx: Float32Array;
  grads: Map<string, Float32Array>;
}

async function runMha(c: MhaCase, seed: number): Promise<MhaEngine> {
  const spec: MultiHeadAttentionLayer = { id: 'mha', type: 'MultiHeadAttention', numHeads: c.H, causal: c.causal, useBias: c.bias };
  const inType = { shape: [c.T, c.D], dtype: 'float32' as const };
  const decls = multiHeadAttention.params(spec, [inType]);
  const offsets: Record<string, number> = {};
  let P = 4;
  for (const d of decls) {
    offsets[d.name] = P;
    P = Math.ceil((P + d.shape.reduce((a, b) => a * b, 1)) / 4) * 4;
  }
  const flat = new Float32Array(P);
  const params = new Map<string, Float32Array>();
  decls.forEach((d, i) => {
    const v = seededArray(d.shape.reduce((a, b) => a * b, 1), seed * 31 + i, -0.4, 0.4);
    flat.set(v, offsets[d.name]);
    params.set(d.name, v);
  });
  const x = seededArray(c.N * c.T * c.D, seed * 31 + 17, -1.5, 1.5);
  const dy = seededArray(c.N * c.T * c.D, seed * 31 + 19);
  const ids = c.padded ? paddingIds(c.N, c.T) : null;
  const r = await runLayer({
    def: multiHeadAttention,
    view: { spec, inputs: [{ id: 'x', shape: inType.shape, dtype: 'float32' }], shape: [c.T, c.D], activation: null, paramOffsets: offsets, ...(ids ? { maskIds: 'ids' } : {}) },
    batch: c.N,
    values: { x, ...(ids ? { ids } : {}) },
    params: flat,
    dy,
  });
  const grads = new Map(decls.map((d) => [d.name as string, r.grads.slice(offsets[d.name], offsets[d.name] + d.shape.reduce((a, b) => a * b, 1))]));
  return { x, dy, ids, params, y: r.y, dx: r.dx, grads };
}

describe('attention vs PyTorch (float64), same inputs and weights', () => {
  const sdpaEngine = new Map<string, { q: Float32Array; k: Float32Array; v: Float32Array; dO: Float32Array; ids: Int32Array | null; out: FusedAttentionResult }>();
  const mhaEngine = new Map<string, MhaEngine>();
  const sdpaTorch = new Map<string, SdpaTorch>();
  const mhaTorch = new Map<string, MhaTorch>();

  beforeAll(async () => {
    for (const [i, c] of SDPA.entries()) {
      const len = c.N * c.T * c.H * c.DK;
      const q = seededArray(len, 500 + i, -2, 2);
      const k = seededArray(len, 600 + i, -2, 2);
      const v = seededArray(len, 700 + i);
      const dO = seededArray(len, 800 + i);
      const ids = c.padded ? paddingIds(c.N, c.T) : null;
      const out = await runFusedAttention({ N: c.N, H: c.H, TQ: c.T, TK: c.T, DK: c.DK }, q, k, v, ids, c.causal, dO);
      sdpaEngine.set(c.name, { q, k, v, dO, ids, out });
    }
    for (const [i, c] of MHA.entries()) mhaEngine.set(c.name, await runMha(c, 40 + i));
    const arr = (a: ArrayLike<number> | undefined) => (a ? Array.from(a) : undefined);
    const res = runPython<{ sdpa: SdpaTorch[]; mha: MhaTorch[] }>('test/parity/py/attention_torch.py', {
      sdpa: SDPA.map((c) => {
        const e = sdpaEngine.get(c.name)!;
        return { ...c, ids: e.ids ? Array.from(e.ids) : null, q: arr(e.q), k: arr(e.k), v: arr(e.v), do: arr(e.dO) };
      }),
      mha: MHA.map((c) => {
        const e = mhaEngine.get(c.name)!;
        const p = (n: string) => arr(e.params.get(n));
        return {
          ...c,
          ids: e.ids ? Array.from(e.ids) : null,
          x: arr(e.x),
          dy: arr(e.dy),
          wq: p('query_weight'),
          wk: p('key_weight'),
          wv: p('value_weight'),
          wo: p('output_weight'),
          bq: p('query_bias'),
          bk: p('key_bias'),
          bv: p('value_bias'),
          bo: p('output_bias'),
        };
      }),
    });
    for (const r of res.sdpa) sdpaTorch.set(r.name, r);
    for (const r of res.mha) mhaTorch.set(r.name, r);
  }, 300_000);

  for (const c of SDPA) {
    it(`fused kernels vs F.scaled_dot_product_attention: ${c.name}`, () => {
      const e = sdpaEngine.get(c.name)!.out;
      const t = sdpaTorch.get(c.name)!;
      expect(maxAbsDiff(e.o, t.o), 'o').toBeLessThan(TOL);
      expect(maxAbsDiff(e.dq, t.dq), 'dq').toBeLessThan(TOL);
      expect(maxAbsDiff(e.dk, t.dk), 'dk').toBeLessThan(TOL);
      expect(maxAbsDiff(e.dv, t.dv), 'dv').toBeLessThan(TOL);
      expect(Math.max(...t.dk.map(Math.abs))).toBeGreaterThan(1e-2);
      console.log(`${c.name}: max |diff| o ${maxAbsDiff(e.o, t.o).toExponential(1)}, dq ${maxAbsDiff(e.dq, t.dq).toExponential(1)}, dk ${maxAbsDiff(e.dk, t.dk).toExponential(1)}, dv ${maxAbsDiff(e.dv, t.dv).toExponential(1)}`);
    });
  }

  for (const eps of [1e-3, 1e-5]) {
    it(`LayerNormalization kernels vs nn.LayerNorm (eps ${eps}) and GELU vs F.gelu`, async () => {
      const { device, pipelines } = await gpu();
      const [R, C] = [37, 64];
      const x = seededArray(R * C, 3, -2, 2).map((v, i) => v * (1 + (i % 5)) + (i % C === 3 ? 4 : 0));
      const params = seededArray(2 * C, 4, 0.5, 1.5);
      const dy = seededArray(R * C, 5);
      const c = { R, C, EPS: eps, G_OFF: 0, B_OFF: C };
      const [, , y, stats] = await runKernelOnce(device, pipelines, 'layernorm_forward', c, [{ data: x }, { data: params }, { data: R * C }, { data: 2 * R }], splitGrid(Math.ceil(R / 64)));
      const [, , , , dx] = await runKernelOnce(device, pipelines, 'layernorm_backward_input', { ...c, ACCUMULATE: false }, [{ data: x }, { data: dy }, { data: params }, { data: stats }, { data: R * C }], splitGrid(Math.ceil(R / 64)));
      const [, , , grads] = await runKernelOnce(device, pipelines, 'layernorm_backward_params', c, [{ data: x }, { data: dy }, { data: stats }, { data: 2 * C }], [1]);
      const gx = seededArray(4000, 6, -8, 8);
      const gdy = seededArray(4000, 7);
      const [, gy] = await runKernelOnce(device, pipelines, 'gelu_forward', { E: 4000 }, [{ data: gx }, { data: 4000 }], [Math.ceil(4000 / 256)]);
      const [, , gdx] = await runKernelOnce(device, pipelines, 'gelu_backward', { E: 4000, ACCUMULATE: false }, [{ data: gdy }, { data: gx }, { data: 4000 }], [Math.ceil(4000 / 256)]);
      const res = runPython<{ layernorm: { y: number[]; dx: number[]; dgamma: number[]; dbeta: number[] }[]; gelu: { y: number[]; dx: number[] }[] }>('test/parity/py/attention_torch.py', {
        layernorm: [{ name: 'ln', R, C, eps, x: Array.from(x), gamma: Array.from(params.subarray(0, C)), beta: Array.from(params.subarray(C)), dy: Array.from(dy) }],
        gelu: [{ name: 'gelu', x: Array.from(gx), dy: Array.from(gdy) }],
      });
      const t = res.layernorm[0];
      const diffs = { y: maxAbsDiff(y, t.y), dx: maxAbsDiff(dx, t.dx), dgamma: maxAbsDiff(grads.subarray(0, C), t.dgamma), dbeta: maxAbsDiff(grads.subarray(C, 2 * C), t.dbeta), geluY: maxAbsDiff(gy, res.gelu[0].y), geluDx: maxAbsDiff(gdx, res.gelu[0].dx) };
      console.log(`LayerNorm eps ${eps} / GELU: max |diff| ${Object.entries(diffs).map(([k, v]) => `${k} ${v.toExponential(1)}`).join(', ')}`);
      for (const [k, v] of Object.entries(diffs)) expect(v, k).toBeLessThan(TOL);
    });
  }

  for (const c of MHA) {
    it(`MultiHeadAttention layer vs nn.MultiheadAttention: ${c.name}`, () => {
      const e = mhaEngine.get(c.name)!;
      const t = mhaTorch.get(c.name)!;
      expect(maxAbsDiff(e.y, t.y), 'y').toBeLessThan(TOL);
      expect(maxAbsDiff(e.dx, t.dx), 'dx').toBeLessThan(TOL);
      expect(Object.keys(t.grads).sort()).toEqual([...e.grads.keys()].sort());
      for (const [name, g] of e.grads) expect(maxAbsDiff(g, t.grads[name]), name).toBeLessThan(TOL);
      const worstGrad = Math.max(...[...e.grads].map(([name, g]) => maxAbsDiff(g, t.grads[name])));
      console.log(`${c.name}: max |diff| y ${maxAbsDiff(e.y, t.y).toExponential(1)}, dx ${maxAbsDiff(e.dx, t.dx).toExponential(1)}, weights ${worstGrad.toExponential(1)}`);
    });
  }
});
