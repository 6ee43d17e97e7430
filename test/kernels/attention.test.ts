/**
 * attention.wgsl (fused flash-style forward, FlashAttention-2 backward) against the float64
 * reference, and against the composed GPU path (scores -> softmax -> context), for sequence
 * lengths 1, 7, 64, 129 and head sizes 8, 16, 64, without masks, causal, key padding and both.
 * The fused kernels run in one pass through the layer's own emit functions (helpers/attention-run):
 * head sizes up to 16 take the 4-row register-blocked *_r4 kernels, 64 the generic ones.
 */
import { describe, expect, it } from 'vitest';
import { expectClose, gpu, seededArray } from '../helpers/gpu';
import { runKernelOnce } from '../../src/gpu/run';
import { splitGrid } from '../../src/kernels/grid';
import { runFusedAttention } from '../helpers/attention-run';
import { dropoutKey, dropoutSalt } from '../../src/engine/reference/dropout';
import { attentionBackwardRef, attentionForwardRef, attentionScale, type AttentionDims, type AttentionMask } from '../../src/engine/reference/attention';

type MaskKind = 'none' | 'causal' | 'padding' | 'causal+padding';

/** Sample 0 all valid; sample 1 padded at the end (a third) and at one interior key; key 0 always valid. */
function keyIds(N: number, TK: number): Int32Array {
  const ids = new Int32Array(N * TK);
  for (let n = 0; n < N; n++) {
    for (let j = 0; j < TK; j++) {
      const padded = n % 2 === 1 && TK > 1 && (j >= TK - Math.ceil(TK / 3) || (j === 1 && TK > 3));
      ids[n * TK + j] = padded ? 0 : 1 + ((j * 7 + n) % 50);
    }
  }
  return ids;
}

const wg = (rows: number) => splitGrid(Math.ceil(rows / 64));

const runFused = runFusedAttention;

async function runComposed(d: AttentionDims, q: Float32Array, k: Float32Array, v: Float32Array, ids: Int32Array | null, causal: boolean) {
  const { device, pipelines } = await gpu();
  const { N, H, TQ, TK, DK } = d;
  const c = { N, H, TQ, TK, DK, SCALE: attentionScale(DK), CAUSAL: causal, KEY_MASK: ids !== null };
  const S = N * H * TQ * TK;
  const [, , , s] = await runKernelOnce(device, pipelines, 'attention_composed_scores', c, [{ data: q }, { data: k }, { data: ids ?? new Int32Array(4) }, { data: S }], wg(S));
  const [, p] = await runKernelOnce(device, pipelines, 'softmax_forward', { R: N * H * TQ, C: TK }, [{ data: s }, { data: S }], [Math.ceil((N * H * TQ) / 64)]);
  const [, , o] = await runKernelOnce(device, pipelines, 'attention_composed_context', c, [{ data: p }, { data: v }, { data: q.length }], wg(q.length / 4));
  return o;
}

function inputs(d: AttentionDims, seed: number) {
  const { N, H, TQ, TK, DK } = d;
  return {
    q: seededArray(N * TQ * H * DK, seed, -2, 2),
    k: seededArray(N * TK * H * DK, seed + 1, -2, 2),
    v: seededArray(N * TK * H * DK, seed + 2),
    dO: seededArray(N * TQ * H * DK, seed + 3),
  };
}

async function checkCase(d: AttentionDims, mask: MaskKind, composed: boolean) {
  const causal = mask === 'causal' || mask === 'causal+padding';
  const ids = mask === 'padding' || mask === 'causal+padding' ? keyIds(d.N, d.TK) : null;
  const m: AttentionMask = { causal, keyIds: ids };
  const { q, k, v, dO } = inputs(d, d.TQ * 31 + d.TK * 7 + d.DK);
  const ref = attentionForwardRef(d, q, k, v, m);
  const gpuOut = await runFused(d, q, k, v, ids, causal, dO);
  const long = Math.max(d.TQ, d.TK) >= 64 || d.DK >= 64;
  const rtol = long ? 1e-3 : 1e-4;
  expectClose(gpuOut.o, ref.o, rtol, 1e-5, 'o');
  expectClose(gpuOut.lse, ref.lse, 1e-4, 1e-5, 'lse');
  // Backward from the GPU's own O and LSE (as in training), against the reference from the same.
  const g = attentionBackwardRef(d, q, k, v, gpuOut.o, gpuOut.lse, dO, m);
  expectClose(gpuOut.dq, g.dq, rtol, 1e-5, 'dq');
  expectClose(gpuOut.dk, g.dk, rtol, 1e-5, 'dk');
  expectClose(gpuOut.dv, g.dv, rtol, 1e-5, 'dv');
  // ...and against the reference gradient of the exact float64 forward (a looser end-to-end bound).
  const g64 = attentionBackwardRef(d, q, k, v, ref.o, ref.lse, dO, m);
  expectClose(gpuOut.dq, g64.dq, 1e-3, 1e-4, 'dq (end to end)');
  if (composed) {
    const oc = await runComposed(d, q, k, v, ids, causal);
    expectClose(gpuOut.o, oc, rtol, 1e-5, 'fused vs composed o');
  }
  // The kernels did work: outputs and gradients are not all zero.
  expect(gpuOut.o.some((x) => x !== 0)).toBe(true);
  if (d.TK > 1) expect(gpuOut.dk.some((x) => x !== 0)).toBe(true);
}

