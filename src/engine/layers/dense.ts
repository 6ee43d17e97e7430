/**
 * Dense: y = act(x · W + b), x [B, in], W [in, units] (Keras layout), b [units].
 * Forward is one dense_forward dispatch (bias + activation epilogue). Backward is
 * dense_backward_weight (dW and db together) plus dense_backward_input when x needs a gradient.
 * A softmax activation that the loss did not absorb runs as a separate softmax kernel. GELU (whose
 * derivative needs z, not y) keeps z in a scratch buffer: gelu_forward after the matmul,
 * gelu_backward (from z) before the weight and input gradients.
 */
import { ceilDiv, size, type LayerDef, type ParamDecl } from './layer';
import { actCode } from './activation-codes';
import { ACTIVATIONS, INITIALIZERS, type DenseLayer } from '../spec';
import { denseForwardRef } from '../reference/dense';
import { activationRef } from '../reference/activations';
import { geluRef } from '../reference/gelu';
import { splitGrid } from './embedding';

const TILE_SPAN = 32; // 8 invocations x 4 outputs per workgroup axis

/** vec4 kernels need whole vec4 rows in x, y and W. */
export const denseUsesVec4 = (K: number, N: number): boolean => K % 4 === 0 && N % 4 === 0;

export const dense: LayerDef<DenseLayer> = {
  type: 'Dense',
  arity: [1, 1],
  summary: 'Fully connected: every output sees every input',
  infer(layer, [x], err) {
    if (!Number.isInteger(layer.units) || layer.units < 1) {
      err('units', `units must be a positive whole number (got ${layer.units})`);
      return null;
    }
    if (layer.activation !== undefined && !ACTIVATIONS.includes(layer.activation)) err('activation', `unknown activation "${layer.activation}"`);
    if (layer.kernelInitializer !== undefined && !INITIALIZERS.includes(layer.kernelInitializer)) err('kernelInitializer', `unknown initializer "${layer.kernelInitializer}"`);
    if (x.dtype !== 'float32') {
      err('inputs', 'Dense needs float inputs; token ids need an Embedding first');
      return null;
    }
    if (x.shape.length < 1) {
      err('inputs', 'Dense needs an input with a feature axis');
      return null;
    }
    // Keras semantics: applied to the last axis, at every position of the others ([T, F] -> [T, units]).
    return { shape: [...x.shape.slice(0, -1), layer.units], dtype: 'float32' };
  },
  params(layer, [x]) {
    const fanIn = x.shape[x.shape.length - 1];
    const out: ParamDecl[] = [{ name: 'weight', shape: [fanIn, layer.units], init: layer.kernelInitializer ?? 'glorot_uniform', decay: true, fanIn, fanOut: layer.units }];
    if (layer.useBias !== false) out.push({ name: 'bias', shape: [layer.units], init: 'zeros', decay: false, fanIn, fanOut: layer.units });
    return out;
  },
  forward(e, n) {
    const { M, K, N, hasBias } = dims(e.batch, n);
    const softmax = n.activation === 'softmax';
    const gelu = n.activation === 'gelu';
    const y = softmax || gelu ? e.scratch(`${n.spec.id}:z`, M * N) : e.value(n.spec.id);
    const v4 = denseUsesVec4(K, N);
    e.dispatch(
      v4 ? 'dense_forward_vec4' : 'dense_forward',
      { M, K, N, ACT: softmax || gelu ? 0 : actCode(n.activation), HAS_BIAS: hasBias, W_OFF: n.paramOffsets.weight, B_OFF: n.paramOffsets.bias ?? 0 },
      [e.value(n.inputs[0].id), e.params, y],
      [ceilDiv(N, v4 ? 2 * TILE_SPAN : TILE_SPAN), ceilDiv(M, TILE_SPAN)],
    );
    if (softmax) e.dispatch('softmax_forward', { R: M, C: N }, [y, e.value(n.spec.id)], [ceilDiv(M, 64)]);
    if (gelu) e.dispatch('gelu_forward', { E: M * N }, [y, e.value(n.spec.id)], splitGrid(ceilDiv(M * N, 256)));
  },
  backward(e, n) {
    const { M, K, N, hasBias } = dims(e.batch, n);
    const softmax = n.activation === 'softmax';
    let dy = e.outputGrad(n.spec.id);
    const y = e.value(n.spec.id);
    let act = softmax || n.activation === 'gelu' ? 0 : actCode(n.activation);
    if (softmax) {
      const dz = e.scratch(`${n.spec.id}:dz`, M * N);
      e.dispatch('softmax_backward', { R: M, C: N, ACCUMULATE: false }, [dy, y, dz], [ceilDiv(M, 64)]);
      dy = dz;
      act = 0;
    } else if (n.activation === 'gelu') {
      const dz = e.scratch(`${n.spec.id}:dz`, M * N);
      e.dispatch('gelu_backward', { E: M * N, ACCUMULATE: false }, [dy, e.scratch(`${n.spec.id}:z`, M * N), dz], splitGrid(ceilDiv(M * N, 256)));
      dy = dz;
      act = 0;
    }
    const consts = { M, K, N, ACT: act, HAS_BIAS: hasBias, W_OFF: n.paramOffsets.weight, B_OFF: n.paramOffsets.bias ?? 0 };
    const v4 = denseUsesVec4(K, N);
    e.dispatch(v4 ? 'dense_backward_weight_vec4' : 'dense_backward_weight', consts, [e.value(n.inputs[0].id), dy, y, e.grads], [ceilDiv(N, TILE_SPAN), ceilDiv(K, TILE_SPAN)]);
    const dx = e.inputGrad(n, 0);
    if (dx) {
      const id = v4 ? 'dense_backward_input_vec4' : 'dense_backward_input';
      e.dispatch(id, { ...consts, ACCUMULATE: dx.accumulate }, [dy, y, e.params, dx.buffer], [ceilDiv(K, TILE_SPAN), ceilDiv(M, TILE_SPAN)]);
    }
  },
  reference(layer, n, [x], params, batch) {
    const shape = n.inputs[0].shape;
    const K = shape[shape.length - 1];
    const M = (batch * size(shape)) / K;
    const act = layer.activation ?? 'linear';
    const { z } = denseForwardRef(x, params.weight, params.bias ?? null, M, K, layer.units, 'linear');
    if (act === 'gelu') return geluRef(z);
    return activationRef(z, M, layer.units, act as never);
  },
};

function dims(batch: number, n: { inputs: { shape: number[] }[]; shape: number[]; spec: DenseLayer }) {
  const shape = n.inputs[0].shape;
  const K = shape[shape.length - 1];
  return { M: (batch * size(shape)) / K, K, N: n.shape[n.shape.length - 1], hasBias: n.spec.useBias !== false };
}
