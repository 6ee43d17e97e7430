/**
 * The attention bench compares equal work: the tfjs version it times (bench/tfjs-attention.ts,
 * tfjs ops on the cpu backend here) and our fused kernels (the same emit functions
 * bench/attention-case.ts times, via test/helpers/attention-run.ts) give the same O, dQ, dK and
 * dV for the same Q, K, V and upstream dO. Head size 16 as in the bench (the r4 kernels). No timing.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { runFusedAttention } from '../helpers/attention-run';
import { expectClose, seededArray } from '../helpers/gpu';
import { tfjsAttentionStep, toHeadsFirst, toTokensFirst } from '../../bench/tfjs-attention';

describe('attention bench: tfjs ops and our fused kernels compute the same thing', () => {
  for (const [N, H, T] of [
    [2, 4, 12],
    [1, 2, 64],
  ] as const) {
    it(`N ${N}, H ${H}, T ${T}, dk 16`, async () => {
      await tf.setBackend('cpu');
      const DK = 16;
      const len = N * T * H * DK;
      const [q, k, v, dO] = [1, 2, 3, 4].map((s) => seededArray(len, s));
      const ours = await runFusedAttention({ N, H, TQ: T, TK: T, DK }, q, k, v, null, false, dO);

      const step = tfjsAttentionStep(tf, DK);
      const heads = (x: Float32Array) => toHeadsFirst(tf, tf.tensor(x, [N, T, H * DK]), N, T, H, DK);
      const [tq, tk, tv, tdO] = [q, k, v, dO].map(heads);
      const out = step(tq, tk, tv, tdO);
      const back = (x: tf.Tensor) => toTokensFirst(tf, x, N, T, H, DK).dataSync() as Float32Array;
      expect(out.dq.shape).toEqual([N, H, T, DK]);
      expectClose(ours.o, back(out.o), 1e-3, 1e-5, 'O');
      expectClose(ours.dq, back(out.dq), 1e-3, 1e-5, 'dQ');
      expectClose(ours.dk, back(out.dk), 1e-3, 1e-5, 'dK');
      expectClose(ours.dv, back(out.dv), 1e-3, 1e-5, 'dV');
      tf.dispose([tq, tk, tv, tdO, out.o, out.dq, out.dk, out.dv]);
    });
  }
});