describe('fused attention kernels vs float64 reference and the composed path', () => {
  for (const T of [1, 7, 64, 129]) {
    for (const DK of [8, 16, 64]) {
      for (const mask of ['none', 'causal', 'padding', 'causal+padding'] as MaskKind[]) {
        it(`T=${T} dk=${DK} mask=${mask}`, async () => {
          await checkCase({ N: 2, H: 2, TQ: T, TK: T, DK }, mask, true);
        });
      }
    }
  }

  it('cross-attention (TQ != TK) with key padding, and TQ > TK causal', async () => {
    await checkCase({ N: 3, H: 3, TQ: 7, TK: 65, DK: 16 }, 'padding', true);
    await checkCase({ N: 2, H: 1, TQ: 66, TK: 5, DK: 8 }, 'none', true);
    await checkCase({ N: 2, H: 2, TQ: 9, TK: 5, DK: 8 }, 'causal+padding', true);
    await checkCase({ N: 2, H: 2, TQ: 9, TK: 70, DK: 64 }, 'causal+padding', true); // generic kernels (dk > 16)
  });

  for (const [T, DK, mask] of [[7, 8, 'causal+padding'], [64, 16, 'none'], [129, 64, 'causal']] as const) {
    it(`dropout 0.25 on the attention weights: T=${T} dk=${DK} mask=${mask}`, async () => {
      const d: AttentionDims = { N: 2, H: 2, TQ: T, TK: T, DK };
      const causal = mask !== 'none';
      const ids = mask === 'causal+padding' ? keyIds(d.N, d.TK) : null;
      const m: AttentionMask = { causal, keyIds: ids };
      const { q, k, v, dO } = inputs(d, T + DK);
      const [seed, salt, rate] = [12345 + T, dropoutSalt('mha'), 0.25];
      const drop = { rate, key: dropoutKey(seed, salt) };
      const out = await runFused(d, q, k, v, ids, causal, dO, { rate, salt, seed });
      const ref = attentionForwardRef(d, q, k, v, m, drop);
      const rtol = T >= 64 ? 1e-3 : 1e-4;
      expectClose(out.o, ref.o, rtol, 1e-5, 'o');
      expectClose(out.lse, ref.lse, 1e-4, 1e-5, 'lse (undropped)');
      const g = attentionBackwardRef(d, q, k, v, out.o, out.lse, dO, m, drop);
      expectClose(out.dq, g.dq, rtol, 1e-5, 'dq');
      expectClose(out.dk, g.dk, rtol, 1e-5, 'dk');
      expectClose(out.dv, g.dv, rtol, 1e-5, 'dv');
      // The mask matters: without dropout the output is different; another seed gives another mask.
      const plain = attentionForwardRef(d, q, k, v, m).o;
      expect(Math.max(...Array.from(out.o, (x, i) => Math.abs(x - plain[i])))).toBeGreaterThan(1e-2);
      const other = await runFused(d, q, k, v, ids, causal, dO, { rate, salt, seed: seed + 1 });
      expect(Array.from(other.o)).not.toEqual(Array.from(out.o));
    });
  }

  it('a query that sees no key outputs zeros and passes no gradient', async () => {
    const d: AttentionDims = { N: 2, H: 1, TQ: 5, TK: 5, DK: 4 };
    const { q, k, v, dO } = inputs(d, 3);
    const ids = Int32Array.from([0, 0, 3, 4, 5, 1, 2, 3, 4, 5]); // sample 0: queries 0, 1 see nothing (causal)
    const out = await runFused(d, q, k, v, ids, true, dO);
    const m = { causal: true, keyIds: ids };
    const ref = attentionForwardRef(d, q, k, v, m);
    expectClose(out.o, ref.o, 1e-4, 1e-5, 'o');
    expect(Array.from(out.o.subarray(0, 8))).toEqual(new Array(8).fill(0));
    const g = attentionBackwardRef(d, q, k, v, out.o, out.lse, dO, m);
    expectClose(out.dq, g.dq, 1e-4, 1e-5, 'dq');
    expectClose(out.dk, g.dk, 1e-4, 1e-5, 'dk');
    expectClose(out.dv, g.dv, 1e-4, 1e-5, 'dv');
    expect(Array.from(out.dq.subarray(0, 8))).toEqual(new Array(8).fill(0));
  });
});
