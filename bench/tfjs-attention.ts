/**
 * The tfjs side of the attention cases (attention-t64/128/256): scaled dot-product attention
 * forward + backward written with TensorFlow.js ops, the way a tfjs user writes it:
 *
 *   O = softmax(matMul(Q, K, false, true) · 1/√dk) · V,   dQ, dK, dV = tf.valueAndGrads(...)(dO)
 *
 * on Q, K, V, dO [N, H, T, dk] (no mask). One step returns O, dQ, dK and dV, the same outputs as
 * our fused step in bench/attention-case.ts (which also stores the row log-sum-exp). The page
 * times it on tfjs-webgpu and tfjs-cpu; test/bench/attention-equivalence.test.ts checks that it
 * and our kernels compute the same dQ, dK, dV (so the bench compares equal work).
 * No imports at run time: the caller passes the tfjs module it loaded.
 */
import type * as TF from '@tensorflow/tfjs';

export interface TfjsAttentionOutputs {
  o: TF.Tensor;
  dq: TF.Tensor;
  dk: TF.Tensor;
  dv: TF.Tensor;
}

/** A step function: (q, k, v, dO) -> O and the gradients of sum(O ⊙ dO) w.r.t. q, k, v. */
export function tfjsAttentionStep(tf: typeof TF, headDim: number): (q: TF.Tensor, k: TF.Tensor, v: TF.Tensor, dO: TF.Tensor) => TfjsAttentionOutputs {
  const scale = 1 / Math.sqrt(headDim);
  const sdpa = (q: TF.Tensor, k: TF.Tensor, v: TF.Tensor): TF.Tensor => tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), scale)), v);
  const vg = tf.valueAndGrads(sdpa);
  return (q, k, v, dO) =>
    tf.tidy(() => {
      const { value, grads } = vg([q, k, v], dO);
      return { o: value, dq: grads[0], dk: grads[1], dv: grads[2] };
    });
}

/** [N, T, H*dk] (our projection layout) -> [N, H, T, dk]. */
export function toHeadsFirst(tf: typeof TF, x: TF.Tensor, N: number, T: number, H: number, dk: number): TF.Tensor {
  return tf.tidy(() => tf.transpose(tf.reshape(x, [N, T, H, dk]), [0, 2, 1, 3]));
}

/** [N, H, T, dk] -> [N, T, H*dk] (our projection layout). */
export function toTokensFirst(tf: typeof TF, x: TF.Tensor, N: number, T: number, H: number, dk: number): TF.Tensor {
  return tf.tidy(() => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [N, T, H * dk]));
}
